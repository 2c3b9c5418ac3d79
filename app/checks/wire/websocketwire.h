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

enum class Upgrade { Accepted, NotUpgraded, BadAccept, BadHeaders };
// Checks the response to upgradeRequest(key): 101, Upgrade: websocket, Connection: upgrade, the
// right Sec-WebSocket-Accept. problem says what is wrong in one phrase.
Upgrade validateUpgrade(const HttpWire::ResponseHead &head, const QByteArray &key, QString *problem = nullptr);

// A masked Close frame with status 1000 (normal closure), as a client must send it.
QByteArray closeFrame();

} // namespace WebSocketWire
