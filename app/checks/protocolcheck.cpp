#include "protocolcheck.h"

#include "firstbytescheck.h"
#include "foreignreply.h"
#include "httpwire.h"
#include "listenerrecheck.h"
#include "listenerreply.h"
#include "securechannel.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <utility>

#include "amqpcheck.h"
#include "grpccheck.h"
#include "httpcheck.h"
#include "kerberoscheck.h"
#include "ldapcheck.h"
#include "opensearchcheck.h"
#include "rdpcheck.h"
#include "smbcheck.h"
#include "smtpcheck.h"
#include "sshcheck.h"
#include "tdscheck.h"
#include "websocketcheck.h"

ProtocolCheck::ProtocolCheck(const QString &label, qsizetype maxReplyBytes, QObject *parent)
    : QObject(parent)
    , m_label(label)
    , m_maxReplyBytes(maxReplyBytes)
{}

ProtocolCheck::~ProtocolCheck() = default;

void ProtocolCheck::useChannel(bool tlsAtOnce, bool tunnel, const QList<QByteArray> &alpn)
{
    Q_ASSERT(!m_channel);
    m_channel = new SecureChannel(tlsAtOnce, tunnel, alpn, this);
    connect(m_channel, &SecureChannel::ready, this, &ProtocolCheck::opened);
    connect(m_channel, &SecureChannel::upgraded, this, [this] {
        if (!m_done)
            tlsReady();
    });
}

QTcpSocket *ProtocolCheck::createSocket()
{
    // Proxied, STARTTLS and TLS-first checks all end up encrypting the socket the engine connects.
    if (m_channel)
        return new QSslSocket(this);
    return new QTcpSocket(this);
}

bool ProtocolCheck::usesTls() const
{
    return m_channel && m_channel->tlsAtOnce();
}

bool ProtocolCheck::viaProxy() const
{
    return m_ctx.via == QLatin1String("proxy");
}

QString ProtocolCheck::endpoint() const
{
    return QString::fromUtf8(HttpWire::authority(m_ctx.host, m_ctx.port));
}

QString ProtocolCheck::firstBytesHex(const QByteArray &buffer)
{
    return QString::fromLatin1(buffer.left(16).toHex(' '));
}

void ProtocolCheck::start(QTcpSocket *socket, const CheckContext &ctx)
{
    m_ctx = ctx;
    m_ctx.host = TlsInspector::peerName(ctx.host); // SNI, certificate name, Host header: no trailing dot
    m_socket = socket;
    connect(socket, &QTcpSocket::readyRead, this, &ProtocolCheck::readAvailable);
    connect(socket, &QTcpSocket::disconnected, this, &ProtocolCheck::peerClosed);
    connect(socket, &QTcpSocket::errorOccurred, this, &ProtocolCheck::socketFailed);
    if (!m_channel) {
        opened();
        return;
    }
    auto *secure = qobject_cast<QSslSocket *>(socket);
    if (!secure) {
        finish(ServiceOutcome::error(tr("internal error: no TLS-capable socket"), {}));
        return;
    }
    connect(secure, &QSslSocket::alertReceived, this, [this] { m_peerAlerted = true; });
    m_channel->open(secure, m_ctx);
}

void ProtocolCheck::opened()
{
    if (m_done || !m_socket)
        return;
    if (usesTls())
        m_firstBytes = false; // what follows is decrypted: a listener's banner cannot be there
    const QByteArray opening = request();
    if (!opening.isEmpty())
        send(opening);
    // a reply may already be waiting (a server that talks first)
    if (m_socket && m_socket->bytesAvailable() > 0)
        readAvailable();
}

void ProtocolCheck::abort()
{
    m_done = true;
    releaseSocket();
    delete std::exchange(m_recheck, nullptr);
}

void ProtocolCheck::nudge()
{
    if (m_done)
        return;
    if (m_recheck) {
        finish(*m_setUpFailure); // no banner on the second connection in time
        return;
    }
    nudged();
}

