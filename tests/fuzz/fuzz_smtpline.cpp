// libFuzzer target: SMTP replies (multi-line) and EHLO keywords (SmtpWire), reply after reply.
#include "smtpwire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray buffer(reinterpret_cast<const char *>(data), qsizetype(size));
    for (int replies = 0; replies < 64; ++replies) {
        SmtpWire::Reply reply;
        int consumed = 0;
        if (SmtpWire::parseReply(buffer, &reply, &consumed, 4096) != SmtpWire::Parse::Complete)
            break;
        if (consumed <= 0 || consumed > buffer.size() || reply.code < 200 || reply.code > 599 || reply.lines.isEmpty())
            __builtin_trap();
        SmtpWire::ehloKeywords(reply);
        buffer.remove(0, consumed);
    }
    return 0;
}
