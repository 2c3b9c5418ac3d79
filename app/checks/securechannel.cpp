#include "securechannel.h"

#include "httpwire.h"

#include <QSslSocket>

SecureChannel::SecureChannel(bool tlsAtOnce, bool tunnel, const QList<QByteArray> &alpn, QObject *parent)
    : QObject(parent)
    , m_tlsAtOnce(tlsAtOnce)
    , m_tunnel(tunnel)
    , m_alpn(alpn)
{}

SecureChannel::~SecureChannel() = default;

QString SecureChannel::endpoint() const
{
    return QString::fromUtf8(HttpWire::authority(m_ctx.host, m_ctx.port));
}

void SecureChannel::open(QSslSocket *socket, const CheckContext &ctx)
{
    m_socket = socket;
    m_ctx = ctx;
    connect(socket, &QSslSocket::encrypted, this, &SecureChannel::onEncrypted);
    connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_sslErrors += errors;
        if (m_socket)
            m_socket->ignoreSslErrors(); // recorded and graded by TlsInspector, not a reason to stop
    });
    if (m_tunnel && ctx.via == QLatin1String("proxy")) {
        m_phase = Phase::Tunnel;
        const QByteArray target = HttpWire::authority(ctx.host, ctx.port);
        socket->write("CONNECT " + target + " HTTP/1.1\r\nHost: " + target +
                      "\r\nUser-Agent: Topocheck/" TOPOCHECK_VERSION "\r\n\r\n");
        return;
    }
    afterTunnel();
}

void SecureChannel::afterTunnel()
{
    if (m_tlsAtOnce) {
        startTls();
        return;
    }
    m_phase = Phase::Open;
    Q_EMIT ready();
}

std::optional<ServiceOutcome> SecureChannel::tunnelReply(QByteArray &buffer)
{
    HttpWire::ResponseHead head;
    switch (HttpWire::parseResponseHead(buffer, &head)) {
    case HttpWire::Parse::NeedMore:
        return std::nullopt;
    case HttpWire::Parse::Malformed:
    case HttpWire::Parse::TooLarge:
        return ServiceOutcome::error(tr("the proxy gave no HTTP answer to CONNECT %1").arg(endpoint()),
                                     tr("Check the proxy address and port in the profile."));
    case HttpWire::Parse::Complete:
        break;
    }
    if (head.status == 407) {
        const QList<QByteArray> schemes = HttpWire::authSchemes(head, "Proxy-Authenticate");
        return proxyNeedsAuthentication(endpoint(), QString::fromLatin1(schemes.join(", ").left(80)));
    }
    if (head.status / 100 != 2) {
        const QString reason = QString::fromLatin1(head.reason);
        const QString status =
            reason.isEmpty() ? QString::number(head.status) : QString::number(head.status) + QLatin1Char(' ') + reason;
        return ServiceOutcome::error(
            tr("the proxy refused CONNECT to %1 (HTTP %2)").arg(endpoint(), status),
            head.status == 407 ? tr("The proxy asks for authentication: Bot Agents and browsers must be able to "
                                    "authenticate to it, or the proxy must allow the Control Room without it.")
                               : tr("Ask the proxy administrators to allow CONNECT to %1 (the proxy's list of "
                                    "allowed ports and destinations), or exempt the Control Room from the proxy.")
                                     .arg(endpoint()));
    }
    buffer.remove(0, head.headBytes);
    if (m_tlsAtOnce)
        buffer.clear(); // nothing read in clear text may leak into the TLS session
    afterTunnel();
    return std::nullopt;
}

void SecureChannel::startTls()
{
    if (!m_socket)
        return;
    m_upgrade = m_phase == Phase::Open;
    m_phase = Phase::Handshake;
    m_caProblem = TlsInspector::configure(m_socket, m_ctx.host, m_ctx.caFile, m_alpn);
    m_socket->startClientEncryption();
}

