#include "exchangecheck.h"

#include "foreignreply.h"

#include <QTcpSocket>

ExchangeCheck::ExchangeCheck(const QString &label, qsizetype maxReplyBytes, QObject *parent)
    : ProtocolCheck(parent)
    , m_label(label)
    , m_maxReplyBytes(maxReplyBytes)
{}

ExchangeCheck::~ExchangeCheck() = default;

void ExchangeCheck::start(QTcpSocket *socket, const CheckContext &ctx)
{
    m_ctx = ctx;
    m_socket = socket;
    connect(socket, &QTcpSocket::readyRead, this, &ExchangeCheck::readAvailable);
    connect(socket, &QTcpSocket::disconnected, this, &ExchangeCheck::peerClosed);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            peerClosed();
        else if (!m_done)
            finish(ServiceOutcome::error(
                tr("%1 exchange failed: %2").arg(serviceLabel(), m_socket ? m_socket->errorString() : QString()),
                tr("The connection to %1 port %2 broke during the %3 handshake: a firewall or load balancer that "
                   "resets sessions after the connect, or an unstable path.")
                    .arg(m_ctx.host)
                    .arg(m_ctx.port)
                    .arg(serviceLabel())));
    });
    const QByteArray opening = request();
    if (!opening.isEmpty())
        send(opening);
    // a reply may already be waiting (a server that talks first)
    if (socket->bytesAvailable() > 0)
        readAvailable();
}

void ExchangeCheck::abort()
{
    m_done = true;
    releaseSocket();
}

std::optional<ServiceOutcome> ExchangeCheck::closedEarly(const QByteArray &buffer)
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

void ExchangeCheck::send(const QByteArray &data)
{
    if (m_socket && !m_done)
        m_socket->write(data);
}

void ExchangeCheck::finish(const ServiceOutcome &outcome)
{
    if (m_done)
        return;
    m_done = true;
    releaseSocket();
    Q_EMIT finished(outcome);
}

void ExchangeCheck::readAvailable()
{
    if (m_done || !m_socket)
        return;
    const qsizetype room = maxReplyBytes() - m_received;
    const QByteArray chunk = m_socket->read(qMax<qsizetype>(room, 0));
    m_received += chunk.size();
    m_buffer.append(chunk);
    if (const std::optional<ServiceOutcome> outcome = received(m_buffer)) {
        finish(*outcome);
        return;
    }
    if (!m_done && m_received >= maxReplyBytes()) {
        finish(ServiceOutcome::mismatch(
            tr("No complete %1 answer in the first %2 bytes").arg(serviceLabel()).arg(maxReplyBytes()),
            tr("Port %1 on %2 sends more data than a %3 server would: check the host/port, or what the firewall "
               "or load balancer forwards port %1 to.")
                .arg(m_ctx.port)
                .arg(m_ctx.host, serviceLabel())));
    }
}

void ExchangeCheck::peerClosed()
{
    if (m_done || !m_socket)
        return;
    // bytes that arrived together with the FIN
    if (m_socket->bytesAvailable() > 0) {
        readAvailable();
        if (m_done)
            return;
    }
    const QByteArray rest = m_buffer;
    releaseSocket();
    if (const std::optional<ServiceOutcome> outcome = closedEarly(rest))
        finish(*outcome);
}

void ExchangeCheck::releaseSocket()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    // read-only and done: close at once rather than linger on a half-open session
    socket->abort();
}

ServiceOutcome ExchangeCheck::otherService(const CheckContext &ctx, const QString &label, QByteArrayView reply)
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

ServiceOutcome ExchangeCheck::closedWithoutAnswer() const
{
    return ServiceOutcome::error(
        tr("Connection closed without a %1 answer").arg(serviceLabel()),
        tr("Something on %1 accepts connections on port %2 but closes them without speaking %3: a load balancer "
           "or firewall with no healthy server behind it, an intrusion-prevention rule, or another service. Check "
           "what answers port %2 on %1.")
            .arg(m_ctx.host)
            .arg(m_ctx.port)
            .arg(serviceLabel()));
}

ServiceOutcome ExchangeCheck::malformedReply(const CheckContext &ctx, const QString &label, const QString &problem)
{
    return ServiceOutcome::mismatch(
        tr("Malformed %1 answer: %2").arg(label, problem),
        tr("Port %1 on %2 answers with bytes that start like %3 but break its format: a different service or a "
           "proxy that alters the traffic. Check what answers port %1.")
            .arg(ctx.port)
            .arg(ctx.host, label));
}
