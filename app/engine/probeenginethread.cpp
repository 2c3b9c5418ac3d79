#include "probeenginethread.h"

#include "probeengine.h"

#include <QMetaObject>
#include <QThread>

ProbeEngineThread::ProbeEngineThread(QObject *parent)
    : QObject(parent)
    , m_thread(std::make_unique<QThread>())
    , m_engine(std::make_unique<ProbeEngine>())
{
    qRegisterMetaType<Check>("Check");
    qRegisterMetaType<QList<Check>>("QList<Check>");
    qRegisterMetaType<ProfileOptions>("ProfileOptions");

    m_thread->setObjectName(QStringLiteral("topocheck-probes"));
    m_engine->moveToThread(m_thread.get());

    // Context `this` (on the caller's thread): every connection below is queued.
    connect(m_engine.get(), &ProbeEngine::checksAdded, this, [this](int runId, const QList<Check> &checks) {
        if (runId == m_currentRunId)
            Q_EMIT checksAdded(runId, checks);
    });
    connect(m_engine.get(), &ProbeEngine::checkStarted, this, [this](int runId, int checkId) {
        if (runId == m_currentRunId)
            Q_EMIT checkStarted(runId, checkId);
    });
    connect(m_engine.get(), &ProbeEngine::checkFinished, this, [this](int runId, const Check &check) {
        if (runId == m_currentRunId)
            Q_EMIT checkFinished(runId, check);
    });
    connect(m_engine.get(), &ProbeEngine::progress, this, [this](int runId, int done, int total) {
        if (runId == m_currentRunId)
            Q_EMIT progress(runId, done, total);
    });
    connect(m_engine.get(), &ProbeEngine::runFinished, this, [this](int runId, bool cancelled) {
        if (runId != m_currentRunId)
            return;
        m_running = false;
        Q_EMIT runFinished(runId, cancelled);
    });
    m_thread->start();
}

ProbeEngineThread::~ProbeEngineThread()
{
    // The engine's sockets must go on the thread that made them, while its event loop still runs.
    ProbeEngine *engine = m_engine.get();
    QMetaObject::invokeMethod(engine, [engine] { engine->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_engine.reset();
}

int ProbeEngineThread::run(const QList<Check> &checks, const ProfileOptions &options, int firstNewId)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const int runId = ++m_currentRunId;
    m_running = true;
    ProbeEngine *engine = m_engine.get();
    QMetaObject::invokeMethod(
        engine, [engine, runId, checks, options, firstNewId] { engine->start(runId, checks, options, firstNewId); },
        Qt::QueuedConnection);
    return runId;
}

void ProbeEngineThread::cancel()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_running)
        return;
    const int runId = m_currentRunId;
    ProbeEngine *engine = m_engine.get();
    QMetaObject::invokeMethod(engine, [engine, runId] { engine->cancel(runId); }, Qt::QueuedConnection);
}
