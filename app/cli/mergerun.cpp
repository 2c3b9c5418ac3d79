#include "mergerun.h"
#include "outputfiles.h"

#include "consolestop.h"
#include "fleettally.h"
#include "resultmerge.h"
#include "resultsfile.h"
#include "runresults.h"
#include "topologytemplate.h"

#include "changerequestreport.h"
#include "diagramexport.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <future>
#include <memory>

namespace {
// The context of the merge's messages for translators.
class MergeRun
{
    Q_DECLARE_TR_FUNCTIONS(MergeRun)
};

constexpr int exitOk = 0;
constexpr int exitFailed = 1;
constexpr int exitUnusable = 2;
constexpr int exitInterrupted = 130;
constexpr int inFlight = 2;            // files read at once, on worker threads (this machine has two cores)
constexpr int problemsPerFile = 20;    // messages shown for one file; the rest are counted

// Qt's indented JSON puts the elements of a top-level list at eight spaces.
const QByteArray firstElement = QByteArrayLiteral("\n        ");
const QByteArray nextElement = QByteArrayLiteral(",\n        ");

void complain(const QString &message)
{
    QTextStream(stderr) << "topocheck: " << message << Qt::endl;
}

// An output written piece by piece: through QSaveFile (the file appears whole at commit(), or not at all),
// or directly to standard output or a device.
class Output
{
public:
    bool open(const QString &option, const QString &path)
    {
        m_option = option;
        m_path = path;
        if (path.isEmpty())
            return true;
        bool opened = false;
        if (path == QLatin1String("-") && option == QLatin1String("--json")) {
            m_device = std::make_unique<QFile>();
            opened = static_cast<QFile *>(m_device.get())->open(stdout, QIODevice::WriteOnly);
        } else if (OutputFiles::isSpecialFile(path)) {
            m_device = std::make_unique<QFile>(path);
            opened = m_device->open(QIODevice::WriteOnly | QIODevice::Unbuffered);
        } else {
            // Unbuffered: a short write (a full disk, `ulimit -f`) shows at that write, where it is checked;
            // a buffered QSaveFile would drop it at commit() and keep a cut file.
            m_save = new QSaveFile(path);
            m_device.reset(m_save);
            opened = m_device->open(QIODevice::WriteOnly | QIODevice::Unbuffered);
        }
        if (!opened)
            complain(m_option + QLatin1String(": ") + MergeRun::tr("cannot write %1: %2").arg(path, m_device->errorString()));
        return opened;
    }
    bool isOpen() const { return m_device != nullptr; }
    void write(QByteArrayView bytes)
    {
        if (!m_device || m_failed || bytes.isEmpty())
            return;
        const qint64 written = m_device->write(bytes.data(), bytes.size());
        if (written != bytes.size()) {
            m_failed = true;
            // a short write sets no error of its own (Qt says "Unknown error")
            if (written >= 0 && m_device->error() == QFileDevice::NoError)
                m_shortWrite = MergeRun::tr("the disk is full or a file size limit was reached (%1 of %2 bytes written)")
                                   .arg(written)
                                   .arg(bytes.size());
        }
    }
    bool failed()
    {
        if (m_failed)
            complain(m_option + QLatin1String(": ")
                     + MergeRun::tr("cannot write %1: %2").arg(m_path, m_shortWrite.isEmpty() ? m_device->errorString() : m_shortWrite));
        return m_failed;
    }
    bool commit()
    {
        if (!m_device || m_failed)
            return !failed();
        const bool ok = m_save ? m_save->commit() : static_cast<QFile *>(m_device.get())->flush();
        if (!ok) {
            m_failed = true;
            return !failed();
        }
        return true;
    }
    // Nothing is left of a file that was not committed.
    void discard()
    {
        if (m_save)
            m_save->cancelWriting();
        m_device.reset();
        m_save = nullptr;
    }

private:
    QString m_option;
    QString m_path;
    std::unique_ptr<QFileDevice> m_device;
    QSaveFile *m_save = nullptr;
    bool m_failed = false;
    QString m_shortWrite;
};

QByteArray jsonString(const QString &text)
{
    const QByteArray list = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return list.mid(1, list.size() - 2);
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// One input, read and prepared on a worker thread.
struct Input
{
    QStringList errors;
    RunResults run; // the header and every check
    bool merged = false; // a merged file: its machines come with their own vantage checks and tallies
    QByteArray vantageJson; // its tested checks as "vantage_checks" elements, each with tested_from
    qint64 vantageChecks = 0;
    QByteArray csv; // their CSV rows
};

// An element copied as it was read, with "tested_from" put first when it has none.
void appendElement(Input *in, QByteArrayView element, const QByteArray &testedFrom)
{
    in->vantageJson += in->vantageChecks++ == 0 ? QByteArray() : nextElement;
    if (testedFrom.isEmpty() || element.isEmpty()) {
        in->vantageJson += element;
        return;
    }
    qsizetype indent = 1;
    while (indent < element.size() && isSpace(element.at(indent)))
        ++indent;
    in->vantageJson += '{';
    in->vantageJson += element.sliced(1, indent - 1);
    in->vantageJson += testedFrom;
    in->vantageJson += ',';
    in->vantageJson += element.sliced(1);
}

// One CSV field as RunResults::csvRow writes it (a leading =, +, - or @ gets a quote mark; a field with a
// comma, a quote or a line break is quoted), appended as UTF-8 without a QString round trip per field.
void appendCsvField(QByteArray *out, QStringView field)
{
    if (field.isEmpty())
        return;
    const bool formula = QStringView(u"=+-@").contains(field.front());
    bool quoted = false;
    bool ascii = true;
    for (const QChar c : field) {
        const char16_t u = c.unicode();
        quoted = quoted || u == u',' || u == u'"' || u == u'\n' || u == u'\r';
        ascii = ascii && u < 0x80;
    }
    if (quoted)
        *out += '"';
    if (formula)
        *out += '\'';
    if (ascii && !quoted) {
        const qsizetype at = out->size();
        out->resize(at + field.size());
        char *p = out->data() + at;
        for (const QChar c : field)
            *p++ = char(c.unicode());
    } else if (quoted) {
        *out += field.toUtf8().replace('"', "\"\"");
    } else {
        *out += field.toUtf8();
    }
    if (quoted)
        *out += '"';
}

// The names of a few enumerations as bytes, made once per thread: every CSV row has them.
template<typename E, typename Name>
const QByteArray &nameBytes(E value, Name name)
{
    static thread_local QByteArray cache[16];
    const int i = int(value);
    if (i < 0 || i >= 16) {
        static thread_local QByteArray other;
        other = name(value).toUtf8();
        return other;
    }
    if (cache[i].isNull())
        cache[i] = name(value).toUtf8();
    return cache[i];
}

// RunResults::csvRow(check, true), byte for byte, with `testedFrom` standing in for an empty tested_from.
void appendCsvRow(QByteArray *out, const Check &c, const QString &testedFrom)
{
    const auto field = [out](QStringView text, bool last = false) {
        appendCsvField(out, text);
        *out += last ? QByteArrayView("\r\n") : QByteArrayView(",");
    };
    const auto name = [out](const QByteArray &bytes) { // a fixed name: no quoting ever needed
        *out += bytes;
        *out += ',';
    };
    field(c.flowId);
    field(c.from);
    field(c.to);
    field(c.host);
    field(c.address);
    name(nameBytes(c.transport, transportName));
    if (c.portRange.isEmpty()) {
        *out += QByteArray::number(c.port);
        *out += ',';
    } else {
        field(c.portRange);
    }
    field(c.protocol);
    field(c.via);
    field(expectationName(c.expect));
    name(nameBytes(c.state, stateName));
    field(c.reason);
    name(nameBytes(c.service, serviceName));
    field(c.detail);
    name(nameBytes(c.verdict, verdictName));
    field(c.latencyMs < 0 ? QString() : QString::number(c.latencyMs, 'f', 1));
    field(c.advice);
    field(c.sourceAddress);
    field(c.testedFrom.isEmpty() ? testedFrom : c.testedFrom, true);
}

Input readInput(const QString &path, bool wantCsv, const std::atomic_bool *stop)
{
    Input in;
    // The tested "checks" elements, end to end in one buffer (the hostname they are stamped with comes
    // later in the file), each with where it ends; every check is read as it comes, and its messages are
    // given after those of the file's other keys, as RunResults::fromJson gives them.
    QByteArray raw;
    QList<qsizetype> rawEnds;
    QStringList checkErrors;
    const auto keepCheck = [&](QByteArrayView element, Check &&c) {
        c.id = int(in.run.checks.size());
        if (c.state != CheckState::NotTested) {
            raw += element;
            rawEnds << raw.size();
        }
        in.run.checks << std::move(c);
    };
    const auto keepVantageCheck = [&](QByteArrayView element, const Check &c) {
        appendElement(&in, element, QByteArray());
        if (wantCsv)
            appendCsvRow(&in.csv, c, QString());
    };
    // Room for the copies at once (their pages are only touched as they fill): a file's tested checks are
    // most of its bytes; growing a megabyte buffer step by step copied it over and over.
    const qint64 size = std::min<qint64>(QFileInfo(path).size(), 256 * 1024 * 1024);
    raw.reserve(size);
    in.vantageJson.reserve(size + size / 8);
    if (wantCsv)
        in.csv.reserve(size / 2);
    in.run.checks.reserve(qsizetype(size / 400)); // a check is some 500 bytes: the list is not regrown
    QJsonObject root;
    ResultsFile::RawHandlers handlers;
    handlers.cancel = stop;
    handlers.plainCheck = [&](QByteArrayView element) {
        Check c;
        if (!ResultsFile::parsePlain(element, &c))
            return false;
        keepCheck(element, std::move(c));
        return true;
    };
    handlers.check = [&](QByteArrayView element) {
        keepCheck(element, ResultsFile::parseCheck(element, "checks", in.run.checks.size(), &checkErrors));
    };
    handlers.plainVantageCheck = [&](QByteArrayView element) {
        Check c; // without a CSV, only copied (readRaw checks it)
        if (!wantCsv || !in.errors.isEmpty() || !ResultsFile::parsePlain(element, &c))
            return false;
        keepVantageCheck(element, c);
        return true;
    };
    handlers.vantageCheck = [&](QByteArrayView element) {
        const qint64 n = in.vantageChecks;
        if (!wantCsv || !in.errors.isEmpty()) {
            appendElement(&in, element, QByteArray());
            return;
        }
        const Check c = ResultsFile::parseCheck(element, "vantage_checks", n, &in.errors);
        keepVantageCheck(element, c);
    };
    if (!ResultsFile::readRaw(path, &root, &in.errors, handlers) || !in.errors.isEmpty())
        return in;
    QList<Check> checks = std::move(in.run.checks);
    in.run = RunResults::fromJsonObject(root, &in.errors);
    if (!in.errors.isEmpty())
        return in;
    in.errors << checkErrors;
    in.run.checks = std::move(checks);
    in.merged = !in.run.sources.isEmpty() || root.contains(QStringLiteral("vantage_checks"));
    if (in.merged)
        return in; // its own vantage checks are copied as they were
    const QByteArray testedFrom = "\"tested_from\": " + jsonString(in.run.vantage.hostname);
    qsizetype begin = 0;
    int tested = 0;
    for (const Check &c : std::as_const(in.run.checks)) {
        if (c.state == CheckState::NotTested)
            continue;
        const qsizetype end = rawEnds.at(tested++);
        appendElement(&in, QByteArrayView(raw.constData() + begin, end - begin),
                      c.testedFrom.isEmpty() ? testedFrom : QByteArray());
        begin = end;
        if (wantCsv)
            appendCsvRow(&in.csv, c, in.run.vantage.hostname);
    }
    return in;
}

void printSummary(const RunResults &results)
{
    const RunResults::Summary s = results.summary();
    QTextStream(stderr) << "topocheck: "
                        << MergeRun::tr("%1 pass, %2 warn, %3 fail, %4 skipped").arg(s.pass).arg(s.warn).arg(s.fail).arg(s.skipped)
                        << Qt::endl;
}
} // namespace

int runMerge(const CommandLine &cl)
{
    ConsoleStop::install();
    if (!OutputFiles::usable(cl))
        return exitUnusable;
    Output json;
    Output csv;
    if (!json.open(QStringLiteral("--json"), cl.jsonPath) || !csv.open(QStringLiteral("--csv"), cl.csvPath))
        return exitUnusable;
    const auto discardAll = [&] {
        json.discard();
        csv.discard();
    };
    // "format" first, so that a reader knows the file at once; the keys known only at the end follow
    // the stream of every machine's checks.
    json.write(QByteArray("{\n    \"format\": " + jsonString(RunResults::formatId) + ",\n    \"vantage_checks\": ["));
    csv.write((RunResults::csvHeader(true).join(QLatin1Char(',')) + QLatin1String("\r\n")).toUtf8());

    std::atomic_bool stop{false};
    const bool wantCsv = csv.isOpen();
    std::deque<std::future<Input>> pending;
    qsizetype next = 0;
    const auto launch = [&] {
        while (next < cl.mergeInputs.size() && pending.size() < inFlight) {
            pending.push_back(std::async(std::launch::async, readInput, cl.mergeInputs.at(next), wantCsv, &stop));
            ++next;
        }
    };
    const auto stopReading = [&] {
        stop = true;
        pending.clear(); // each future waits for its thread
    };

    ResultMerge merge;
    FleetTallyBuilder tallies;
    QString firstPath;
    QString firstTemplate;
    bool ok = true;
    qint64 vantageChecks = 0;
    launch();
    for (const QString &path : cl.mergeInputs) {
        Input in = pending.front().get();
        pending.pop_front();
        launch();
        if (ConsoleStop::requested()) {
            stopReading();
            discardAll();
            complain(MergeRun::tr("interrupted: the merge was stopped and no output file was written"));
            ConsoleStop::acknowledge();
            return exitInterrupted;
        }
        if (!in.errors.isEmpty()) {
            for (const QString &e : in.errors.mid(0, problemsPerFile))
                complain(path + QLatin1String(": ") + e);
            if (in.errors.size() > problemsPerFile)
                complain(path + QLatin1String(": ")
                         + MergeRun::tr("%n more problem(s)", nullptr, int(in.errors.size() - problemsPerFile)));
            ok = false;
            continue;
        }
        if (firstPath.isEmpty()) {
            firstPath = path;
            firstTemplate = in.run.templateId;
        } else if (in.run.templateId != firstTemplate) {
            complain(path + QLatin1String(": ")
                     + MergeRun::tr("template: \"%1\", but %2 is \"%3\"; only results of one template merge")
                           .arg(in.run.templateId, firstPath, firstTemplate));
            ok = false;
            continue;
        }
        if (!ok)
            continue; // the remaining files are still read, for their messages
        if (in.merged) {
            for (const FleetTally &t : std::as_const(in.run.fleet))
                tallies.add(t);
        } else {
            tallies.beginMachine(in.run.vantage.hostname, in.run.vantage.role);
            for (const Check &c : std::as_const(in.run.checks))
                tallies.add(c, ResultMerge::decides(c, in.run));
            tallies.endMachine();
        }
        merge.add(in.run);
        if (in.vantageChecks > 0) {
            json.write(vantageChecks == 0 ? firstElement : nextElement);
            json.write(in.vantageJson);
        }
        vantageChecks += in.vantageChecks;
        csv.write(in.csv);
        if (json.failed() || csv.failed()) {
            stopReading();
            discardAll();
            return exitUnusable;
        }
    }
    if (!ok) {
        discardAll();
        return exitUnusable;
    }

    RunResults merged = merge.result();
    merged.fleet = tallies.tallies();
    merged.vantageCheckCount = vantageChecks;
    QJsonObject rest = merged.toJson();
    rest.remove(QStringLiteral("format"));
    const QByteArray tail = QJsonDocument(rest).toJson(QJsonDocument::Indented);
    json.write(QByteArrayLiteral("\n    ],"));
    json.write(QByteArrayView(tail).sliced(1)); // after its "{"
    for (const Check &c : std::as_const(merged.checks)) {
        if (c.state == CheckState::NotTested) // no machine tested it: the plan's row stays in the CSV
            csv.write(RunResults::csvRow(c, true));
    }

    // The report and the diagram before the files are committed: every output whole, or none.
    if (!cl.pdfPath.isEmpty() || !cl.svgPath.isEmpty()) {
        ValidationIssues issues;
        const TopologyTemplate topology = TopologyTemplate::builtin(merged.templateId, &issues);
        if (!issues.isEmpty()) {
            complain(cl.mergeInputs.constFirst() + QLatin1String(": ") + issues.constFirst().toString());
            discardAll();
            return exitUnusable;
        }
        Profile profile;
        profile.name = merged.profileName;
        profile.templateId = merged.templateId;
        QString error;
        const auto pdf = [&](const QString &path, QString *e) {
            return ChangeRequestReport::writePdf(merged, topology, profile, path, e);
        };
        const auto svg = [&](const QString &path, QString *e) {
            return DiagramExport::writeSvg(merged, topology, profile, path, e);
        };
        if (!cl.pdfPath.isEmpty() && !OutputFiles::writeRendered(cl.pdfPath, pdf, &error)) {
            complain(QStringLiteral("--pdf: ") + error);
            discardAll();
            return exitUnusable;
        }
        if (!cl.svgPath.isEmpty() && !OutputFiles::writeRendered(cl.svgPath, svg, &error)) {
            complain(QStringLiteral("--svg: ") + error);
            discardAll();
            return exitUnusable;
        }
    }
    if (!json.commit() || !csv.commit()) {
        discardAll();
        return exitUnusable;
    }
    printSummary(merged);
    return merged.hasFailure() ? exitFailed : exitOk;
}
