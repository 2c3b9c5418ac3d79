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
// A direct check is tested at every address its name resolves to, each address as a check of its
// own (CONTRACT.md: one check per flow, host, address and port): the planned check takes the first
// address, and each further one becomes a new check, announced by checksAdded() before it starts.
// A check that already names its address (a re-run of one address of a name) tests that address.
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
    // Supersedes a run in progress (which ends with runFinished(old, true)). Checks added to the run
    // are numbered from firstNewId on (-1: after the highest id of `checks`).
    void start(int runId, const QList<Check> &checks, const ProfileOptions &options, int firstNewId = -1);
    // Stops every probe at once; checks already finished stay reported.
    void cancel(int runId);
    void shutdown();

Q_SIGNALS:
    // The further addresses of names of the run, as new checks (runnable, not tested yet, `address`
    // set); they count in progress() from now on.
    void checksAdded(int runId, const QList<Check> &checks);
    void checkStarted(int runId, int checkId);
    void checkFinished(int runId, const Check &check);
    void progress(int runId, int done, int total);
    void runFinished(int runId, bool cancelled);

private:
    QString targetName(const Check &check) const;
    // What the probe of the check connects to: the address a check names already, else its target's name.
    QString connectName(const Check &check) const;
    void onResolved(const QHostInfo &info);
    void resolvedName(const QString &name, const QHostInfo &info);
    void makeReady(int index, QList<Check> *added);
    void pump();
    void launch(int index);
    void report(const Check &check);
    void onProbeFinished(Probe *probe);
    void stopAll();

    int m_runId = 0;
    bool m_running = false;
    ProfileOptions m_options;
    QUrl m_proxy;
    QList<Check> m_checks;                   // this run's runnable checks, then the ones added
    QHash<int, QList<QHostAddress>> m_targets; // index -> where its probe connects, in order
    int m_nextId = 0;
    QHash<QString, QList<int>> m_waiting;    // name -> indexes into m_checks waiting for it
    QHash<int, int> m_pendingNames;          // index -> names it still waits for
    QHash<QString, QList<QHostAddress>> m_addresses;
    QHash<int, QString> m_lookups;           // QHostInfo lookup id -> name
    std::deque<int> m_ready;
    QSet<Probe *> m_inFlight;
    int m_done = 0;
};
