#pragma once

#include "check.h"
#include "profile.h"
#include "runresults.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

class ProbeEngineThread;

// One run at a time, for the window and the headless command alike: owns the probe engine's
// thread, the run ids, the live results of the run and the batching that keeps a receiving event
// loop turning when hundreds of results arrive at once. Everything downstream (the results model,
// the headless writer) reads what this class emits; nothing else talks to the engine.
class RunController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunController)

public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    // A new run over every check of `planned` (its runnable ones are probed; the others keep their
    // planned state). Supersedes a run in progress. Emits resultsReset() at once.
    void start(const RunResults &planned, const ProfileOptions &options);
    // Probes again the given checks of the current results (re-run one link): they are reset to
    // "not tested" first, each keeping the address it tested. Returns false when none of them is runnable.
    bool rerun(const QList<int> &checkIds, const ProfileOptions &options);
    // Replaces the results without running anything (an opened or merged results file).
    void show(const RunResults &results);
    void cancel();

    bool isRunning() const { return m_running; }
    const RunResults &results() const { return m_results; }
    // Checks in flight: id -> when it started (for "waiting for host:port").
    const QHash<int, qint64> &inFlight() const { return m_inFlight; }
    int done() const { return m_done; }
    int total() const { return m_total; }
    // Now on the clock inFlight() is measured with, and the timeout of the run in progress.
    qint64 clockMs() const { return m_clock.elapsed(); }
    int timeoutMs() const { return m_timeoutMs; }
    // Milliseconds a delivery slice may take before the rest waits for the next event-loop turn.
    void setSliceMs(int ms) { m_sliceMs = ms; }
    // The engine's thread, for tests that assert thread affinity.
    ProbeEngineThread *engine() const { return m_engine.get(); }

Q_SIGNALS:
    // results() was replaced wholesale: a new plan, a re-run's reset checks, an opened file.
    void resultsReset();
    // Checks the run added at the end of results() (a name's further addresses, each a check of its
    // own; ids = their positions), before any of them is reported started or finished.
    void checksAdded(const QList<Check> &checks);
    void checksStarted(const QList<int> &checkIds);
    // Finished checks, in batches; results() already holds them.
    void checksFinished(const QList<Check> &checks);
    void progress(int done, int total);
    void finished(bool cancelled);

private:
    void launch(const QList<Check> &checks, const ProfileOptions &options);
    void scheduleDelivery();
    void deliver();

    std::unique_ptr<ProbeEngineThread> m_engine;
    RunResults m_results;
    int m_runId = 0;
    bool m_running = false;
    int m_done = 0;
    int m_total = 0;
    int m_sliceMs = 8;
    int m_timeoutMs = 0;
    QHash<int, qint64> m_inFlight;
    QElapsedTimer m_clock;
    QList<int> m_pendingStarted;
    QList<Check> m_pendingFinished;
    bool m_pendingProgress = false;
    bool m_pendingEnd = false;
    bool m_pendingCancelled = false;
    QTimer m_delivery;
};
