#pragma once

#include "listenplan.h"

#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QThread;
class ListenerWorker;

// `topocheck --listen`: holds every port of a ListenPlan open so that checks from other machines prove
// each firewall path end to end. On every accepted TCP connection it sends a ListenerBanner at once,
// then reads and discards what the client sends (at most a few KiB, for a few seconds) and closes;
// every UDP datagram gets the banner as its answer, rate-limited per source so that the listener cannot
// be used to reflect traffic at someone else. It never takes a port in use: such a port is reported with
// the process that holds it and the rest go on.
//
// The sockets live on one worker thread the Listener owns; this object stays in the caller's thread and
// learns what happens through queued signals, so a window holding hundreds of ports stays responsive.
class Listener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    static constexpr int defaultDurationS = 1800;

    explicit Listener(QObject *parent = nullptr);
    ~Listener() override;

    // Binds asynchronously: started() follows with what is held. A running listener is stopped first.
    // durationS <= 0: until stop().
    void start(const ListenPlan &plan, int durationS);
    // Closes every socket before it returns; emits stopped() when it was running.
    void stop();
    bool isRunning() const { return m_running; }

    QList<ListenPort> ports() const { return m_ports; } // held or not, with connection counts
    qint64 remainingMs() const;                         // -1 without a duration or when not running

Q_SIGNALS:
    void started(const QList<ListenPort> &ports);
    void portsChanged(const QList<ListenPort> &ports); // throttled: at most ~4 a second
    void stopped(const QString &why);

private:
    void onBound(const QList<ListenPort> &ports);
    void onCounts(const QList<ListenPort> &ports);
    void stopWith(const QString &why);

    std::unique_ptr<QThread> m_thread;
    ListenerWorker *m_worker = nullptr; // lives on m_thread; deleted when the thread finishes
    QList<ListenPort> m_ports;
    QDeadlineTimer m_deadline;
    bool m_running = false;
    quint64 m_generation = 0; // signals of an earlier start are dropped
};