ServiceOutcome ProtocolCheck::timedOut() const
{
    if (m_recheck && m_setUpFailure)
        return *m_setUpFailure;
    std::optional<ServiceOutcome> outcome = m_channel ? m_channel->timedOut(m_ctx.timeoutMs) : std::nullopt;
    if (!outcome)
        outcome = unanswered(m_buffer);
    return m_channel ? m_channel->graded(*outcome) : *outcome;
}

ServiceOutcome ProtocolCheck::unanswered(const QByteArray &buffer) const
{
    return webServerOr(
        buffer,
        ServiceOutcome::mismatch(
            buffer.isEmpty()
                ? tr("connected, but no %1 answer within %2 ms").arg(serviceLabel()).arg(m_ctx.timeoutMs)
                : tr("connected, but no complete %1 answer within %2 ms").arg(serviceLabel()).arg(m_ctx.timeoutMs),
            tr("Something accepts connections on %1 but does not answer as %2: check the port and any load balancer "
               "or firewall in the path.")
                .arg(endpoint(), serviceLabel())));
}

std::optional<ServiceOutcome> ProtocolCheck::closedEarly(const QByteArray &buffer)
{
    if (buffer.isEmpty())
        return closedWithoutAnswer();
    // received() kept reading, so these bytes were a valid beginning
    return ServiceOutcome::error(
        tr("Connection closed in the middle of the %1 answer (%2 bytes received)")
            .arg(serviceLabel())
            .arg(buffer.size()),
        tr("%1 on port %2 started a %3 answer and closed the connection: a firewall, IPS or load balancer that cuts "
           "sessions, or a server that fails while answering.")
            .arg(m_ctx.host)
            .arg(m_ctx.port)
            .arg(serviceLabel()));
}

void ProtocolCheck::send(const QByteArray &data)
{
    if (m_socket && !m_done)
        m_socket->write(data);
}

void ProtocolCheck::startTls()
{
    Q_ASSERT(m_channel);
    if (m_done || !m_channel)
        return;
    m_buffer.clear(); // nothing read in clear text may leak into the TLS session
    m_firstBytes = false;
    m_channel->startTls();
}

void ProtocolCheck::finish(ServiceOutcome outcome)
{
    if (m_done)
        return;
    m_done = true;
    if (m_channel)
        outcome = m_channel->graded(outcome);
    releaseSocket();
    if (m_recheck)
        std::exchange(m_recheck, nullptr)->deleteLater(); // finish() may run inside its signal
    Q_EMIT finished(outcome);
}

void ProtocolCheck::readAvailable()
{
    if (m_done || !m_socket)
        return;
    const qsizetype room = m_maxReplyBytes - m_received;
    const QByteArray chunk = m_socket->read(qMax<qsizetype>(room, 0));
    m_received += chunk.size();
    m_buffer.append(chunk);
    if (m_channel && m_channel->inTunnel()) {
        if (const std::optional<ServiceOutcome> refused = m_channel->tunnelReply(m_buffer))
            finish(*refused);
        return;
    }
    if (m_firstBytes && !m_buffer.isEmpty() && lookForListener())
        return;
    if (const std::optional<ServiceOutcome> outcome = received(m_buffer)) {
        finish(*outcome);
        return;
    }
    if (!m_done && m_received >= m_maxReplyBytes) {
        finish(ServiceOutcome::mismatch(
            tr("No complete %1 answer in the first %2 bytes").arg(serviceLabel()).arg(m_maxReplyBytes),
            tr("Port %1 on %2 sends more data than a %3 server would: check the host/port, or what the firewall "
               "or load balancer forwards port %1 to.")
                .arg(m_ctx.port)
                .arg(m_ctx.host, serviceLabel())));
    }
}

void ProtocolCheck::peerClosed()
{
    if (m_done || !m_socket)
        return;
    // bytes that arrived together with the FIN
    if (m_socket->bytesAvailable() > 0) {
        readAvailable();
        if (m_done)
            return;
    }
    if (m_firstBytes && !m_buffer.isEmpty() && !(m_channel && m_channel->inTunnel())) {
        finish(ListenerReply::truncated(m_buffer, m_ctx)); // still the beginning of a banner
        return;
    }
    const std::optional<ServiceOutcome> setUp = m_channel ? m_channel->closed() : std::nullopt;
    if (setUp && recheckForListener(*setUp, {}))
        return;
    const QByteArray rest = m_buffer;
    releaseSocket();
    if (setUp)
        finish(*setUp);
    else if (const std::optional<ServiceOutcome> outcome = closedEarly(rest))
        finish(*outcome);
}

