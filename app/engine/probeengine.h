#pragma once

#include "check.h"
#include "profile.h"

#include <QHash>
#include <QHostInfo>
#include <QList>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <deque>

class Probe;

// Runs a plan's checks asynchronously on the thread it lives on (see ProbeEngineThread): name
// resolution once per name, at most options.concurrency probes in flight, each bounded by
// options.timeoutMs for the connect and again for the protocol exchange. Checks that are not
// runnable are already decided and are not reported again.
class ProbeEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeEngine)

public:
    explicit ProbeEngine(QObject *parent = nullptr);
    ~ProbeEngine() override;

    bool isRunning() const { return m_running; }
    int currentRunId() const { return m_runId; }

public Q_SLOTS:
    // Supersedes a run in progress (which ends with runFinished(old, true)).
    void start(int runId, const QList<Check> &checks, const ProfileOptions &options);
    // Stops every probe at once; checks already finished stay reported.
    void cancel(int runId);
    void shutdown();

Q_SIGNALS:
    void checkStarted(int runId, int checkId);
    void checkFinished(int runId, const Check &check);
    void progress(int runId, int done, int total);
    void runFinished(int runId, bool cancelled);

private:
    QString targetName(const Check &check) const;
    void onResolved(const QHostInfo &info);
    void resolvedName(const QString &name, const QHostInfo &info);
    void pump();
    void launch(int index);
    void report(const Check &check);
    void onProbeFinished(Probe *probe);
    void stopAll();

    int m_runId = 0;
    bool m_running = false;
    ProfileOptions m_options;
    QUrl m_proxy;
    QList<Check> m_checks;                   // this run's runnable checks
    QHash<QString, QList<int>> m_waiting;    // name -> indexes into m_checks waiting for it
    QHash<int, int> m_pendingNames;          // index -> names it still waits for
    QHash<QString, QList<QHostAddress>> m_addresses;
    QHash<int, QString> m_lookups;           // QHostInfo lookup id -> name
    std::deque<int> m_ready;
    QSet<Probe *> m_inFlight;
    int m_done = 0;
};
