#pragma once

#include "check.h"
#include "profile.h"

#include <QList>
#include <QObject>

#include <memory>

class ProbeEngine;
class QThread;

// The application's handle on the probe engine: owns the worker thread ("topocheck-probes") and the
// engine living there. Called from the GUI (or headless) thread; never blocks it. Results come back
// by queued signals; those of a cancelled or superseded run are dropped here.
class ProbeEngineThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeEngineThread)

public:
    explicit ProbeEngineThread(QObject *parent = nullptr);
    ~ProbeEngineThread() override;

    // Starts a run (superseding the one in progress) and returns its id. The checks the run adds (the
    // further addresses of a name, see ProbeEngine) are numbered from firstNewId on (-1: after the
    // highest id of `checks`).
    int run(const QList<Check> &checks, const ProfileOptions &options, int firstNewId = -1);
    // Stops the current run: runFinished(id, true) follows, with what completed already reported.
    void cancel();

    int currentRunId() const { return m_currentRunId; }
    bool isRunning() const { return m_running; }
    QThread *workerThread() const { return m_thread.get(); }

Q_SIGNALS:
    void checksAdded(int runId, const QList<Check> &checks);
    void checkStarted(int runId, int checkId);
    void checkFinished(int runId, const Check &check);
    void progress(int runId, int done, int total);
    void runFinished(int runId, bool cancelled);

private:
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<ProbeEngine> m_engine;
    int m_currentRunId = 0;
    bool m_running = false;
};
