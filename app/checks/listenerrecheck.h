#pragma once

#include "checkcontext.h"
#include "serviceoutcome.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

class QTcpSocket;

// A TLS client cannot see the bytes that broke its handshake: from startClientEncryption() on, QSslSocket
// hands everything it reads to the TLS backend, and a failed handshake reports only the backend's error
// (OpenSSL: "wrong version number" for a Topocheck listener's banner). So when a TLS-first handshake fails
// and the peer sent no TLS alert (an alert means it speaks TLS), the check opens one more, plain
// connection to the same address and port and reads what the destination says first: a listener sends
// its banner at once. This costs nothing when TLS works, reads at most ListenerBanner::MaxBytes, and waits
// waitMs() (about two round trips, from the first connect's measured time) within the probe's deadline.
class ListenerRecheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerRecheck)

public:
    ListenerRecheck(const CheckContext &ctx, QObject *parent);
    ~ListenerRecheck() override;

    void start();
    // The time to allow for a connect and the banner that follows it.
    static int waitMs(const CheckContext &ctx);

Q_SIGNALS:
    void recognised(const ServiceOutcome &outcome);
    void notListener(); // no banner: the TLS failure stands

private:
    void readAvailable();
    void conclude(const ServiceOutcome *outcome);

    CheckContext m_ctx;
    QPointer<QTcpSocket> m_socket;
    QByteArray m_bytes;
    bool m_done = false;
};
