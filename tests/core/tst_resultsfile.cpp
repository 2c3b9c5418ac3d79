#include "checkbuilders.h"
#include "fleetfixture.h"
#include "resultsfile.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_LINUX
#include <unistd.h>
#endif

// (declared before the helpers: moc loses its way in their raw string literals)
class TestResultsFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAsFromJsonDoes_data();
    void readsAsFromJsonDoes();
    void parseCheckAsCheckFromJson();
    void parseCheckReportsAsCheckFromJson_data();
    void parseCheckReportsAsCheckFromJson();
    void countsAndHandsOverVantageChecks();
    void refusesMalformedFiles_data();
    void refusesMalformedFiles();
    void namesTheOffsetOfTheFault();
    void refusesANewerFormat();
    void cancelAndProgress();
    void bigFileInBoundedMemory();

private:
    QTemporaryDir m_dir;
};

namespace {
// A run whose text has what a hand-written scanner gets wrong: escapes, non-ASCII, a nested TLS object,
// strings holding brackets and commas, a null latency, a proxied check and a port range.
RunResults awkwardRun()
{
    RunResults r = FleetFixture::machineRun(QStringLiteral("bot-agent"), QStringLiteral("ws-0001"),
                                            QStringLiteral("10.0.100.2"), 2);
    r.checks = r.checks.mid(0, 60);
    Check &odd = r.checks[3];
    odd.detail = QStringLiteral("quote \" backslash \\ brackets ]}[{ , tab\t newline\n é ü \u2028 日本");
    odd.advice = QStringLiteral("{\"not\": [\"json\"]}");
    odd.via = QStringLiteral("proxy");
    r.checks[4].portRange = QStringLiteral("47500-47509");
    r.checks[5].latencyMs = -1;
    r.checks[6].tls = TlsFacts::fromJson(QJsonObject{{QStringLiteral("version"), QStringLiteral("TLS 1.3")},
                                                     {QStringLiteral("subject"), QStringLiteral("CN=é\\\"x")}});
    r.checks[7].testedFrom = QStringLiteral("ws-0009");
    return r;
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

// A merged file by hand: the header, `count` vantage checks (each the given element), the winners.
QByteArray mergedText(const QByteArray &element, int count)
{
    QByteArray text = R"({"format": "topocheck-results/1", "vantage_checks": [)";
    for (int i = 0; i < count; ++i)
        text += (i ? "," : "") + element;
    text += R"(], "template": "automation360", "vantage": {"role": "merged", "hostname": "ws-1, ws-2"},
        "merged_from": [{"role": "bot-agent", "hostname": "ws-1"}, {"role": "bot-agent", "hostname": "ws-2"}],
        "fleet": [{"link": "bot-agent>load-balancer", "role": "bot-agent", "decides": true, "machines": 2,
                   "pass": 1, "warn": 0, "fail": 1, "failing": ["ws-2"], "warning": [], "checks": 2}],
        "checks": []})";
    return text;
}

const QByteArray plainElement = R"({"flow": "bot-agent>load-balancer:https", "from": "bot-agent", "to": "load-balancer",
    "host": "lb", "address": "10.0.0.5", "transport": "tcp", "port": 443, "protocol": "https", "expect": "open",
    "state": "open", "reason": "syn-ack", "service": "ok", "detail": "a [bracket] {brace} \"quote\"",
    "verdict": "pass", "latency_ms": 1.5, "advice": "", "tested_from": "ws-1"})";

int offsetIn(const QString &error)
{
    static const QRegularExpression offset(QStringLiteral("at offset (\\d+)"));
    const QRegularExpressionMatch m = offset.match(error);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}
} // namespace


void TestResultsFile::readsAsFromJsonDoes_data()
{
    QTest::addColumn<QByteArray>("json");
    const RunResults awkward = awkwardRun();
    QTest::newRow("indented") << awkward.toJsonBytes();
    QTest::newRow("compact") << QJsonDocument(awkward.toJson()).toJson(QJsonDocument::Compact);
    RunResults merged = FleetFixture::merged(20, 2);
    merged.checks = merged.checks.mid(0, 80);
    QTest::newRow("merged with fleet") << merged.toJsonBytes();
    // runs of backslashes before a quote: an even run ends the text, an odd one escapes the quote
    RunResults slashes = awkwardRun();
    slashes.checks[8].detail = QStringLiteral("ends in a backslash \\");
    slashes.checks[9].detail = QStringLiteral("\\\\\"}], \\");
    slashes.checks[10].reason = QStringLiteral("\\\"");
    QTest::newRow("backslashes before quotes") << slashes.toJsonBytes();
    QTest::newRow("hand-written merged") << mergedText(plainElement, 3);
    QTest::newRow("odd spacing") << QByteArray(" \r\n\t{ \"checks\" :[ ] , \"format\":\"topocheck-results/1\",\n"
                                               "\"vantage\" : { \"role\" : \"bot-agent\" } , \"extra\": [1, {\"a\": null}]}\n ");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF") + mergedText(plainElement, 2);
    QTest::newRow("checks not a list") << QByteArray(R"({"format": "topocheck-results/1", "vantage": {"role": "x"}, "checks": 4})");
    QTest::newRow("bad check") << QByteArray(R"({"format": "topocheck-results/1", "vantage": {"role": "x"},
        "checks": [{"flow": 1, "port": "x", "state": "open", "verdict": "maybe"}]})");
}

