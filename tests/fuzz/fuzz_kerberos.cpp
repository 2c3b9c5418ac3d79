// libFuzzer target: the KDC reply parser, its TCP framing and the DER reader.
#include "derreader.h"
#include "kerberoswire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    KerberosWire::parseReply(bytes);
    QByteArrayView message;
    if (KerberosWire::tcpMessage(bytes, &message) == FrameStatus::Complete)
        KerberosWire::parseReply(message);
    // walk every nested TLV, as deep as the bytes go
    DerReader reader(bytes);
    quint8 tag = 0;
    QByteArrayView value;
    int depth = 0;
    while (reader.next(&tag, &value) && depth < 64) {
        qint64 v = 0;
        DerReader::toInteger(value, &v);
        if (tag & 0x20) {
            reader = DerReader(value);
            ++depth;
        }
    }
    return 0;
}
