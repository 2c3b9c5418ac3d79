#include "tdscheck.h"

#include "tlsinspector.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace {

QString releaseName(int major)
{
    switch (major) {
    case 10:
        return QStringLiteral("2008");
    case 11:
        return QStringLiteral("2012");
    case 12:
        return QStringLiteral("2014");
    case 13:
        return QStringLiteral("2016");
    case 14:
        return QStringLiteral("2017");
    case 15:
        return QStringLiteral("2019");
    case 16:
        return QStringLiteral("2022");
    default:
        return {};
    }
}

QString versionText(const TdsPreloginReply &reply)
{
    const QString version = QStringLiteral("%1.%2.%3").arg(reply.major).arg(reply.minor).arg(reply.build);
    const QString release = releaseName(reply.major);
    return release.isEmpty() ? version : version + QStringLiteral(" (") + release + QLatin1Char(')');
}

bool isTlsFailure(QAbstractSocket::SocketError error)
{
    return error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError ||
           error == QAbstractSocket::SslInvalidUserDataError;
}

} // namespace

TdsCheck::TdsCheck(QObject *parent)
    : ProtocolCheck(tr("SQL Server (TDS)"), TdsWire::MaxExchange, parent)
{}

TdsCheck::~TdsCheck() = default;

QByteArray TdsCheck::request()
{
    return TdsWire::preloginRequest();
}

void TdsCheck::abort()
{
    dropTls();
    ProtocolCheck::abort();
}

std::optional<ServiceOutcome> TdsCheck::received(QByteArray &buffer)
{
    switch (m_phase) {
    case Phase::Handshake:
        return handshakeData(buffer);
    case Phase::Strict:
        buffer.clear(); // the first connection has said all it will
        return std::nullopt;
    case Phase::Prelogin:
        break;
    }
    if (!viaProxy()) {
        if (!buffer.isEmpty() && buffer.size() < 3 && quint8(buffer.at(0)) >= 20 && quint8(buffer.at(0)) <= 23)
            return std::nullopt; // perhaps the start of a TLS record
        if (TdsWire::isTlsRecord(buffer)) {
            buffer.clear();
            startStrict(Refusal::TlsAlert);
            return std::nullopt;
        }
    }
    return framed(buffer, &TdsWire::packet, [this, &buffer](QByteArrayView packet) {
        const qsizetype size = packet.size();
        std::optional<ServiceOutcome> outcome = prelogin(packet, buffer);
        if (!outcome)
            buffer.remove(0, size); // the handshake goes on: what follows the answer is TLS in PRELOGIN packets
        return outcome;
    });
}

std::optional<ServiceOutcome> TdsCheck::closedEarly(const QByteArray &buffer)
{
    switch (m_phase) {
    case Phase::Strict:
        return std::nullopt; // the second connection decides
    case Phase::Handshake:
        return withTls(ServiceOutcome::error(
            tr("%1; the server closed the connection during the TLS handshake").arg(m_server),
            tr("SQL Server on %1 asked for encryption but dropped the TLS handshake: the Control Room cannot "
               "connect. Check the certificate configured for the instance (SQL Server Configuration Manager) and "
               "that TLS 1.2 or later is enabled on the server.")
                .arg(endpoint())));
    case Phase::Prelogin:
        break;
    }
    // SQL Server 2022 with strict encryption closes a clear PRELOGIN: try TLS first.
    if (buffer.isEmpty() && !viaProxy()) {
        startStrict(Refusal::Closed);
        return std::nullopt;
    }
    return ProtocolCheck::closedEarly(buffer);
}

