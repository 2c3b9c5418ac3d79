#pragma once

#include "httpwire.h"
#include "protocolcheck.h"

// http+websocket / https+websocket: the WebSocket opening handshake (RFC 6455 4.1, 4.2.2).
//
// Written by hand over the engine's socket rather than with QWebSocket: QWebSocket opens its own
// connection (a second connect the engine neither times nor bounds), hides the raw answer that tells
// a stripped upgrade from a refused one, and would need its own proxy and TLS set-up. Here the
// answer is read bounded and the Sec-WebSocket-Accept is verified by WebSocketWire. An answer other than
// 101 is ordinary HTTP (4.1): a redirect or 401/403/404 is a web server without a WebSocket there (a soft
// finding); a mismatch needs evidence (not HTTP, a 2xx page served to the upgrade, an absurd length, a
// 101 with a wrong Sec-WebSocket-Accept).
class WebSocketCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketCheck)

public:
    explicit WebSocketCheck(bool tls, QObject *parent = nullptr);
    ~WebSocketCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;

private:
    ServiceOutcome judge(const HttpWire::ResponseHead &head);

    QByteArray m_key;
    QByteArray m_path;
};
