// libFuzzer target: HostSyntax (what a profile accepts as a host). An accepted host is not empty, has no
// white space or control character, stays accepted once normalized, and normalizing it is idempotent; a
// refused one has a problem sentence and a reason.
#include "hostsyntax.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
[[noreturn]] void finding(const char *what, const QString &host)
{
    fprintf(stderr, "fuzz_hostsyntax: %s: \"%s\"\n", what, qPrintable(host));
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString host = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString problem = HostSyntax::problem(host);
    const QString reason = HostSyntax::reason(host);
    if (problem.isEmpty() != reason.isEmpty())
        finding("problem and reason disagree", host);
    const QString normal = HostSyntax::normalized(host);
    if (!problem.isEmpty())
        return 0;
    if (HostSyntax::normalized(normal) != normal)
        finding("normalized() of an accepted host is not idempotent", host);
    if (normal.isEmpty())
        finding("an empty host accepted", host);
    for (const QChar c : normal) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            finding("a host with white space or a control character accepted", host);
    }
    if (!HostSyntax::isValid(normal))
        finding("an accepted host is refused once normalized", host);
    if (normal.contains(QLatin1Char('/')) || normal.contains(QLatin1Char('[')) || normal.contains(QLatin1Char(']')))
        finding("an accepted host keeps '/' or brackets", host);
    return 0;
}
