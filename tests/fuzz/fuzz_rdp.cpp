// libFuzzer target: TPKT framing and the X.224 Connection Confirm / RDP negotiation parser.
#include "rdpwire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    RdpWire::parseConfirm(bytes);
    QByteArrayView packet;
    if (RdpWire::tpktPacket(bytes, &packet) == FrameStatus::Complete)
        RdpWire::parseConfirm(packet);
    return 0;
}