ServiceOutcome TdsCheck::unanswered(const QByteArray &buffer) const
{
    const int ms = context().timeoutMs;
    switch (m_phase) {
    case Phase::Prelogin:
        break;
    case Phase::Handshake:
        return withTls(ServiceOutcome::error(
            tr("%1; no TLS handshake inside PRELOGIN within %2 ms").arg(m_server).arg(ms),
            tr("SQL Server on %1 asked for encryption but did not complete the TLS handshake: check the "
               "certificate configured for the instance and any device in the path that inspects TDS.")
                .arg(endpoint())));
    case Phase::Strict:
        if (!m_encrypted)
            return ServiceOutcome::error(
                tr("the clear PRELOGIN was %1, and no TLS-first (TDS 8) handshake within %2 ms")
                    .arg(m_refusal == Refusal::Closed ? tr("closed") : tr("answered in TLS"))
                    .arg(ms),
                tr("Something on %1 refuses a SQL Server PRELOGIN and does not complete TLS either: check what "
                   "answers this port.")
                    .arg(endpoint()));
        return withTls(ServiceOutcome::mismatch(
            tr("TLS (ALPN tds/8.0) is up, but no PRELOGIN answer inside it within %1 ms").arg(ms),
            tr("%1 speaks TLS but does not answer as SQL Server with strict encryption: check the port.")
                .arg(endpoint())));
    }
    return ProtocolCheck::unanswered(buffer);
}

QString TdsCheck::serverText(const TdsPreloginReply &reply, bool withEncryption) const
{
    const QString server = tr("SQL Server %1").arg(versionText(reply));
    if (!withEncryption)
        return server;
    QString encryption;
    switch (reply.encryption) {
    case TdsPreloginReply::EncryptOff:
        encryption = tr("encryption for the login only");
        break;
    case TdsPreloginReply::EncryptOn:
        encryption = tr("encryption on");
        break;
    case TdsPreloginReply::EncryptNotSupported:
        encryption = tr("encryption not supported");
        break;
    case TdsPreloginReply::EncryptRequired:
        encryption = tr("encryption required");
        break;
    default:
        encryption = tr("encryption mode not stated");
        break;
    }
    return server + QStringLiteral(", ") + encryption;
}

std::optional<ServiceOutcome> TdsCheck::prelogin(QByteArrayView packet, const QByteArray &buffer)
{
    const TdsPreloginReply reply = TdsWire::parsePrelogin(packet);
    if (reply.kind == TdsPreloginReply::Kind::NotTds)
        return otherService(buffer);
    if (reply.kind == TdsPreloginReply::Kind::Malformed)
        return malformedReply(reply.problem);
    m_server = serverText(reply, true);
    if (reply.encryption == TdsPreloginReply::EncryptNotSupported || reply.encryption < 0) {
        ServiceOutcome outcome = ServiceOutcome::ok(m_server);
        outcome.softFinding = true;
        outcome.advice =
            tr("SQL Server on %1 cannot encrypt connections: logins and data cross the network in clear text, and a "
               "Control Room set to encrypt its database connection cannot connect. Give the instance a certificate "
               "and enable encryption (SQL Server Configuration Manager, protocols of the instance).")
                .arg(endpoint());
        return outcome;
    }
    // ENCRYPT_OFF still encrypts LOGIN7, ON and REQ everything: the certificate matters in each case.
    return startHandshake();
}

QSslSocket *TdsCheck::newTlsSocket(const QList<QByteArray> &alpn)
{
    auto *socket = new QSslSocket(this);
    socket->setProxy(QNetworkProxy::NoProxy);
    m_caProblem = TlsInspector::configure(socket, context().host, context().caFile, alpn);
    connect(socket, &QSslSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        m_sslErrors += errors;
        socket->ignoreSslErrors(); // recorded and graded by TlsInspector, not a reason to stop
    });
    return socket;
}

std::optional<ServiceOutcome> TdsCheck::startHandshake()
{
    m_phase = Phase::Handshake;
    m_relayServer = new QTcpServer(this);
    m_relayServer->setProxy(QNetworkProxy::NoProxy);
    m_relayServer->setMaxPendingConnections(1);
    if (!m_relayServer->listen(QHostAddress::LocalHost) && !m_relayServer->listen(QHostAddress::LocalHostIPv6))
        return ServiceOutcome::error(
            tr("%1; the TLS handshake could not be started: %2").arg(m_server, m_relayServer->errorString()),
            tr("Topocheck carries the TLS handshake inside TDS packets through a loopback connection on this "
               "machine: enable the loopback interface (127.0.0.1 or ::1)."));
    connect(m_relayServer, &QTcpServer::newConnection, this, &TdsCheck::relayAccepted);
    m_tls = newTlsSocket({});
    connect(m_tls, &QSslSocket::connected, this, [this] {
        if (!relayIsOurs())
            conclude(ServiceOutcome::error(tr("%1; the loopback relay of the TLS handshake was taken by another "
                                              "program")
                                               .arg(m_server),
                                           tr("Run the check again; if it recurs, look for a program on this machine "
                                              "that connects to random loopback ports.")));
    });
    connect(m_tls, &QSslSocket::encrypted, this, &TdsCheck::handshakeDone);
    connect(m_tls, &QSslSocket::errorOccurred, this, &TdsCheck::handshakeFailed);
    m_tls->connectToHostEncrypted(m_relayServer->serverAddress().toString(), m_relayServer->serverPort(),
                                  context().host);
    return std::nullopt;
}