void ProtocolCheck::socketFailed(QAbstractSocket::SocketError error)
{
    if (m_done || !m_socket)
        return;
    if (error == QAbstractSocket::RemoteHostClosedError) {
        peerClosed();
        return;
    }
    const QString problem = m_socket->errorString();
    if (const std::optional<ServiceOutcome> tls = m_channel ? m_channel->failed(error, problem) : std::nullopt) {
        if (!recheckForListener(*tls, problem))
            finish(*tls);
        return;
    }
    finish(connectionBroken(problem));
}

ServiceOutcome ProtocolCheck::connectionBroken(const QString &problem) const
{
    return ServiceOutcome::error(
        tr("%1 exchange failed: %2").arg(serviceLabel(), problem),
        tr("The connection to %1 port %2 broke during the %3 handshake: a firewall or load balancer that "
           "resets sessions after the connect, or an unstable path.")
            .arg(m_ctx.host)
            .arg(m_ctx.port)
            .arg(serviceLabel()));
}

bool ProtocolCheck::lookForListener()
{
    ServiceOutcome outcome;
    switch (ListenerReply::look(m_buffer, m_ctx, &outcome)) {
    case ListenerReply::Seen::Other:
        m_firstBytes = false;
        return false;
    case ListenerReply::Seen::ReadOn:
        return true; // bounded: past ListenerBanner::MaxBytes a line is no banner
    case ListenerReply::Seen::Listener:
        finish(outcome);
        return true;
    }
    return false;
}

bool ProtocolCheck::recheckForListener(const ServiceOutcome &outcome, const QString &problem)
{
    // Only a TLS-first handshake that no byte of the protocol preceded, directly to the destination, and
    // not refused by a TLS alert: the peer may have sent a banner that the TLS backend swallowed.
    if (!m_firstBytes || !m_channel || !m_channel->tlsAtOnce() || viaProxy() || m_recheck || m_peerAlerted
        || problem.contains(QLatin1String("alert"), Qt::CaseInsensitive))
        return false;
    m_setUpFailure = outcome;
    releaseSocket();
    m_recheck = new ListenerRecheck(m_ctx, this);
    connect(m_recheck, &ListenerRecheck::recognised, this, [this](const ServiceOutcome &found) { finish(found); });
    connect(m_recheck, &ListenerRecheck::notListener, this, [this] { finish(*m_setUpFailure); });
    m_recheck->start();
    Q_EMIT nudgeWanted(ListenerRecheck::waitMs(m_ctx));
    return true;
}

void ProtocolCheck::releaseSocket()
{
    if (m_channel)
        m_channel->close();
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    // A farewell still queued (QUIT, unbind, a close frame) or a TLS session ends with an orderly close;
    // a read-only check with nothing to say closes at once rather than linger on a half-open session.
    const auto *secure = qobject_cast<QSslSocket *>(socket);
    const bool orderly = socket->bytesToWrite() > 0 || (secure && secure->isEncrypted());
    if (orderly && socket->state() == QAbstractSocket::ConnectedState)
        socket->disconnectFromHost();
    else
        socket->abort();
}

