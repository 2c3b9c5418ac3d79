#include "streamcheck.h"

#include "httpwire.h"

#include <QSslSocket>

StreamCheck::StreamCheck(bool tls, QObject *parent)
    : ProtocolCheck(parent)
    , m_tls(tls)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (!m_finished)
            timedOut();
    });
}

StreamCheck::~StreamCheck() = default;

QTcpSocket *StreamCheck::createSocket()
{
    // Always a QSslSocket: proxied, STARTTLS and TLS-first checks all end up encrypting it.
    return new QSslSocket(this);
}

bool StreamCheck::viaProxy() const
{
    return m_ctx.via == QLatin1String("proxy");
}

QString StreamCheck::endpoint() const
{
    return QString::fromUtf8(HttpWire::authority(m_ctx.host, m_ctx.port));
}

void StreamCheck::start(QTcpSocket *socket, const CheckContext &ctx)
{
    m_ctx = ctx;
    m_socket = qobject_cast<QSslSocket *>(socket);
    if (!m_socket) {
        finish(ServiceOutcome::error(tr("internal error: no TLS-capable socket"), {}));
        return;
    }
    connect(m_socket, &QIODevice::readyRead, this, &StreamCheck::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, &StreamCheck::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &StreamCheck::onSocketError);
    connect(m_socket, &QSslSocket::encrypted, this, &StreamCheck::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_sslErrors += errors;
        m_socket->ignoreSslErrors(); // recorded and graded by TlsInspector, not a reason to stop
    });
    // A little before the engine's own deadline, so that the outcome says what was missing.
    m_deadline.start(qMax(100, ctx.timeoutMs * 9 / 10));

    if (viaProxy() && tunnelsThroughProxy()) {
        m_phase = Phase::Tunnel;
        const QByteArray target = HttpWire::authority(ctx.host, ctx.port);
        send("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nUser-Agent: Topocheck/" TOPOCHECK_VERSION
             "\r\n\r\n");
        return;
    }
    afterTunnel();
}

void StreamCheck::afterTunnel()
{
    if (m_tls) {
        startTls();
    } else {
        m_phase = Phase::Exchange;
        begin();
    }
}

void StreamCheck::startTls()
{
    m_phase = Phase::Handshake;
    m_startTlsLater = !m_tls;
    m_buffer.clear(); // nothing read in clear text may leak into the TLS session
    m_caProblem = TlsInspector::configure(m_socket, m_ctx.host, m_ctx.caFile, alpn());
    m_socket->startClientEncryption();
}

void StreamCheck::onEncrypted()
{
    if (m_finished)
        return;
    m_haveTls = true;
    m_tlsReport = TlsInspector::inspect(*m_socket, m_sslErrors, m_ctx.host);
    if (!m_caProblem.isEmpty()) {
        m_tlsReport.soft = true;
        m_tlsReport.problems.append(m_caProblem);
    }
    m_phase = Phase::Exchange;
    if (m_startTlsLater)
        tlsReady();
    else
        begin();
}

void StreamCheck::send(const QByteArray &bytes)
{
    if (m_socket && !m_finished)
        m_socket->write(bytes);
}

void StreamCheck::onReadyRead()
{
    if (m_finished)
        return;
    m_buffer += m_socket->read(MaxBuffered + 1 - m_buffer.size());
    if (m_buffer.size() > MaxBuffered) {
        finish(ServiceOutcome::mismatch(tr("more than %1 KiB without a complete %2 answer")
                                            .arg(MaxBuffered / 1024)
                                            .arg(serviceLabel()),
                                        tr("Check that %1 is the %2 service and not another server.")
                                            .arg(endpoint(), serviceLabel())));
        return;
    }
    if (m_phase != Phase::Tunnel) {
        received();
        return;
    }
    HttpWire::ResponseHead head;
    switch (HttpWire::parseResponseHead(m_buffer, &head)) {
    case HttpWire::Parse::NeedMore:
        return;
    case HttpWire::Parse::Malformed:
    case HttpWire::Parse::TooLarge:
        finish(ServiceOutcome::error(tr("the proxy gave no HTTP answer to CONNECT %1").arg(endpoint()),
                                     tr("Check the proxy address and port in the profile.")));
        return;
    case HttpWire::Parse::Complete:
        break;
    }
    if (head.status / 100 != 2) {
        const QString reason = QString::fromLatin1(head.reason);
        const QString status = reason.isEmpty() ? QString::number(head.status)
                                                : QString::number(head.status) + QLatin1Char(' ') + reason;
        ServiceOutcome out = ServiceOutcome::error(
            tr("the proxy refused CONNECT to %1 (HTTP %2)").arg(endpoint(), status),
            head.status == 407 ? tr("The proxy asks for authentication: Bot Agents and browsers must be able to "
                                    "authenticate to it, or the proxy must allow the Control Room without it.")
                               : tr("Ask the proxy administrators to allow CONNECT to %1 (the proxy's list of "
                                    "allowed ports and destinations), or exempt the Control Room from the proxy.")
                                     .arg(endpoint()));
        finish(out);
        return;
    }
    m_buffer.remove(0, head.headBytes);
    afterTunnel();
}

