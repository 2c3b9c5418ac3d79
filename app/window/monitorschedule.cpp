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
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_panel->isMonitoring() && !m_session->isRunning())
            Q_EMIT due();
    });
    connect(m_panel, &MonitorPanel::monitoringChanged, this, [this](bool on) {
        if (!on)
            m_timer.stop();
        else if (!m_session->isRunning())
            Q_EMIT due();
    });
    connect(m_session, &RunController::finished, this, &MonitorSchedule::onRunFinished);
}

MonitorSchedule::~MonitorSchedule() = default;

void MonitorSchedule::onRunFinished(bool cancelled)
{
    m_panel->recordRun(QDateTime::currentDateTime());
    if (m_panel->isMonitoring() && !cancelled)
        m_timer.start(m_panel->intervalSeconds() * 1000);
}
