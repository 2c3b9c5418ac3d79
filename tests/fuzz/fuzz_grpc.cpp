// libFuzzer target: GrpcCheck's HTTP/2 reader (server preface: a SETTINGS frame, or an HTTP/1.x answer)
// fed by a loopback server in pieces the input chooses (checkstream.h).
#include "checkstream.h"
#include "grpccheck.h"
#include "h2wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 70000)
        return -1;
    const ServiceOutcome out = CheckStream::run([] { return std::make_unique<GrpcCheck>(); }, data, size);
    if (out.service == ServiceStatus::Ok) {
        // a pass needs a whole, well-formed SETTINGS frame on stream 0 at the front of what was sent
        const QByteArray sent(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
        H2Wire::FrameHeader frame;
        if (!H2Wire::parseFrameHeader(sent, &frame) || frame.type != H2Wire::Settings || frame.streamId != 0
            || frame.length % 6 != 0 || sent.size() < H2Wire::FrameHeaderSize + qsizetype(frame.length))
            CheckStream::finding("HTTP/2 passed without a complete SETTINGS frame first");
    }
    return 0;
}
