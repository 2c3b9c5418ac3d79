#pragma once

#include "httpwire.h"

#include <QByteArray>
#include <QString>

// The WebSocket opening handshake (RFC 6455 4.1 client requirements, 4.2.2 server answer, 5.5.1 Close).
namespace WebSocketWire {

// A fresh Sec-WebSocket-Key: base64 of 16 random bytes.
QByteArray newKey();
// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
QByteArray acceptFor(const QByteArray &key);
QByteArray upgradeRequest(const QByteArray &target, const QByteArray &host, const QByteArray &key);

// What the answer to upgradeRequest(key) was. Only 101 is a WebSocket answer; any other status is
// ordinary HTTP (RFC 6455 4.1): a web server that did not take the upgrade at that path.
enum class Upgrade {
    Accepted,     // 101, Upgrade: websocket, Connection: upgrade, the right Sec-WebSocket-Accept
    Stripped,     // 2xx: the Upgrade header was lost on the way and the page was served
    Redirected,   // 3xx (redirectsToHttps() tells a port-80-to-HTTPS redirect)
    NoEndpoint,   // 401, 403, 404: nothing (open to this client) at that path
    OtherStatus,  // any other status (400, 426, 5xx...)
    BadAccept,    // 101 with a wrong Sec-WebSocket-Accept
    BadHeaders,   // 101 without Upgrade: websocket or Connection: upgrade
    AbsurdLength, // a Content-Length no web server sends with a handshake answer
};
// problem says what is wrong in one phrase (empty for Accepted).
Upgrade validateUpgrade(const HttpWire::ResponseHead &head, const QByteArray &key, QString *problem = nullptr);

// A 3xx whose Location is an https:// or wss:// URL.
bool redirectsToHttps(const HttpWire::ResponseHead &head);

// A masked Close frame with status 1000 (normal closure), as a client must send it.
QByteArray closeFrame();

} // namespace WebSocketWire