void StreamCheck::onDisconnected()
{
    if (m_finished)
        return;
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished)
        return;
    if (m_phase == Phase::Handshake) {
        finish(ServiceOutcome::error(tr("the server closed the connection during the TLS handshake"),
                                     tr("%1 does not speak TLS here or rejected this client's TLS offer; check "
                                        "that the port is the TLS port and that TLS 1.2 or later is enabled.")
                                         .arg(endpoint())));
        return;
    }
    if (m_phase == Phase::Tunnel) {
        finish(ServiceOutcome::error(tr("the proxy closed the connection without answering CONNECT %1")
                                         .arg(endpoint()),
                                     tr("Check the proxy address and its rules for %1.").arg(endpoint())));
        return;
    }
    closedByPeer();
}

void StreamCheck::onSocketError()
{
    if (m_finished)
        return;
    const auto error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            return; // disconnected() follows
        onDisconnected();
        return;
    }
    if (m_phase == Phase::Handshake || error == QAbstractSocket::SslHandshakeFailedError) {
        finish(ServiceOutcome::error(tr("TLS handshake failed: %1").arg(m_socket->errorString()),
                                     tr("The server at %1 refused the TLS handshake or does not speak TLS on this "
                                        "port; the Control Room needs TLS 1.2 or later with a certificate for %2.")
                                         .arg(endpoint(), m_ctx.host)));
        return;
    }
    finish(ServiceOutcome::error(tr("connection error: %1").arg(m_socket->errorString()),
                                 tr("Something between this machine and %1 broke the connection.").arg(endpoint())));
}

void StreamCheck::closedByPeer()
{
    finish(ServiceOutcome::mismatch(
        m_buffer.isEmpty() ? tr("the server closed the connection without a %1 answer").arg(serviceLabel())
                           : tr("the server closed the connection in the middle of a %1 answer").arg(serviceLabel()),
        tr("A device or another service accepts the connection on %1 but does not speak %2: check the port, "
           "the host and any load balancer or firewall that terminates connections.")
            .arg(endpoint(), serviceLabel())));
}

void StreamCheck::timedOut()
{
    if (m_phase == Phase::Handshake) {
        finish(ServiceOutcome::error(tr("no TLS handshake within %1 ms").arg(m_ctx.timeoutMs),
                                     tr("The server at %1 accepts connections but does not complete TLS; check that "
                                        "it is the TLS port.")
                                         .arg(endpoint())));
        return;
    }
    if (m_phase == Phase::Tunnel) {
        finish(ServiceOutcome::error(tr("the proxy did not answer CONNECT %1 within %2 ms")
                                         .arg(endpoint())
                                         .arg(m_ctx.timeoutMs),
                                     tr("Check the proxy address and port in the profile.")));
        return;
    }
    finishForeign(ServiceOutcome::mismatch(
        m_buffer.isEmpty() ? tr("connected, but no %1 answer within %2 ms").arg(serviceLabel()).arg(m_ctx.timeoutMs)
                           : tr("connected, but no complete %1 answer within %2 ms")
                                 .arg(serviceLabel())
                                 .arg(m_ctx.timeoutMs),
        tr("Something accepts connections on %1 but does not answer as %2: check the port and any load balancer "
           "or firewall in the path.")
            .arg(endpoint(), serviceLabel())));
}

void StreamCheck::finishForeign(const ServiceOutcome &otherwise)
{
    const ServiceOutcome foreign = foreignAnswer(m_buffer);
    finish(foreign.service != ServiceStatus::Unchecked ? foreign : otherwise);
}

QString StreamCheck::firstBytesHex() const
{
    return QString::fromLatin1(m_buffer.left(16).toHex(' '));
}

ServiceOutcome StreamCheck::foreignAnswer(const QByteArray &bytes) const
{
    if (!HttpWire::looksLikeWeb(bytes))
        return {};
    HttpWire::ResponseHead head;
    QString what = tr("an HTML page");
    if (HttpWire::parseResponseHead(bytes, &head) == HttpWire::Parse::Complete)
        what = HttpWire::summary(head);
    else if (HttpWire::looksLikeHttp(bytes))
        what = QString::fromLatin1(bytes.left(int(bytes.indexOf('\n'))).trimmed().left(60));
    return ServiceOutcome::mismatch(
        tr("an HTTP server answered on port %1, not %2 (%3)").arg(m_ctx.port).arg(serviceLabel(), what),
        tr("The address %1 leads to a web server or a load balancer's HTTP listener, not to the %2 service: "
           "check the host entered, DNS and any port forwarding on the way.")
            .arg(endpoint(), serviceLabel()));
}

void StreamCheck::finish(ServiceOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_phase = Phase::Done;
    m_deadline.stop();
    if (m_haveTls) {
        outcome.tls = m_tlsReport.tls;
        QString detail = outcome.detail + QStringLiteral("; ") + m_tlsReport.summary;
        if (!m_tlsReport.problems.isEmpty())
            detail += QStringLiteral("; ") + m_tlsReport.problems.join(QStringLiteral("; "));
        outcome.detail = detail;
        if (m_tlsReport.fatal && outcome.service == ServiceStatus::Ok)
            outcome.service = ServiceStatus::Error;
        if (m_tlsReport.soft)
            outcome.softFinding = true;
        if (!m_tlsReport.advice.isEmpty())
            outcome.advice = outcome.advice.isEmpty() ? m_tlsReport.advice
                                                      : outcome.advice + QLatin1Char(' ') + m_tlsReport.advice;
    }
    detach();
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
    Q_EMIT finished(outcome);
}

void StreamCheck::abort()
{
    m_finished = true;
    m_phase = Phase::Done;
    m_deadline.stop();
    detach();
    if (m_socket)
        m_socket->abort();
}

void StreamCheck::detach()
{
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
}
