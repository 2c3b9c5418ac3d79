// libFuzzer target: RunResults::fromJson, the reader of results files from other machines (--merge), and
// ResultMerge over what it accepted. A file read without errors is written back, and that text reads
// again without errors into the same results (a merged file must survive being merged again).
#include "fuzzreader.h"
#include "resultmerge.h"
#include "runresults.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
FuzzReader::Tally tally{"fuzz_runresults"};

[[noreturn]] void finding(const char *what)
{
    FuzzReader::finding("fuzz_runresults", what);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    QStringList errors;
    const RunResults results = RunResults::fromJson(json, &errors);
    for (const QString &error : errors) {
        if (error.trimmed().isEmpty())
            finding("an empty error message");
    }
    if (results.summary().total() != results.checks.size())
        finding("the summary does not count every check");
    (void)results.toCsv();
    ++tally.seen;
    if (!errors.isEmpty())
        return 0;
    ++tally.accepted;

    const QByteArray written = results.toJsonBytes();
    QStringList again;
    const RunResults reread = RunResults::fromJson(written, &again);
    if (!again.isEmpty()) {
        fprintf(stderr, "%s\n", qPrintable(again.join(QLatin1Char('\n'))));
        finding("a results file it wrote does not read back");
    }
    if (reread.checks.size() != results.checks.size() || reread.sources.size() != results.sources.size())
        finding("checks or sources lost in the round trip");
    if (reread.toJsonBytes() != written)
        finding("the written results change when read and written again");

    const RunResults merged = ResultMerge::merge({results, reread});
    if (merged.checks.size() > results.checks.size() * 2)
        finding("a merge of a file with itself has more checks than both inputs");
    if (merged.summary().total() != merged.checks.size())
        finding("the merged summary does not count every check");
    return 0;
}
