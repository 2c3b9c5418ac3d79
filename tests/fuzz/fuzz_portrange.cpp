// libFuzzer target: PortRange::parse ("443", "47100-47200"). A range it accepts is 1-65535, first <= last,
// and round-trips through its text form; a text it refuses comes with a reason.
#include "portrange.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
[[noreturn]] void finding(const char *what, const QString &text)
{
    fprintf(stderr, "fuzz_portrange: %s: \"%s\"\n", what, qPrintable(text));
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const PortRange range = PortRange::parse(text, &error);
    if (!range.isValid()) {
        if (error.isEmpty())
            finding("refused without a reason", text);
        if (range.count() != 0)
            finding("an invalid range counts ports", text);
        return 0;
    }
    if (!error.isEmpty())
        finding("accepted with an error", text);
    if (range.first < 1 || range.first > range.last || range.count() < 1 || range.count() > 65535)
        finding("an accepted range outside 1-65535 or backwards", text);
    if (!range.contains(range.first) || !range.contains(range.last) || range.isSingle() != (range.count() == 1))
        finding("contains/isSingle disagree with the bounds", text);
    QString again;
    const PortRange reread = PortRange::parse(range.toString(), &again);
    if (reread != range || !again.isEmpty())
        finding("the text form does not read back to the same range", text);
    if (PortRange::parse(QLatin1Char(' ') + range.toString() + QLatin1Char(' ')) != range)
        finding("surrounding spaces change the range", text);
    return 0;
}