void TdsCheck::relayAccepted()
{
    if (!m_relayServer || isFinished())
        return;
    QTcpSocket *end = m_relayServer->nextPendingConnection();
    m_relayServer->close(); // one connection, ours; nobody else gets in
    if (!end || m_relayEnd)
        return;
    end->setParent(this);
    m_relayEnd = end;
    if (!relayIsOurs()) {
        conclude(ServiceOutcome::error(
            tr("%1; the loopback relay of the TLS handshake was taken by another program").arg(m_server),
            tr("Run the check again; if it recurs, look for a program on this machine that connects to random "
               "loopback ports.")));
        return;
    }
    connect(end, &QTcpSocket::readyRead, this, &TdsCheck::relayToServer);
    if (end->bytesAvailable() > 0)
        relayToServer();
}

bool TdsCheck::relayIsOurs() const
{
    if (!m_relayEnd || !m_tls || m_tls->localPort() == 0)
        return true; // not both ends known yet: the second to arrive checks
    return m_relayEnd->peerAddress().isLoopback() && m_relayEnd->peerPort() == m_tls->localPort();
}

void TdsCheck::relayToServer()
{
    if (!m_relayEnd || isFinished())
        return;
    // our own QSslSocket's records: a ClientHello and a few handshake messages
    send(TdsWire::handshakePackets(m_relayEnd->readAll(), &m_packetId));
}

std::optional<ServiceOutcome> TdsCheck::handshakeData(QByteArray &buffer)
{
    while (m_relayEnd && !buffer.isEmpty()) {
        QByteArrayView packet;
        switch (TdsWire::handshakePacket(buffer, &packet)) {
        case FrameStatus::Incomplete:
            return std::nullopt;
        case FrameStatus::Invalid:
            return ServiceOutcome::mismatch(
                tr("%1; the TLS handshake came back outside PRELOGIN packets (first bytes %2)")
                    .arg(m_server, firstBytesHex(buffer)),
                tr("SQL Server on %1 answered the PRELOGIN but broke the TDS framing of the TLS handshake: a device "
                   "in the path that alters TDS, or a service that is not SQL Server.")
                    .arg(endpoint()));
        case FrameStatus::Complete:
            break;
        }
        m_relayEnd->write(TdsWire::packetData(packet).toByteArray());
        buffer.remove(0, packet.size());
    }
    return std::nullopt;
}

void TdsCheck::handshakeDone()
{
    if (!m_tls || isFinished())
        return;
    TlsInspector::Report report = TlsInspector::inspect(*m_tls, m_sslErrors, context().host);
    if (!m_caProblem.isEmpty()) {
        report.soft = true;
        report.problems.append(m_caProblem);
    }
    m_report = report;
    m_encrypted = true;
    if (m_phase == Phase::Handshake) {
        conclude(withTls(ServiceOutcome::ok(m_server)));
        return;
    }
    m_tls->write(TdsWire::preloginRequest()); // strict: the PRELOGIN travels inside TLS
}

void TdsCheck::handshakeFailed()
{
    if (!m_tls || isFinished() || m_phase != Phase::Handshake)
        return;
    conclude(ServiceOutcome::error(
        tr("%1; TLS handshake inside PRELOGIN failed: %2").arg(m_server, m_tls->errorString()),
        tr("SQL Server on %1 asked for encryption but the TLS handshake failed: the Control Room cannot connect. "
           "Check the certificate configured for the instance (SQL Server Configuration Manager) and that TLS 1.2 "
           "or later is enabled on the server.")
            .arg(endpoint())));
}

