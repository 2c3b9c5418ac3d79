// libFuzzer target: TDS packet framing and the PRELOGIN response parser.
#include "tdswire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    TdsWire::parsePrelogin(bytes);
    QByteArrayView packet;
    if (TdsWire::packet(bytes, &packet) == FrameStatus::Complete)
        TdsWire::parsePrelogin(packet);
    return 0;
}
