// libFuzzer target: the HTTP/1.1 response head reader, chunked decoding and WebSocket validation.
#include "httpwire.h"
#include "websocketwire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    HttpWire::ResponseHead head;
    if (HttpWire::parseResponseHead(bytes, &head, 4096) == HttpWire::Parse::Complete) {
        if (head.headBytes <= 0 || head.headBytes > bytes.size() || head.status < 0 || head.status > 999)
            __builtin_trap();
        HttpWire::summary(head);
        WebSocketWire::validateUpgrade(head, QByteArrayLiteral("dGhlIHNhbXBsZSBub25jZQ=="));
        QByteArray body;
        HttpWire::decodeChunked(bytes.mid(head.headBytes), &body, 4096);
    }
    QByteArray body;
    if (HttpWire::decodeChunked(bytes, &body, 4096) == HttpWire::Parse::Complete && body.size() > 4096)
        __builtin_trap();
    HttpWire::looksLikeWeb(bytes);
    return 0;
}