void TdsCheck::startStrict(Refusal refusal)
{
    m_phase = Phase::Strict;
    m_refusal = refusal;
    m_tls = newTlsSocket({QByteArrayLiteral("tds/8.0")});
    connect(m_tls, &QSslSocket::encrypted, this, &TdsCheck::handshakeDone);
    connect(m_tls, &QSslSocket::readyRead, this, &TdsCheck::strictRead);
    connect(m_tls, &QSslSocket::disconnected, this, &TdsCheck::strictEnded);
    connect(m_tls, &QSslSocket::errorOccurred, this, &TdsCheck::strictEnded);
    m_tls->connectToHostEncrypted(context().address.toString(), context().port, context().host);
}

void TdsCheck::strictRead()
{
    if (!m_tls || isFinished() || !m_encrypted)
        return;
    m_strictBuffer.append(m_tls->read(qMax<qsizetype>(TdsWire::MaxPacket - m_strictBuffer.size(), 0)));
    QByteArrayView packet;
    switch (TdsWire::packet(m_strictBuffer, &packet)) {
    case FrameStatus::Incomplete:
        if (m_strictBuffer.size() >= TdsWire::MaxPacket)
            conclude(withTls(otherService(m_strictBuffer)));
        return;
    case FrameStatus::Invalid:
        conclude(withTls(otherService(m_strictBuffer)));
        return;
    case FrameStatus::Complete:
        break;
    }
    const TdsPreloginReply reply = TdsWire::parsePrelogin(packet);
    if (reply.kind == TdsPreloginReply::Kind::Prelogin)
        conclude(withTls(
            ServiceOutcome::ok(tr("SQL Server (TDS 8, strict encryption), version %1").arg(versionText(reply)))));
    else if (reply.kind == TdsPreloginReply::Kind::Malformed)
        conclude(withTls(malformedReply(reply.problem)));
    else
        conclude(withTls(otherService(m_strictBuffer)));
}

void TdsCheck::strictEnded()
{
    if (!m_tls || isFinished())
        return;
    const QString refused = m_refusal == Refusal::Closed ? tr("closed") : tr("answered in TLS");
    if (m_encrypted) {
        conclude(withTls(ServiceOutcome::error(
            tr("the clear PRELOGIN was %1; TLS first (ALPN tds/8.0) worked, but the connection ended without a "
               "PRELOGIN answer")
                .arg(refused),
            tr("%1 speaks TLS but does not answer as SQL Server with strict encryption: check the port.")
                .arg(endpoint()))));
        return;
    }
    if (m_refusal == Refusal::Closed && !isTlsFailure(m_tls->error())) {
        conclude(closedWithoutAnswer());
        return;
    }
    conclude(ServiceOutcome::error(
        tr("the clear PRELOGIN was %1, and the TLS-first (TDS 8, ALPN tds/8.0) handshake failed: %2")
            .arg(refused, m_tls->errorString()),
        tr("%1 refuses a clear SQL Server PRELOGIN as SQL Server 2022 with strict encryption does, but its TLS "
           "handshake failed: check the certificate configured for the instance and that TLS 1.2 or later is "
           "enabled.")
            .arg(endpoint())));
}

ServiceOutcome TdsCheck::withTls(ServiceOutcome outcome) const
{
    if (!m_report)
        return outcome;
    const TlsInspector::Report &report = *m_report;
    outcome.tls = report.tls;
    QString detail = outcome.detail + QStringLiteral("; ") + report.summary;
    if (!report.problems.isEmpty())
        detail += QStringLiteral("; ") + report.problems.join(QStringLiteral("; "));
    outcome.detail = detail;
    if (report.fatal && outcome.service == ServiceStatus::Ok)
        outcome.service = ServiceStatus::Error;
    if (report.soft)
        outcome.softFinding = true;
    if (!report.advice.isEmpty())
        outcome.advice = outcome.advice.isEmpty() ? report.advice : outcome.advice + QLatin1Char(' ') + report.advice;
    return outcome;
}

void TdsCheck::conclude(const ServiceOutcome &outcome)
{
    dropTls();
    finish(outcome);
}

void TdsCheck::dropTls()
{
    if (m_relayServer) {
        m_relayServer->disconnect(this);
        m_relayServer->close();
    }
    if (m_relayEnd) {
        m_relayEnd->disconnect(this);
        m_relayEnd->abort();
    }
    if (m_tls) {
        m_tls->disconnect(this);
        m_tls->abort();
    }
}
