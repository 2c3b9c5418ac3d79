#pragma once

#include "protocolcheck.h"
#include "tlsinspector.h"

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QSslError>
#include <QTimer>

class QSslSocket;

// The shared path of the text and HTTP family of checks over the engine's TCP socket: an optional
// CONNECT tunnel through the profile's HTTP proxy (RFC 9110 9.3.6), optional TLS (at once, or later
// for STARTTLS), then the protocol's own exchange, bounded in bytes and time. The TLS facts are
// merged into the outcome by the rules of TlsInspector.
class StreamCheck : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamCheck)

public:
    explicit StreamCheck(bool tls, QObject *parent = nullptr);
    ~StreamCheck() override;

    QTcpSocket *createSocket() override;
    void start(QTcpSocket *socket, const CheckContext &ctx) final;
    void abort() override;

protected:
    // The connection (tunnel, TLS) is ready: send the first request.
    virtual void begin() = 0;
    // New bytes arrived; buffer() holds everything unconsumed.
    virtual void received() = 0;
    // The peer closed before the check finished.
    virtual void closedByPeer();
    // The time budget ran out before the check finished.
    virtual void timedOut();
    // "LDAP", "HTTP", ... for generic messages.
    virtual QString serviceLabel() const = 0;
    // Plain HTTP through a proxy sends absolute-form requests instead of a CONNECT tunnel.
    virtual bool tunnelsThroughProxy() const { return true; }
    virtual QList<QByteArray> alpn() const { return {QByteArrayLiteral("http/1.1")}; }

    void startTls(); // STARTTLS: encryption on the open connection; begin() is not called again
    virtual void tlsReady() {}

    void send(const QByteArray &bytes);
    QByteArray &buffer() { return m_buffer; }
    void finish(ServiceOutcome outcome);
    bool isFinished() const { return m_finished; }
    const CheckContext &context() const { return m_ctx; }
    bool viaProxy() const;
    bool usesTls() const { return m_tls; }
    QString endpoint() const; // "host:port" for messages
    // The bytes received are not the protocol: finish with "an HTTP server answered on port 389, not
    // LDAP" when they come from a web server, else with otherwise.
    void finishForeign(const ServiceOutcome &otherwise);
    // The first bytes received, in hex, for a detail that says what came instead of the protocol.
    QString firstBytesHex() const;

    static constexpr int MaxBuffered = 256 * 1024;

private:
    enum class Phase { Idle, Tunnel, Handshake, Exchange, Done };

    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onEncrypted();
    void afterTunnel();
    void detach();
    // The "an HTTP server answered" outcome when the bytes come from a web server, else an empty one.
    ServiceOutcome foreignAnswer(const QByteArray &bytes) const;

    bool m_tls;
    QSslSocket *m_socket = nullptr;
    CheckContext m_ctx;
    QByteArray m_buffer;
    Phase m_phase = Phase::Idle;
    bool m_finished = false;
    bool m_startTlsLater = false;
    QList<QSslError> m_sslErrors;
    QString m_caProblem;
    bool m_haveTls = false;
    TlsInspector::Report m_tlsReport;
    QTimer m_deadline;
};