void TestResultsFile::readsAsFromJsonDoes()
{
    QFETCH(QByteArray, json);
    const QString path = write(m_dir, QStringLiteral("results.json"), json);
    QStringList expectedErrors;
    const RunResults expected = RunResults::fromJson(json, &expectedErrors);
    QStringList errors;
    const RunResults read = ResultsFile::read(path, &errors);
    expectedErrors.sort();
    errors.sort();
    QCOMPARE(errors, expectedErrors);
    QCOMPARE(read.toJsonBytes(), expected.toJsonBytes());
    QCOMPARE(read.checks.size(), expected.checks.size());
    for (int i = 0; i < read.checks.size(); ++i)
        QCOMPARE(read.checks.at(i).id, i);
    QCOMPARE(read.vantageCheckCount, expected.vantageCheckCount);
}

void TestResultsFile::parseCheckAsCheckFromJson()
{
    // every check of a default run, and the awkward ones, read the fast way and through QJsonDocument
    RunResults r = awkwardRun();
    r.checks << FleetFixture::machineRun(QStringLiteral("control-room"), QStringLiteral("cr1.contoso.local"),
                                         QStringLiteral("10.0.4.11"), 2)
                    .checks;
    for (const Check &c : std::as_const(r.checks)) {
        for (const auto format : {QJsonDocument::Indented, QJsonDocument::Compact}) {
            const QByteArray bytes = QJsonDocument(c.toJson()).toJson(format);
            QStringList errors;
            QStringList expectedErrors;
            const Check fast = ResultsFile::parseCheck(bytes, QStringLiteral("checks[0]"), &errors);
            const Check slow = Check::fromJson(c.toJson(), QStringLiteral("checks[0]"), &expectedErrors);
            QCOMPARE(errors, expectedErrors);
            QCOMPARE(fast.toJson(), slow.toJson());
            QCOMPARE(fast.runnable, slow.runnable);
            QCOMPARE(fast.softFinding, slow.softFinding);
        }
    }
}

void TestResultsFile::parseCheckReportsAsCheckFromJson_data()
{
    QTest::addColumn<QByteArray>("element");
    QTest::newRow("missing flow") << QByteArray(R"({"from": "a", "to": "b", "host": "h", "transport": "tcp", "port": 1,
        "state": "open", "verdict": "pass"})");
    QTest::newRow("port as text") << QByteArray(R"({"flow": "f", "from": "a", "to": "b", "host": "h", "transport": "tcp",
        "port": "443", "state": "open", "verdict": "pass"})");
    QTest::newRow("port too high") << QByteArray(R"({"flow": "f", "from": "a", "to": "b", "host": "h", "transport": "tcp",
        "port": 70000, "state": "open", "verdict": "pass"})");
    QTest::newRow("unknown state") << QByteArray(R"({"flow": "f", "from": "a", "to": "b", "host": "h", "transport": "tcp",
        "port": 1, "state": "ajar", "service": "fine", "verdict": "pass"})");
    QTest::newRow("escaped key") << QByteArray(R"({"fl\u006fw": "f", "from": "a", "to": "b", "host": "h", "transport": "tcp",
        "port": 1, "state": "open", "verdict": "pass"})");
    QTest::newRow("repeated key") << QByteArray(R"({"flow": "f", "from": "a", "to": "b", "host": "h", "transport": "tcp",
        "port": 1, "port": 2, "state": "open", "verdict": "pass"})");
    QTest::newRow("not an object") << QByteArray(R"(["flow"])");
}

