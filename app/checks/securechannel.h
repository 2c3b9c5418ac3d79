#pragma once

#include "checkcontext.h"
#include "serviceoutcome.h"
#include "tlsinspector.h"

#include <QAbstractSocket>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslError>

#include <optional>

class QSslSocket;

// The connection under a check's exchange: an optional CONNECT tunnel through the profile's HTTP
// proxy (RFC 9110 9.3.6), then optional TLS, at once or later for STARTTLS. What the handshake showed
// is graded by TlsInspector and merged into the check's outcome. Owned by the check, which hands it the
// bytes read while the proxy answers and asks it first when the connection ends, fails or times out.
class SecureChannel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecureChannel)

public:
    // tunnel: through a proxy, CONNECT first (plain HTTP sends absolute-form requests instead).
    SecureChannel(bool tlsAtOnce, bool tunnel, const QList<QByteArray> &alpn, QObject *parent);
    ~SecureChannel() override;

    bool tlsAtOnce() const { return m_tlsAtOnce; }
    // Sets up the connected socket; ready() follows, at once when there is nothing to set up.
    void open(QSslSocket *socket, const CheckContext &ctx);
    bool inTunnel() const { return m_phase == Phase::Tunnel; }
    // The proxy's answer to CONNECT, consumed from buffer; an outcome when the proxy refuses.
    std::optional<ServiceOutcome> tunnelReply(QByteArray &buffer);
    void startTls();
    void close();

    // The channel's own account while it is still being set up; nothing once the exchange runs.
    std::optional<ServiceOutcome> closed() const;
    std::optional<ServiceOutcome> failed(QAbstractSocket::SocketError error, const QString &errorString) const;
    std::optional<ServiceOutcome> timedOut(int timeoutMs) const;
    // outcome with the facts and the grading of the TLS handshake, when there was one.
    ServiceOutcome graded(ServiceOutcome outcome) const;
    // A proxy answered 407 (RFC 9110 15.5.8): not a blocked path, but one this credential-free probe
    // cannot pass (service unchecked, a soft finding). challenge: the Proxy-Authenticate schemes.
    static ServiceOutcome proxyNeedsAuthentication(const QString &target, const QString &challenge);

Q_SIGNALS:
    void ready();    // the tunnel and TLS at once are up: the exchange begins
    void upgraded(); // the TLS asked for by startTls() is up

private:
    enum class Phase { Idle, Tunnel, Handshake, Open, Closed };

    void afterTunnel();
    void onEncrypted();
    QString endpoint() const;

    const bool m_tlsAtOnce;
    const bool m_tunnel;
    const QList<QByteArray> m_alpn;
    QPointer<QSslSocket> m_socket;
    CheckContext m_ctx;
    Phase m_phase = Phase::Idle;
    bool m_upgrade = false;
    QList<QSslError> m_sslErrors;
    QString m_caProblem;
    std::optional<TlsInspector::Report> m_report;
};
