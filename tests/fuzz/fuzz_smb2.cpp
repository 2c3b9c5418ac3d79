// libFuzzer target: SMB2/SMB1 NEGOTIATE response parser and the direct-TCP framing.
#include "smb2wire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const SmbNegotiateReply r = Smb2Wire::parseNegotiateReply(bytes);
    Smb2Wire::dialectName(r.dialect);
    Smb2Wire::cipherName(r.cipher);
    QByteArrayView message;
    if (Smb2Wire::directTcpMessage(bytes, &message) == FrameStatus::Complete)
        Smb2Wire::parseNegotiateReply(message);
    return 0;
}
