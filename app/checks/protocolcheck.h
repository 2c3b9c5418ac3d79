#pragma once

#include "checkcontext.h"
#include "serviceoutcome.h"

#include <QByteArray>
#include <QObject>

#include <memory>

class QAbstractSocket;
class QTcpSocket;

// The application step after the transport connected: a real, read-only, credential-free exchange
// that proves (or disproves) the expected service. One instance per check, on the engine's thread.
//
// TCP: the engine asks createSocket() for the socket to connect (a QSslSocket for TLS protocols),
// connects it to ctx.address:ctx.port (or to the proxy when ctx.via == "proxy"), measures the
// connect, then calls start(). The check then owns the exchange and emits finished() exactly once.
// The engine enforces ctx.timeoutMs after start(): on expiry it calls abort() and records a timeout.
//
// UDP: the engine sends udpRequest() on a connected QUdpSocket; a reply goes to udpReply().
class ProtocolCheck : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProtocolCheck)

public:
    explicit ProtocolCheck(QObject *parent = nullptr)
        : QObject(parent)
    {
    }
    ~ProtocolCheck() override = default;

    // The socket the engine connects; default: a plain QTcpSocket parented to this check.
    virtual QTcpSocket *createSocket();
    virtual void start(QTcpSocket *socket, const CheckContext &ctx) = 0;
    // Stop at once without emitting finished(); the engine has recorded why.
    virtual void abort() {}

    virtual QByteArray udpRequest(const CheckContext &ctx) const;
    virtual ServiceOutcome udpReply(const QByteArray &datagram, const CheckContext &ctx) const;

    // A check for the protocol name of a template flow; nullptr for "tcp" (nothing after connect).
    static std::unique_ptr<ProtocolCheck> create(const QString &protocol);

Q_SIGNALS:
    void finished(const ServiceOutcome &outcome);
};
