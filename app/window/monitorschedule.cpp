#include "monitorschedule.h"

#include "monitorpanel.h"
#include "runcontroller.h"

#include <QDateTime>

MonitorSchedule::MonitorSchedule(MonitorPanel *panel, const RunController *session, QObject *parent)
    : QObject(parent)
    , m_panel(panel)
    , m_session(session)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // the countdown shows its seconds
    m_tick.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &MonitorSchedule::fire);
    connect(&m_tick, &QTimer::timeout, this, &MonitorSchedule::showCountdown);
    connect(m_panel, &MonitorPanel::monitoringChanged, this, [this](bool on) {
        if (!on)
            stop();
        else if (!m_session->isRunning())
            fire();
    });
    connect(m_session, &RunController::finished, this, &MonitorSchedule::onRunFinished);
}

MonitorSchedule::~MonitorSchedule() = default;

void MonitorSchedule::stop()
{
    const bool was = isWaiting();
    m_timer.stop();
    m_tick.stop();
    m_panel->showCountdown(-1);
    if (was)
        Q_EMIT waitingChanged(false);
}

void MonitorSchedule::wait()
{
    const bool was = isWaiting();
    m_timer.start(m_panel->intervalSeconds() * 1000);
    m_tick.start();
    showCountdown();
    if (!was)
        Q_EMIT waitingChanged(true);
}

void MonitorSchedule::fire()
{
    const bool was = isWaiting();
    m_timer.stop();
    m_tick.stop();
    if (was)
        Q_EMIT waitingChanged(false);
    if (!m_panel->isMonitoring() || m_session->isRunning())
        return;
    Q_EMIT due();
    if (m_session->isRunning())
        m_panel->showRunning();
    else if (m_panel->isMonitoring())
        wait(); // the window could not start (the form has an error): try again after the interval
}

void MonitorSchedule::showCountdown()
{
    const int ms = remainingMs();
    m_panel->showCountdown(ms < 0 ? -1 : (ms + 500) / 1000);
}

void MonitorSchedule::onRunFinished(bool cancelled)
{
    m_panel->recordRun(QDateTime::currentDateTime());
    if (m_panel->isMonitoring() && !cancelled)
        wait();
    else
        m_panel->showCountdown(-1);
}