void SecureChannel::onEncrypted()
{
    if (m_phase != Phase::Handshake || !m_socket)
        return;
    TlsInspector::Report report = TlsInspector::inspect(*m_socket, m_sslErrors, m_ctx.host);
    if (!m_caProblem.isEmpty()) {
        report.soft = true;
        report.problems.append(m_caProblem);
    }
    m_report = report;
    m_phase = Phase::Open;
    if (m_upgrade)
        Q_EMIT upgraded();
    else
        Q_EMIT ready();
}

void SecureChannel::close()
{
    m_phase = Phase::Closed;
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
}

std::optional<ServiceOutcome> SecureChannel::closed() const
{
    if (m_phase == Phase::Handshake)
        return ServiceOutcome::error(tr("the server closed the connection during the TLS handshake"),
                                     tr("%1 does not speak TLS here or rejected this client's TLS offer; check "
                                        "that the port is the TLS port and that TLS 1.2 or later is enabled.")
                                         .arg(endpoint()));
    if (m_phase == Phase::Tunnel)
        return ServiceOutcome::error(tr("the proxy closed the connection without answering CONNECT %1").arg(endpoint()),
                                     tr("Check the proxy address and its rules for %1.").arg(endpoint()));
    return std::nullopt;
}

std::optional<ServiceOutcome> SecureChannel::failed(QAbstractSocket::SocketError error,
                                                    const QString &errorString) const
{
    if (m_phase != Phase::Handshake && error != QAbstractSocket::SslHandshakeFailedError)
        return std::nullopt;
    return ServiceOutcome::error(tr("TLS handshake failed: %1").arg(errorString),
                                 tr("The server at %1 refused the TLS handshake or does not speak TLS on this "
                                    "port; the Control Room needs TLS 1.2 or later with a certificate for %2.")
                                     .arg(endpoint(), m_ctx.host));
}

std::optional<ServiceOutcome> SecureChannel::timedOut(int timeoutMs) const
{
    if (m_phase == Phase::Handshake)
        return ServiceOutcome::error(tr("no TLS handshake within %1 ms").arg(timeoutMs),
                                     tr("The server at %1 accepts connections but does not complete TLS; check that "
                                        "it is the TLS port.")
                                         .arg(endpoint()));
    if (m_phase == Phase::Tunnel)
        return ServiceOutcome::error(
            tr("the proxy did not answer CONNECT %1 within %2 ms").arg(endpoint()).arg(timeoutMs),
            tr("Check the proxy address and port in the profile."));
    return std::nullopt;
}

ServiceOutcome SecureChannel::graded(ServiceOutcome outcome) const
{
    if (!m_report)
        return outcome;
    const TlsInspector::Report &report = *m_report;
    outcome.tls = report.tls;
    QString detail = outcome.detail + QStringLiteral("; ") + report.summary;
    if (!report.problems.isEmpty())
        detail += QStringLiteral("; ") + report.problems.join(QStringLiteral("; "));
    outcome.detail = detail;
    // the worst finding decides: a failed TLS check is not hidden by what the exchange did afterwards
    if (report.fatal)
        outcome.service = ServiceStatus::Error;
    if (report.soft)
        outcome.softFinding = true;
    if (!report.advice.isEmpty())
        outcome.advice = outcome.advice.isEmpty() ? report.advice : outcome.advice + QLatin1Char(' ') + report.advice;
    return outcome;
}

ServiceOutcome SecureChannel::proxyNeedsAuthentication(const QString &target, const QString &challenge)
{
    ServiceOutcome out;
    out.service = ServiceStatus::Unchecked;
    out.softFinding = true;
    out.detail =
        challenge.isEmpty()
            ? tr("HTTP 407 from the proxy: the proxy needs authentication; the path behind it to %1 was not verified")
                  .arg(target)
            : tr("HTTP 407 from the proxy (%1): the proxy needs authentication; the path behind it to %2 was not "
                 "verified")
                  .arg(challenge, target);
    out.advice = tr("Proxies that authenticate are normal and the Bot Agent can authenticate to them, but this "
                    "check sends no credentials: confirm that the proxy allows %1 for the Bot Agents' accounts, "
                    "or test from a machine the proxy lets through.")
                     .arg(target);
    return out;
}
