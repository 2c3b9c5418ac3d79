#pragma once

#include "listenplan.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>

#include <utility>

class QTcpSocket;
class QTimer;
class QUdpSocket;

// The Listener's sockets (listener.h says what they do); lives on the Listener's thread, which is the
// only one that calls it. Private to app/listen.
class ListenerWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerWorker)

public:
    ListenerWorker(const ListenPlan &plan, int durationS)
        : m_plan(plan)
        , m_durationS(durationS)
    {}

    void bindAll();
    void closeAll();

Q_SIGNALS:
    void bound(const QList<ListenPort> &ports);
    void counts(const QList<ListenPort> &ports);
    void expired(const QString &why);

private:
    void bindTcp(int index, const QHostAddress &address);
    void bindUdp(int index, const QHostAddress &address);
    void accept(QTcpSocket *socket, int index);
    void answer(QUdpSocket *socket, int index);
    bool udpAllowed(const QHostAddress &source, quint16 localPort);
    void noteProblem(int index, const QHostAddress &address, const QString &problem);
    void countChanged();

    ListenPlan m_plan;
    int m_durationS = 0;
    QList<QByteArray> m_banners; // per port of the plan
    QList<QObject *> m_sockets;  // servers and UDP sockets; accepted connections are their children
    QTimer *m_countsTimer = nullptr;
    QTimer *m_durationTimer = nullptr;
    bool m_countsDirty = false;
    QList<QTcpSocket *> m_openSockets; // accepted and in their read window, oldest first

    struct SourceWindow
    {
        qint64 startMs = 0;
        int answers = 0;
    };
    QElapsedTimer m_clock;
    QHash<std::pair<QHostAddress, quint16>, SourceWindow> m_sources; // (source, our port)
    SourceWindow m_allSources;
};
