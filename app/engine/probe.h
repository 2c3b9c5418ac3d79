#pragma once

#include "check.h"
#include "checkcontext.h"
#include "protocolcheck.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

class QSocketNotifier;
class QUdpSocket;

// One check in flight on the engine's thread: the transport step (TCP connect or a UDP exchange on
// a connected socket), then the protocol check. Emits finished() exactly once, unless destroyed first.
// The probe's timer is the only clock of a check: it bounds the connect and then the exchange, and at
// the exchange's deadline it records the protocol check's own account of what was missing.
class Probe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Probe)

public:
    // addresses: where to connect, in order (the next one is tried when one refuses or is unreachable).
    // The engine gives a direct check the one address it tests, a proxied one the proxy's addresses.
    Probe(const Check &check, const CheckContext &context, const QList<QHostAddress> &addresses,
          QObject *parent = nullptr);
    ~Probe() override;

    void start();
    const Check &check() const { return m_check; }

Q_SIGNALS:
    void finished(Probe *probe);

private:
    enum class Phase { Idle, Connecting, Exchanging, Done };

    bool refuseUnusableZone(const QHostAddress &address);
    void connectTcp();
    void onWritable();
    void onTcpConnected();
    void onConnectFailed(const QString &failure);
    void closeDescriptor();
    void startUdp();
    void onUdpReadyRead();
    void onUdpError(QAbstractSocket::SocketError error);
    void onTimeout();
    void armExchangeTimer();
    void onServiceFinished(const ServiceOutcome &outcome);
    void finish(CheckState state, const QString &reason, const QString &detail = {});

    Check m_check;
    CheckContext m_context;
    QList<QHostAddress> m_addresses;
    int m_addressIndex = 0;
    Phase m_phase = Phase::Idle;
    std::unique_ptr<ProtocolCheck> m_protocol;
    qintptr m_descriptor = -1; // the connecting socket, ours until a QTcpSocket takes it
    QSocketNotifier *m_notifier = nullptr;
    QUdpSocket *m_udp = nullptr;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QElapsedTimer m_exchangeClock;
    bool m_nudgePending = false; // the timer is set for the check's nudge, the deadline comes after
};
