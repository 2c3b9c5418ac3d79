#include "listener.h"

#include "listenerworker.h"

#include <QThread>

#include <algorithm>
#include <chrono>

Listener::Listener(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ListenPort>();
    qRegisterMetaType<QList<ListenPort>>();
}

Listener::~Listener()
{
    ++m_generation;
    if (m_thread) {
        QMetaObject::invokeMethod(m_worker, &ListenerWorker::closeAll, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
    }
}

void Listener::start(const ListenPlan &plan, int durationS)
{
    stop();
    const quint64 generation = ++m_generation;
    m_ports = plan.ports;
    m_running = true;
    m_deadline =
        durationS > 0 ? QDeadlineTimer(std::chrono::seconds(durationS)) : QDeadlineTimer(QDeadlineTimer::Forever);

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("topocheck-listener"));
    m_worker = new ListenerWorker(plan, durationS);
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ListenerWorker::bound, this, [this, generation](const QList<ListenPort> &ports) {
        if (generation == m_generation)
            onBound(ports);
    });
    connect(m_worker, &ListenerWorker::counts, this, [this, generation](const QList<ListenPort> &ports) {
        if (generation == m_generation)
            onCounts(ports);
    });
    connect(m_worker, &ListenerWorker::expired, this, [this, generation](const QString &why) {
        if (generation == m_generation)
            stopWith(why);
    });
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &ListenerWorker::bindAll, Qt::QueuedConnection);
}

void Listener::stop()
{
    stopWith(tr("stopped"));
}

qint64 Listener::remainingMs() const
{
    if (!m_running || m_deadline.isForever())
        return -1;
    return m_deadline.remainingTime();
}

void Listener::onBound(const QList<ListenPort> &ports)
{
    m_ports = ports;
    Q_EMIT started(m_ports);
    if (std::none_of(m_ports.cbegin(), m_ports.cend(), [](const ListenPort &p) { return p.held; }))
        stopWith(tr("no port could be held"));
}

void Listener::onCounts(const QList<ListenPort> &ports)
{
    m_ports = ports;
    Q_EMIT portsChanged(m_ports);
}

void Listener::stopWith(const QString &why)
{
    if (!m_thread)
        return;
    ++m_generation;
    // Blocking: when this returns, no socket of the listener is bound any more.
    QMetaObject::invokeMethod(m_worker, &ListenerWorker::closeAll, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
    m_worker = nullptr;
    const bool wasRunning = m_running;
    m_running = false;
    if (wasRunning)
        Q_EMIT stopped(why);
}
