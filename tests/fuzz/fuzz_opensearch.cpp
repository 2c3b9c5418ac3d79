// libFuzzer target: OpenSearchCheck's reader (HTTP head, chunked or Content-Length body, the JSON of the
// root endpoint) fed by a loopback server in pieces the input chooses (checkstream.h).
#include "checkstream.h"
#include "httpwire.h"
#include "opensearchcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 70000)
        return -1;
    const ServiceOutcome out = CheckStream::run([] { return std::make_unique<OpenSearchCheck>(); }, data, size);
    if (out.service == ServiceStatus::Ok) {
        // a pass needs a whole HTTP head at the front of what was sent, then JSON or a security refusal
        const QByteArray sent(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
        HttpWire::ResponseHead head;
        if (HttpWire::parseResponseHead(sent, &head) != HttpWire::Parse::Complete)
            CheckStream::finding("OpenSearch passed without a complete HTTP head");
        if (head.status != 401 && head.status != 403 && !sent.mid(head.headBytes).contains('{'))
            CheckStream::finding("OpenSearch passed without a JSON object in the body");
    }
    return 0;
}
