#pragma once

#include "protocolcheck.h"
#include "tdswire.h"
#include "tlsinspector.h"

#include <QList>
#include <QPointer>
#include <QSslError>

#include <optional>

class QSslSocket;
class QTcpServer;

// [MS-TDS] 2.2.6.5 PRELOGIN in a 2.2.3.1 packet: the server's version and encryption choice, before any
// login (no credentials). Unless the server cannot encrypt, the TLS handshake follows inside PRELOGIN
// packets (2.2.6.5, 3.2.5.2) and its certificate is graded as for HTTPS: the Control Room's JDBC driver
// validates it, and even ENCRYPT_OFF encrypts the login. A server that closes the clear PRELOGIN or
// answers it with a TLS alert gets a second connection, TLS first with ALPN "tds/8.0" and the PRELOGIN
// inside TLS (TDS 8.0 strict encryption, 3.3.5.1). The check stops after the handshake: no LOGIN7.
//
// How TLS runs inside PRELOGIN packets: QSslSocket encrypts only a socket it connects itself, and Qt 6.4
// has no public memory-BIO or custom-transport API for it. So the check relays through loopback, all on
// the engine's thread: a QTcpServer on 127.0.0.1 (else ::1), port chosen by the system, accepts exactly
// one connection and closes; that connection must come from the check's own QSslSocket (its port is
// compared). What the QSslSocket writes (its TLS records) leaves on the real connection wrapped in
// PRELOGIN packets; the data of the server's packets is written back to it. The real connection's byte
// budget and the engine's deadline bound the whole exchange; nothing but the real connection leaves the
// machine, and no OpenSSL call is made outside Qt (any Qt TLS backend works, schannel included).
class TdsCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TdsCheck)

public:
    explicit TdsCheck(QObject *parent = nullptr);
    ~TdsCheck() override;

    void abort() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer) override;
    ServiceOutcome unanswered(const QByteArray &buffer) const override;

private:
    enum class Phase { Prelogin, Handshake, Strict };
    enum class Refusal { Closed, TlsAlert }; // how the clear PRELOGIN was turned down (strict encryption)

    std::optional<ServiceOutcome> prelogin(QByteArrayView packet, const QByteArray &buffer);
    QString serverText(const TdsPreloginReply &reply, bool withEncryption) const;
    QSslSocket *newTlsSocket(const QList<QByteArray> &alpn);
    ServiceOutcome withTls(ServiceOutcome outcome) const;
    void conclude(const ServiceOutcome &outcome);
    void dropTls();

    // TLS inside PRELOGIN packets, through the loopback relay
    std::optional<ServiceOutcome> startHandshake();
    std::optional<ServiceOutcome> handshakeData(QByteArray &buffer);
    void relayAccepted();
    bool relayIsOurs() const;
    void relayToServer();
    void handshakeDone();
    void handshakeFailed();

    // TDS 8.0: TLS first on a second connection, then PRELOGIN inside it
    void startStrict(Refusal refusal);
    void strictEncrypted();
    void strictRead();
    void strictEnded();

    Phase m_phase = Phase::Prelogin;
    Refusal m_refusal = Refusal::Closed;
    QString m_server; // what the clear PRELOGIN answer said, for the detail line
    QPointer<QTcpServer> m_relayServer;
    QPointer<QTcpSocket> m_relayEnd; // the relay's end of the loopback connection
    QPointer<QSslSocket> m_tls;      // the handshake: over the relay, or (strict) on its own connection
    QList<QSslError> m_sslErrors;
    QString m_caProblem;
    std::optional<TlsInspector::Report> m_report; // the graded handshake, once encrypted
    QByteArray m_strictBuffer;
    quint8 m_packetId = 1;
    bool m_encrypted = false;
};
