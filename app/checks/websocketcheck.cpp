#include "websocketcheck.h"

#include "httpwire.h"
#include "websocketwire.h"

WebSocketCheck::WebSocketCheck(bool tls, QObject *parent)
    : StreamCheck(tls, parent)
{
}

WebSocketCheck::~WebSocketCheck() = default;

void WebSocketCheck::begin()
{
    m_path = context().websocketPath.trimmed().toUtf8();
    if (!m_path.startsWith('/'))
        m_path.prepend('/');
    m_key = WebSocketWire::newKey();
    send(WebSocketWire::upgradeRequest(m_path, HttpWire::hostHeader(context().host, context().port, usesTls()),
                                       m_key));
}

void WebSocketCheck::received()
{
    HttpWire::ResponseHead head;
    switch (HttpWire::parseResponseHead(buffer(), &head)) {
    case HttpWire::Parse::NeedMore:
        return;
    case HttpWire::Parse::TooLarge:
    case HttpWire::Parse::Malformed:
        finish(ServiceOutcome::mismatch(
            tr("not an HTTP answer to the WebSocket upgrade (first bytes: %1)")
                .arg(firstBytesHex()),
            tr("Another service listens on %1: check the port and the host.").arg(endpoint())));
        return;
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
        finish(ServiceOutcome::ok(detail));
        return;
    }
    case WebSocketWire::Upgrade::NotUpgraded:
        finish(ServiceOutcome::mismatch(
            tr("something in the path strips the WebSocket upgrade (%1 instead of 101)").arg(HttpWire::summary(head)),
            tr("A load balancer, reverse proxy or web proxy on the way does not pass the WebSocket upgrade to %1: it "
               "must forward the Upgrade and Connection headers (HTTP/1.1 to the backend), allow long-lived "
               "connections (idle timeout of several minutes) and not inspect or buffer the stream.")
                .arg(path)));
        return;
    case WebSocketWire::Upgrade::BadAccept:
    case WebSocketWire::Upgrade::BadHeaders:
        finish(ServiceOutcome::mismatch(
            tr("broken WebSocket upgrade: %1").arg(problem),
            tr("A device on the way rewrites the WebSocket handshake; let the load balancer or proxy pass it "
               "unchanged.")));
        return;
    }
}
