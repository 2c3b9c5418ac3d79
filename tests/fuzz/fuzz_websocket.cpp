// libFuzzer target: WebSocketCheck's reader of the upgrade answer (RFC 6455 4.2.2) fed by a loopback server
// in pieces the input chooses; "{accept}" in the input becomes the right Sec-WebSocket-Accept
// (checkstream.h). Also WebSocketWire::validateUpgrade on the same bytes with a fixed key.
#include "checkstream.h"
#include "httpwire.h"
#include "websocketcheck.h"
#include "websocketwire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 70000)
        return -1;
    CheckStream::run([] { return std::make_unique<WebSocketCheck>(false); }, data, size);

    // the pure validation: Accepted only for a 101 carrying exactly the accept value of our key
    const QByteArray key = QByteArrayLiteral("dGhlIHNhbXBsZSBub25jZQ=="); // RFC 6455 1.3's example
    QByteArray answer = size > 1 ? QByteArray(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1))
                                 : QByteArray();
    answer.replace("{accept}", WebSocketWire::acceptFor(key));
    HttpWire::ResponseHead head;
    if (HttpWire::parseResponseHead(answer, &head) != HttpWire::Parse::Complete)
        return 0;
    if (head.headBytes <= 0 || head.headBytes > answer.size())
        CheckStream::finding("a complete head whose length is outside the buffer");
    QString problem;
    const WebSocketWire::Upgrade upgrade = WebSocketWire::validateUpgrade(head, key, &problem);
    if (upgrade == WebSocketWire::Upgrade::Accepted) {
        if (head.status != 101 || head.header("Sec-WebSocket-Accept").trimmed() != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
            || !problem.isEmpty())
            CheckStream::finding("an upgrade accepted without 101 and the right Sec-WebSocket-Accept");
    } else if (problem.isEmpty()) {
        CheckStream::finding("an upgrade refused without saying why");
    }
    if (WebSocketWire::redirectsToHttps(head) && (head.status < 300 || head.status > 399))
        CheckStream::finding("a redirect to HTTPS that is not a 3xx");
    return 0;
}