void TestResultsFile::parseCheckReportsAsCheckFromJson()
{
    QFETCH(QByteArray, element);
    QStringList errors;
    const Check fast = ResultsFile::parseCheck(element, QStringLiteral("vantage_checks[7]"), &errors);
    QStringList expectedErrors;
    const Check slow = Check::fromJson(QJsonDocument::fromJson(element).object(), QStringLiteral("vantage_checks[7]"),
                                       &expectedErrors);
    QCOMPARE(errors, expectedErrors);
    QCOMPARE(fast.toJson(), slow.toJson());
}

void TestResultsFile::countsAndHandsOverVantageChecks()
{
    const QString path = write(m_dir, QStringLiteral("merged.json"), mergedText(plainElement, 25));
    QStringList errors;
    const RunResults counted = ResultsFile::read(path, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(counted.vantageCheckCount, 25);
    QCOMPARE(counted.sources.size(), 2);
    QCOMPARE(counted.fleet.size(), 1);
    QCOMPARE(counted.fleet.constFirst().failing, QStringList{QStringLiteral("ws-2")});

    ResultsFile::ReadOptions options;
    QList<Check> handed;
    options.eachVantageCheck = [&handed](const Check &c) { handed << c; };
    const RunResults read = ResultsFile::read(path, &errors, options);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(read.vantageCheckCount, 25);
    QCOMPARE(handed.size(), 25);
    QCOMPARE(handed.at(24).id, 24);
    QCOMPARE(handed.at(24).testedFrom, QStringLiteral("ws-1"));
    QCOMPARE(handed.at(24).detail, QStringLiteral("a [bracket] {brace} \"quote\""));
}

void TestResultsFile::refusesMalformedFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const QByteArray whole = mergedText(plainElement, 4);
    QTest::newRow("truncated in a vantage check") << whole.left(whole.indexOf("\"ws-1\"")) << QStringLiteral("not valid JSON");
    QTest::newRow("truncated after the list") << whole.left(whole.indexOf("\"template\"")) << QStringLiteral("not valid JSON");
    QTest::newRow("truncated in a string") << whole.left(whole.size() - 20) << QStringLiteral("not valid JSON");
    QTest::newRow("missing comma") << QByteArray(whole).replace("}, {", "} {") << QStringLiteral("not valid JSON");
    QTest::newRow("bracket for brace") << QByteArray(whole).replace("\"ws-1\"}", "\"ws-1\"]") << QStringLiteral("not valid JSON");
    QTest::newRow("garbage after") << whole + "x" << QStringLiteral("not valid JSON");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
    QTest::newRow("a list") << QByteArray("[]") << QStringLiteral("not valid JSON");
    QTest::newRow("control character") << QByteArray(whole).replace("a [bracket]", "a \x01 [bracket]")
                                       << QStringLiteral("not valid JSON");
    QTest::newRow("number out of range") << QByteArray(whole).replace("\"port\": 443", "\"port\": 1e400")
                                         << QStringLiteral("not valid JSON");
    QTest::newRow("bad vantage check") << QByteArray(whole).replace("\"port\": 443", "\"port\": \"443\"")
                                       << QStringLiteral("vantage_checks[0].port: ");
    QTest::newRow("no role") << QByteArray(whole).replace("\"role\": \"merged\"", "\"role\": \"\"")
                             << QStringLiteral("vantage.role: missing");
    QTest::newRow("bad tally") << QByteArray(whole).replace("\"machines\": 2", "\"machines\": -2")
                               << QStringLiteral("fleet[0].machines: ");
}

void TestResultsFile::refusesMalformedFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const QString path = write(m_dir, QStringLiteral("broken.json"), json);
    QStringList errors;
    ResultsFile::ReadOptions options;
    options.eachVantageCheck = [](const Check &) {};
    ResultsFile::read(path, &errors, options);
    QVERIFY2(!errors.isEmpty() && errors.constFirst().contains(message), qPrintable(errors.join(QLatin1Char('\n'))));
    if (message.startsWith(QLatin1String("not valid JSON"))) {
        const int offset = offsetIn(errors.constFirst());
        QVERIFY2(offset >= 0 && offset <= json.size(), qPrintable(errors.constFirst()));
    }
}

void TestResultsFile::namesTheOffsetOfTheFault()
{
    // the offset in the file, past chunk boundaries: the fault sits after 5 MB of valid vantage checks
    const QByteArray prefix = R"({"format": "topocheck-results/1", "vantage_checks": [)";
    QByteArray text = prefix;
    while (text.size() < 5 * 1024 * 1024)
        text += plainElement + ',';
    const qsizetype fault = text.size() + int(std::strlen(R"({"flow": )"));
    text += R"({"flow": tru}]})";
    const QString path = write(m_dir, QStringLiteral("fault.json"), text);
    QStringList errors;
    ResultsFile::read(path, &errors);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.constFirst().startsWith(QLatin1String("not valid JSON")), qPrintable(errors.constFirst()));
    QCOMPARE(offsetIn(errors.constFirst()), int(fault));
}

