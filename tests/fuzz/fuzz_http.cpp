// libFuzzer target: the HTTP/1.1 response head reader, chunked decoding and WebSocket validation, and
// what the checks read from a head: Content-Length, the realms and schemes of WWW-/Proxy-Authenticate,
// an Azure Application Gateway's marks, and whether a proxy made the answer or relayed it.
#include "httpwire.h"
#include "websocketwire.h"

#include <cstddef>
#include <cstdint>

namespace {

// Every value HttpWire returns comes out of the head: never longer than the header lines themselves.
void checkParts(const QList<QByteArray> &parts, int headBytes)
{
    qsizetype total = 0;
    for (const QByteArray &p : parts)
        total += p.size();
    if (total > headBytes)
        __builtin_trap();
}

} // namespace

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

        qint64 length = -1;
        switch (HttpWire::contentLength(head, &length)) {
        case HttpWire::Length::Valid:
            // 1*DIGIT of at most 15 digits (RFC 9110 8.6, the parser's bound)
            if (length < 0 || length > 999999999999999LL)
                __builtin_trap();
            break;
        case HttpWire::Length::Absent:
            if (head.hasHeader("Content-Length"))
                __builtin_trap();
            break;
        case HttpWire::Length::Invalid:
            break;
        }
        for (const char *header : {"WWW-Authenticate", "Proxy-Authenticate"}) {
            const QByteArray name(header);
            const QList<QByteArray> realms = HttpWire::authRealms(head, name);
            const QList<QByteArray> schemes = HttpWire::authSchemes(head, name);
            checkParts(realms, head.headBytes);
            checkParts(schemes, head.headBytes);
            if (!head.hasHeader(name) && (!realms.isEmpty() || !schemes.isEmpty()))
                __builtin_trap(); // a realm or scheme from a header that is not there
        }
        const bool gateway = HttpWire::fromAzureApplicationGateway(head);
        if (gateway && !head.hasHeader("Server") && !head.hasHeader("Set-Cookie"))
            __builtin_trap(); // the gateway is told by its Server header or its cookies only
        const HttpWire::AnswerFrom from = HttpWire::proxyAnswerOrigin(head, bytes.mid(head.headBytes));
        if (from == HttpWire::AnswerFrom::Relayed && !head.hasHeader("Via"))
            __builtin_trap(); // relayed needs the Via a proxy adds (RFC 9110 7.6.3)
        if (head.hasHeader("Proxy-Authenticate") && from != HttpWire::AnswerFrom::Proxy)
            __builtin_trap(); // a proxy's challenge is the proxy's own answer
    }
    QByteArray body;
    if (HttpWire::decodeChunked(bytes, &body, 4096) == HttpWire::Parse::Complete && body.size() > 4096)
        __builtin_trap();
    HttpWire::looksLikeWeb(bytes);
    return 0;
}
