// libFuzzer target: HTTP/2 frame headers and SETTINGS payloads (H2Wire), frame after frame.
#include "h2wire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    int at = 0;
    for (int frames = 0; frames < 64; ++frames) {
        H2Wire::FrameHeader frame;
        if (!H2Wire::parseFrameHeader(bytes.mid(at), &frame))
            break;
        if (frame.length > 0xffffff || frame.streamId > 0x7fffffff)
            __builtin_trap();
        const QByteArray payload = bytes.mid(at + H2Wire::FrameHeaderSize, int(frame.length));
        H2Wire::frameTypeName(frame.type);
        if (frame.type == H2Wire::Settings) {
            QList<QPair<quint16, quint32>> settings;
            if (H2Wire::parseSettings(payload, &settings) && settings.size() * 6 != payload.size())
                __builtin_trap();
            H2Wire::describeSettings(settings);
        }
        if (payload.size() < int(frame.length))
            break;
        at += H2Wire::FrameHeaderSize + int(frame.length);
    }
    return 0;
}
