// libFuzzer target: AMQP frame splitting and the Connection.Start / protocol header parser.
#include "amqpwire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    AmqpWire::parseReply(bytes);
    QByteArrayView frame;
    if (AmqpWire::frame(bytes, &frame) == FrameStatus::Complete)
        AmqpWire::parseReply(frame);
    return 0;
}