ServiceOutcome ProtocolCheck::webServerOr(const QByteArray &bytes, const ServiceOutcome &otherwise) const
{
    if (!HttpWire::looksLikeWeb(bytes))
        return otherwise;
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

ServiceOutcome ProtocolCheck::otherService(const CheckContext &ctx, const QString &label, QByteArrayView reply)
{
    const ForeignReply foreign = ForeignReply::identify(reply);
    QString what;
    QString seen;
    switch (foreign.kind) {
    case ForeignReply::Kind::Http:
        what = tr("an HTTP server");
        seen = foreign.server.isEmpty() ? foreign.firstLine : foreign.firstLine + QStringLiteral(", ") + foreign.server;
        break;
    case ForeignReply::Kind::Tls:
        what = tr("a TLS server");
        break;
    case ForeignReply::Kind::Ssh:
        what = tr("an SSH server");
        seen = foreign.firstLine;
        break;
    case ForeignReply::Kind::Smtp:
        what = tr("an SMTP or FTP server");
        seen = foreign.firstLine;
        break;
    case ForeignReply::Kind::Text:
        what = tr("a text protocol");
        seen = foreign.firstLine;
        break;
    case ForeignReply::Kind::Binary:
    case ForeignReply::Kind::Nothing:
        what = tr("an unknown service");
        seen = foreign.firstBytes.isEmpty() ? QString() : tr("first bytes %1").arg(foreign.firstBytes);
        break;
    }
    const QString detail = seen.isEmpty() ? tr("Not %1: %2 answered").arg(label, what)
                                          : tr("Not %1: %2 answered (%3)").arg(label, what, seen);
    return ServiceOutcome::mismatch(
        detail,
        tr("Port %1 on %2 is answered by %3, not %4: check the host/port or a load balancer that forwards %1 to "
           "the wrong pool.")
            .arg(ctx.port)
            .arg(ctx.host, what, label));
}

ServiceOutcome ProtocolCheck::closedWithoutAnswer() const
{
    return ServiceOutcome::error(
        tr("Connection closed before any %1 answer").arg(serviceLabel()),
        tr("Something on %1 accepts connections on port %2 but closes them without speaking %3: a load balancer "
           "or firewall with no healthy server behind it, an intrusion-prevention rule, or another service. Check "
           "what answers port %2 on %1.")
            .arg(m_ctx.host)
            .arg(m_ctx.port)
            .arg(serviceLabel()));
}

ServiceOutcome ProtocolCheck::malformedReply(const CheckContext &ctx, const QString &label, const QString &problem)
{
    return ServiceOutcome::mismatch(
        tr("Malformed %1 answer: %2").arg(label, problem),
        tr("Port %1 on %2 answers with bytes that start like %3 but break its format: a different service or a "
           "proxy that alters the traffic. Check what answers port %1.")
            .arg(ctx.port)
            .arg(ctx.host, label));
}

QByteArray ProtocolCheck::udpRequest(const CheckContext &) const
{
    return {};
}

ServiceOutcome ProtocolCheck::udpReply(const QByteArray &, const CheckContext &) const
{
    return {};
}

std::unique_ptr<ProtocolCheck> ProtocolCheck::create(const QString &protocol)
{
    if (protocol == QLatin1String("kerberos"))
        return std::make_unique<KerberosCheck>();
    if (protocol == QLatin1String("smb"))
        return std::make_unique<SmbCheck>();
    if (protocol == QLatin1String("tds"))
        return std::make_unique<TdsCheck>();
    if (protocol == QLatin1String("amqp"))
        return std::make_unique<AmqpCheck>();
    if (protocol == QLatin1String("rdp"))
        return std::make_unique<RdpCheck>();
    if (protocol == QLatin1String("ssh"))
        return std::make_unique<SshCheck>();
    if (protocol == QLatin1String("ldap") || protocol == QLatin1String("ldaps"))
        return std::make_unique<LdapCheck>(protocol == QLatin1String("ldaps"));
    if (protocol == QLatin1String("http") || protocol == QLatin1String("https"))
        return std::make_unique<HttpCheck>(protocol == QLatin1String("https"));
    if (protocol == QLatin1String("http+websocket") || protocol == QLatin1String("https+websocket"))
        return std::make_unique<WebSocketCheck>(protocol == QLatin1String("https+websocket"));
    if (protocol == QLatin1String("opensearch"))
        return std::make_unique<OpenSearchCheck>();
    if (protocol == QLatin1String("grpc"))
        return std::make_unique<GrpcCheck>();
    if (protocol == QLatin1String("smtp"))
        return std::make_unique<SmtpCheck>();
    return nullptr;
}

std::unique_ptr<ProtocolCheck> ProtocolCheck::forFlow(const QString &protocol, Transport transport, const QString &via)
{
    std::unique_ptr<ProtocolCheck> check = create(protocol);
    if (!check && transport == Transport::Tcp && via.isEmpty())
        check = std::make_unique<FirstBytesCheck>();
    return check;
}
