#include "websocketcheck.h"

#include "httpcheck.h"
#include "httpwire.h"
#include "securechannel.h"
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
        return ServiceOutcome::mismatch(
            tr("an answer to the WebSocket upgrade whose HTTP head is larger than 16 KiB"),
            tr("No web server sends such a head: check what answers on %1.").arg(endpoint()));
    case HttpWire::Parse::Malformed:
        return ServiceOutcome::mismatch(
            tr("not an HTTP answer to the WebSocket upgrade (first bytes: %1)").arg(firstBytesHex(buffer)),
            tr("Another service listens on %1: check the port and the host.").arg(endpoint()));
    case HttpWire::Parse::Complete:
        break;
    }
    ServiceOutcome out = judge(head);
    HttpCheck::noteGateway(head, &out);
    return out;
}

ServiceOutcome WebSocketCheck::judge(const HttpWire::ResponseHead &head)
{
    QString problem;
    const QString path = QString::fromUtf8(m_path);
    const QString summary = HttpWire::summary(head);
    // RFC 6455 4.1: an answer other than 101 is ordinary HTTP, a web server that did not take the upgrade
    // there; only an answer no web server gives proves something else in the path
    auto notTaken = [](const QString &detail, const QString &advice) {
        ServiceOutcome out = ServiceOutcome::ok(detail);
        out.softFinding = true;
        out.advice = advice;
        return out;
    };
    if (head.status == 407) {
        const QList<QByteArray> schemes = HttpWire::authSchemes(head, "Proxy-Authenticate");
        return SecureChannel::proxyNeedsAuthentication(endpoint(), QString::fromLatin1(schemes.join(", ").left(80)));
    }
    switch (WebSocketWire::validateUpgrade(head, m_key, &problem)) {
    case WebSocketWire::Upgrade::Accepted: {
        send(WebSocketWire::closeFrame());
        QString detail = tr("WebSocket upgrade to %1: 101 Switching Protocols, Sec-WebSocket-Accept valid").arg(path);
        const QByteArray server = head.header("Server");
        if (!server.isEmpty())
            detail += tr(", Server: %1").arg(QString::fromLatin1(server.left(80)));
        return ServiceOutcome::ok(detail);
    }
    case WebSocketWire::Upgrade::Redirected: {
        const QString location = QString::fromLatin1(head.header("Location").left(120));
        if (WebSocketWire::redirectsToHttps(head))
            return notTaken(tr("%1 to %2 instead of 101: HTTP redirects to HTTPS").arg(summary, location),
                            tr("%1 answers plain HTTP with a redirect to HTTPS, as load balancers often do, so no "
                               "WebSocket is possible here: browsers and Bot Agents use wss:// on the HTTPS port. "
                               "Check the https+websocket flow instead, or remove this port from the profile.")
                                .arg(endpoint()));
        return notTaken(tr("%1 to %2 instead of 101: no WebSocket endpoint at %3: set websocket_path")
                            .arg(summary, location.isEmpty() ? tr("nowhere") : location, path),
                        tr("The web server on %1 redirects %2 instead of taking the WebSocket upgrade: set "
                           "websocket_path in the profile to the Control Room's WebSocket path.")
                            .arg(endpoint(), path));
    }
    case WebSocketWire::Upgrade::NoEndpoint:
        return notTaken(tr("%1 instead of 101: no WebSocket endpoint at %2: set websocket_path").arg(summary, path),
                        tr("The web server on %1 answers, but not with a WebSocket at %2 (HTTP %3%4): set "
                           "websocket_path in the profile to the Control Room's WebSocket path.")
                            .arg(endpoint(), path)
                            .arg(head.status)
                            .arg(head.status == 404 ? QString() : tr(", it asks for a login or refuses this client")));
    case WebSocketWire::Upgrade::OtherStatus:
        return notTaken(
            tr("%1 instead of 101: the web server did not take the WebSocket upgrade at %2").arg(summary, path),
            head.status >= 500
                ? tr("The web server or load balancer on %1 answers, but its backend does not (HTTP %2): "
                     "check that the Control Room behind it runs and that the load balancer forwards "
                     "WebSocket upgrades (Upgrade and Connection headers, HTTP/1.1 to the backend).")
                      .arg(endpoint())
                      .arg(head.status)
                : tr("The web server on %1 refused the upgrade at %2 (HTTP %3): check websocket_path, and "
                     "that the load balancer or proxy in front forwards the Upgrade and Connection "
                     "headers unchanged.")
                      .arg(endpoint(), path)
                      .arg(head.status));
    case WebSocketWire::Upgrade::Stripped:
        return ServiceOutcome::mismatch(
            tr("something in the path strips the WebSocket upgrade (%1 instead of 101)").arg(summary),
            tr("A load balancer, reverse proxy or web proxy on the way does not pass the WebSocket upgrade to %1: it "
               "must forward the Upgrade and Connection headers (HTTP/1.1 to the backend), allow long-lived "
               "connections (idle timeout of several minutes) and not inspect or buffer the stream.")
                .arg(path));
    case WebSocketWire::Upgrade::AbsurdLength:
        return ServiceOutcome::mismatch(
            tr("not a web server's answer to the WebSocket upgrade: %1").arg(problem),
            tr("No web server answers a handshake with such a length: check what answers on %1.").arg(endpoint()));
    case WebSocketWire::Upgrade::BadAccept:
    case WebSocketWire::Upgrade::BadHeaders:
        break;
    }
    return ServiceOutcome::mismatch(tr("broken WebSocket upgrade: %1").arg(problem),
                                    tr("A device on the way rewrites the WebSocket handshake; let the load balancer "
                                       "or proxy pass it unchanged."));
}
