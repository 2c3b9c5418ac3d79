// libFuzzer target: ResultsFile, the streaming reader of results files (a merged file of a fleet is over a
// gigabyte). Whatever it accepts, RunResults::fromJson (QJsonDocument) accepts too and reads the same; its
// errors are never empty; and each check element reads as Check::fromJson reads it.
#include "resultsfile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace {
[[noreturn]] void finding(const char *what)
{
    fprintf(stderr, "fuzz_resultsfile: %s\n", what);
    std::abort();
}

struct Tally
{
    long seen = 0;
    long accepted = 0;
    ~Tally() { fprintf(stderr, "fuzz_resultsfile: %ld of %ld inputs accepted (compared with fromJson)\n", accepted, seen); }
} tally;

const QString &inputPath()
{
    static const QString path = QDir::temp().filePath(QStringLiteral("fuzz_resultsfile.%1.json").arg(::getpid()));
    return path;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    {
        QFile f(inputPath());
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
            finding("cannot write the input file");
    }
    ++tally.seen;
    QStringList errors;
    qint64 handed = 0;
    ResultsFile::ReadOptions options;
    options.eachVantageCheck = [&handed](const Check &) { ++handed; };
    const RunResults streamed = ResultsFile::read(inputPath(), &errors, options);
    for (const QString &e : errors)
        if (e.trimmed().isEmpty())
            finding("an empty error message");
    if (errors.isEmpty()) {
        ++tally.accepted;
        QStringList again;
        const RunResults whole = RunResults::fromJson(json, &again);
        if (!again.isEmpty()) {
            fprintf(stderr, "%s\n", qPrintable(again.join(QLatin1Char('\n'))));
            finding("the stream reader accepted what fromJson refuses");
        }
        if (whole.toJsonBytes() != streamed.toJsonBytes() || whole.vantageCheckCount != streamed.vantageCheckCount
            || handed != streamed.vantageCheckCount)
            finding("the stream reader and fromJson read different results");
    }
    // each element of a "checks" list, the fast way and through QJsonDocument
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    for (const QJsonValue &v : doc.object().value(QStringLiteral("checks")).toArray()) {
        const QByteArray element = QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        QStringList fast;
        QStringList slow;
        const Check a = ResultsFile::parseCheck(element, QStringLiteral("c"), &fast);
        const Check b = Check::fromJson(v.toObject(), QStringLiteral("c"), &slow);
        if (fast != slow || a.toJson() != b.toJson())
            finding("parseCheck and Check::fromJson disagree");
    }
    return 0;
}
