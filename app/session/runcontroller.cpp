#include "runcontroller.h"

#include "probeenginethread.h"

#include <QThread>

namespace {
// Checks per signal: small enough that one slice never runs long, large enough to spare signals.
constexpr int batchSize = 64;

Check resetToPlanned(Check c)
{
    c.state = CheckState::NotTested;
    c.service = ServiceStatus::Unchecked;
    c.reason.clear();
    c.detail.clear();
    c.advice.clear();
    // a check of one address of a name keeps it: the re-run tests that address again
    if (!c.via.isEmpty())
        c.address.clear();
    c.latencyMs = -1;
    c.softFinding = false;
    c.tls = {};
    c.decide();
    return c;
}
} // namespace

RunController::RunController(QObject *parent)
    : QObject(parent)
    , m_engine(std::make_unique<ProbeEngineThread>())
{
    m_clock.start();
    m_delivery.setSingleShot(true);
    m_delivery.setInterval(0);
    connect(&m_delivery, &QTimer::timeout, this, &RunController::deliver);
    connect(m_engine.get(), &ProbeEngineThread::checksAdded, this, [this](int runId, const QList<Check> &checks) {
        if (runId != m_runId)
            return;
        // numbered by the engine from the end of the results on (launch()), so they append in order
        QList<Check> added;
        for (const Check &c : checks) {
            if (c.id != m_results.checks.size())
                continue;
            m_results.checks << c;
            added << c;
        }
        // at once, not batched: the receivers need the rows before their results arrive
        if (!added.isEmpty())
            Q_EMIT checksAdded(added);
    });
    connect(m_engine.get(), &ProbeEngineThread::checkStarted, this, [this](int runId, int checkId) {
        if (runId != m_runId)
            return;
        m_inFlight.insert(checkId, m_clock.elapsed());
        m_pendingStarted << checkId;
        scheduleDelivery();
    });
    connect(m_engine.get(), &ProbeEngineThread::checkFinished, this, [this](int runId, const Check &check) {
        if (runId != m_runId)
            return;
        m_inFlight.remove(check.id);
        if (check.id >= 0 && check.id < m_results.checks.size())
            m_results.checks[check.id] = check;
        m_pendingFinished << check;
        scheduleDelivery();
    });
    connect(m_engine.get(), &ProbeEngineThread::progress, this, [this](int runId, int done, int total) {
        if (runId != m_runId)
            return;
        m_done = done;
        m_total = total;
        m_pendingProgress = true;
        scheduleDelivery();
    });
    connect(m_engine.get(), &ProbeEngineThread::runFinished, this, [this](int runId, bool cancelled) {
        if (runId != m_runId)
            return;
        m_pendingEnd = true;
        m_pendingCancelled = cancelled;
        scheduleDelivery();
    });
}

RunController::~RunController()
{
    if (m_running)
        m_engine->cancel();
}

void RunController::start(const RunResults &planned, const ProfileOptions &options)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_results = planned;
    // The plan numbers its checks by position; results are matched back by that id.
    for (int i = 0; i < m_results.checks.size(); ++i)
        m_results.checks[i].id = i;
    m_results.started = QDateTime::currentDateTimeUtc();
    m_results.finished = {};
    Q_EMIT resultsReset();
    launch(m_results.checks, options);
}

bool RunController::rerun(const QList<int> &checkIds, const ProfileOptions &options)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running)
        return false;
    QList<Check> checks;
    for (int id : checkIds) {
        if (id < 0 || id >= m_results.checks.size() || !m_results.checks.at(id).runnable)
            continue;
        m_results.checks[id] = resetToPlanned(m_results.checks.at(id));
        checks << m_results.checks.at(id);
    }
    if (checks.isEmpty())
        return false;
    Q_EMIT resultsReset();
    launch(checks, options);
    return true;
}

void RunController::show(const RunResults &results)
{
    cancel();
    ++m_runId; // whatever the cancelled run still sends is dropped
    m_running = false;
    m_inFlight.clear();
    m_pendingStarted.clear();
    m_pendingFinished.clear();
    m_pendingProgress = m_pendingEnd = false;
    m_results = results;
    m_done = m_total = 0;
    Q_EMIT resultsReset();
}

void RunController::cancel()
{
    if (m_running)
        m_engine->cancel();
}

void RunController::launch(const QList<Check> &checks, const ProfileOptions &options)
{
    QList<Check> runnable;
    for (const Check &c : checks) {
        if (c.runnable)
            runnable << c;
    }
    m_delivery.stop();
    m_timeoutMs = options.timeoutMs;
    m_inFlight.clear();
    m_pendingStarted.clear();
    m_pendingFinished.clear();
    m_pendingProgress = m_pendingEnd = false;
    m_done = 0;
    m_total = int(runnable.size());
    m_running = true;
    if (runnable.isEmpty()) {
        // nothing to probe from this vantage: the run ends at once, through the same path
        ++m_runId;
        m_pendingEnd = true;
        m_pendingCancelled = false;
        scheduleDelivery();
        return;
    }
    m_runId = m_engine->run(runnable, options, int(m_results.checks.size()));
}

void RunController::scheduleDelivery()
{
    if (!m_delivery.isActive())
        m_delivery.start();
}

void RunController::deliver()
{
    QElapsedTimer slice;
    slice.start();
    if (!m_pendingStarted.isEmpty()) {
        const QList<int> started = std::exchange(m_pendingStarted, {});
        Q_EMIT checksStarted(started);
    }
    qsizetype sent = 0;
    // at least one batch a turn, then more while the slice lasts
    while (sent < m_pendingFinished.size() && (sent == 0 || slice.elapsed() < m_sliceMs)) {
        const qsizetype n = qMin<qsizetype>(batchSize, m_pendingFinished.size() - sent);
        Q_EMIT checksFinished(m_pendingFinished.mid(sent, n));
        sent += n;
    }
    m_pendingFinished.remove(0, sent);
    if (m_pendingProgress) {
        m_pendingProgress = false;
        Q_EMIT progress(m_done, m_total);
    }
    if (!m_pendingFinished.isEmpty() || !m_pendingStarted.isEmpty()) {
        scheduleDelivery();
        return;
    }
    if (m_pendingEnd) {
        m_pendingEnd = false;
        m_running = false;
        m_inFlight.clear();
        m_results.finished = QDateTime::currentDateTimeUtc();
        Q_EMIT finished(m_pendingCancelled);
    }
}
