#include "websocketcheck.h"

#include "httpwire.h"
#include "websocketwire.h"

WebSocketCheck::WebSocketCheck(bool tls, QObject *parent)
    : ProtocolCheck(QStringLiteral("WebSocket"), MaxTextReply, parent)
{
    useChannel(tls, true, {QByteArrayLiteral("http/1.1")});
}

WebSocketCheck::~WebSocketCheck() = default;

QByteArray WebSocketCheck::request()
{
    m_path = context().websocketPath.trimmed().toUtf8();
    if (!m_path.startsWith('/'))
        m_path.prepend('/');
    m_key = WebSocketWire::newKey();
    return WebSocketWire::upgradeRequest(m_path, HttpWire::hostHeader(context().host, context().port, usesTls()),
                                         m_key);
}

std::optional<ServiceOutcome> WebSocketCheck::received(QByteArray &buffer)
{
    HttpWire::ResponseHead head;
    switch (HttpWire::parseResponseHead(buffer, &head)) {
    case HttpWire::Parse::NeedMore:
        return std::nullopt;
    case HttpWire::Parse::TooLarge:
    case HttpWire::Parse::Malformed:
        return ServiceOutcome::mismatch(
            tr("not an HTTP answer to the WebSocket upgrade (first bytes: %1)").arg(firstBytesHex(buffer)),
            tr("Another service listens on %1: check the port and the host.").arg(endpoint()));
    case HttpWire::Parse::Complete:
        break;
    }

    QString problem;
    const QString path = QString::fromUtf8(m_path);
    switch (WebSocketWire::validateUpgrade(head, m_key, &problem)) {
    case WebSocketWire::Upgrade::Accepted: {
        send(WebSocketWire::closeFrame());
        QString detail = tr("WebSocket upgrade to %1: 101 Switching Protocols, Sec-WebSocket-Accept valid").arg(path);
        const QByteArray server = head.header("Server");
        if (!server.isEmpty())
            detail += tr(", Server: %1").arg(QString::fromLatin1(server.left(80)));
        return ServiceOutcome::ok(detail);
    }
    case WebSocketWire::Upgrade::NotUpgraded:
        return ServiceOutcome::mismatch(
            tr("something in the path strips the WebSocket upgrade (%1 instead of 101)").arg(HttpWire::summary(head)),
            tr("A load balancer, reverse proxy or web proxy on the way does not pass the WebSocket upgrade to %1: it "
               "must forward the Upgrade and Connection headers (HTTP/1.1 to the backend), allow long-lived "
               "connections (idle timeout of several minutes) and not inspect or buffer the stream.")
                .arg(path));
    case WebSocketWire::Upgrade::BadAccept:
    case WebSocketWire::Upgrade::BadHeaders:
        return ServiceOutcome::mismatch(
            tr("broken WebSocket upgrade: %1").arg(problem),
            tr("A device on the way rewrites the WebSocket handshake; let the load balancer or proxy pass it "
               "unchanged."));
    }
    return std::nullopt;
}