void TestResultsFile::refusesANewerFormat()
{
    QByteArray text = mergedText(plainElement, 2);
    text.replace("topocheck-results/1", "topocheck-results/2");
    const QString path = write(m_dir, QStringLiteral("newer.json"), text);
    for (int pass = 0; pass < 2; ++pass) {
        QStringList errors;
        if (pass == 0)
            ResultsFile::read(path, &errors);
        else
            RunResults::fromJson(text, &errors);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.constFirst().startsWith(QLatin1String("format: ")), qPrintable(errors.constFirst()));
        QVERIFY2(errors.constFirst().contains(QLatin1String("topocheck-results/2"))
                     && errors.constFirst().contains(QLatin1String("newer")),
                 qPrintable(errors.constFirst()));
    }
    QStringList errors;
    RunResults::fromJson(R"({"format": "topocheck-profile/1"})", &errors);
    QCOMPARE(errors, QStringList{QStringLiteral("format: expected \"topocheck-results/1\"")});
}

void TestResultsFile::cancelAndProgress()
{
    QByteArray text = mergedText(plainElement, 40000); // about 18 MB: several chunks
    const QString path = write(m_dir, QStringLiteral("progress.json"), text);
    ResultsFile::ReadOptions options;
    QList<qint64> done;
    qint64 total = 0;
    options.progress = [&](qint64 d, qint64 t) {
        done << d;
        total = t;
    };
    QStringList errors;
    const RunResults r = ResultsFile::read(path, &errors, options);
    QVERIFY(errors.isEmpty());
    QCOMPARE(r.vantageCheckCount, 40000);
    QCOMPARE(total, text.size());
    QVERIFY(done.size() >= 3);
    QVERIFY(std::is_sorted(done.cbegin(), done.cend()));
    QCOMPARE(done.constLast(), text.size());

    std::atomic_bool cancel{false};
    int seen = 0;
    options.progress = {};
    options.cancel = &cancel;
    options.eachVantageCheck = [&](const Check &) {
        if (++seen == 100)
            cancel = true;
    };
    errors.clear();
    ResultsFile::read(path, &errors, options);
    QCOMPARE(errors, QStringList{QStringLiteral("cancelled")});
    QVERIFY(seen < 40000);
}

void TestResultsFile::bigFileInBoundedMemory()
{
#ifdef Q_OS_LINUX
    // 200 MB of vantage checks, written in pieces: reading them must not hold the file
    const QString path = m_dir.filePath(QStringLiteral("big.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QByteArray whole = mergedText(plainElement, 1);
    const qsizetype split = whole.indexOf(plainElement) + plainElement.size();
    f.write(whole.left(split));
    QByteArray block;
    while (block.size() < 1024 * 1024)
        block += ',' + plainElement;
    qint64 count = 1;
    const qint64 elementsPerBlock = block.count(",{");
    while (f.size() < 200LL * 1024 * 1024) {
        f.write(block);
        count += elementsPerBlock;
    }
    f.write(whole.mid(split));
    f.close();
    // the resident set now, sampled while the checks are handed over (the peak of the process may be older)
    const auto residentMb = [] {
        QFile statm(QStringLiteral("/proc/self/statm"));
        if (!statm.open(QIODevice::ReadOnly))
            return qint64(-1);
        return statm.readAll().split(' ').value(1).toLongLong() * ::sysconf(_SC_PAGESIZE) / (1024 * 1024);
    };
    const qint64 before = residentMb();
    QVERIFY(before > 0);
    qint64 highest = before;
    qint64 handed = 0;
    ResultsFile::ReadOptions options;
    options.eachVantageCheck = [&](const Check &) {
        if (++handed % 10000 == 0)
            highest = std::max(highest, residentMb());
    };
    QStringList errors;
    const RunResults r = ResultsFile::read(path, &errors, options);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(r.vantageCheckCount, count);
    QCOMPARE(handed, count);
    const qint64 growthMb = highest - before;
    qInfo("read %lld vantage checks (%lld MB): the resident set grew by %lld MB", count,
          QFileInfo(path).size() / 1048576, growthMb);
    QVERIFY2(growthMb < 40, qPrintable(QStringLiteral("the resident set grew by %1 MB").arg(growthMb)));
    QFile::remove(path);
#else
    QSKIP("the resident set is read from /proc on Linux");
#endif
}

QTEST_GUILESS_MAIN(TestResultsFile)
#include "tst_resultsfile.moc"
