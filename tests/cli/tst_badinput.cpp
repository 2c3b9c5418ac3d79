// Bad and unusual input to `topocheck --headless` and `--merge` (issue #14), as scripts meet it: each
// refusal exits 2 naming the file and the JSON key, and leaves no output file half-written; valid but
// unusual input (duplicates, zone ids, IDN names, 10,000 hosts) runs. The profiles here send no probe:
// their hosts belong to flows whose source is another role, so every check is planned and skipped.
#include "checkplan.h"
#include "profile.h"
#include "topocheckprocess.h"
#include "topologytemplate.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

namespace {
using Run = TestSupport::TopocheckRun;

Run runTopocheck(const QStringList &arguments, const std::function<void()> &inChild = {})
{
    QProcess p;
#ifdef Q_OS_UNIX
    if (inChild)
        p.setChildProcessModifier(inChild);
#else
    Q_UNUSED(inChild)
#endif
    p.start(qEnvironmentVariable("TOPOCHECK_EXE"), arguments);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Hosts only other roles connect to, seen from a Bot Agent: every check is planned, none is probed.
QByteArray quietProfile(const QByteArray &sqlHosts = "\"sql.contoso.invalid\"", const QByteArray &extra = {})
{
    return R"({"format": "topocheck-profile/1", "name": "Quiet", "template": "automation360",
               "vantage": "bot-agent", "hosts": {"sql-server": [)" +
           sqlHosts + "]}" + extra + "}";
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 childrenPeakRssKiB()
{
#ifdef Q_OS_UNIX
    rusage usage = {};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
#else
    return 0;
#endif
}

QByteArray resultsFile(const QByteArray &format, const QByteArray &templateId)
{
    return R"({"format": ")" + format + R"(", "tool": "topocheck 0.1.0", "profile": "P", "template": ")" + templateId +
           R"(", "vantage": {"role": "bot-agent", "hostname": "ws-1", "addresses": []},
           "started": "2026-11-28T10:00:00Z", "finished": "2026-11-28T10:00:02Z", "summary": {}, "checks": []})";
}
} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // profiles
    void emptyProfileSaysItIsEmpty();
    void notJsonNamesLineAndColumn();
    void topLevelArrayIsRefused();
    void hugeProfileIsRefusedWithTheLimit();
    void endlessProfileIsReadBounded();
    void badPorts_data();
    void badPorts();
    void malformedIdnIsRefused_data();
    void malformedIdnIsRefused();

    // outputs
    void unusableOutputPath_data();
    void unusableOutputPath();
    void devFullReportsTheWriteError();
    void samePathForTwoOutputsIsRefused_data();
    void samePathForTwoOutputsIsRefused();
    void failedWriteKeepsTheOldFile_data();
    void failedWriteKeepsTheOldFile();

    // results files for --merge
    void mergeRefusesANewerFormat();
    void mergeRefusesTwoTemplates();

    // valid but unusual
    void duplicateHostsAreFoldedWithANote();
    void zoneIdsAndIdnNamesAreKeptAsTyped();
    void tenThousandHostsPlan();
    void explodingPlanIsRefusedUpFront();

private:
    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        if (!TestSupport::writeFile(path, bytes))
            qWarning("cannot write %s", qPrintable(path));
        return path;
    }
    QStringList leftovers(const QString &dir) const
    {
        // QSaveFile's temporaries are "<name>.XXXXXX"; nothing but the files the test made may remain
        QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden);
        names.removeIf([](const QString &n) {
            return !n.contains(QLatin1String(".json.")) && !n.contains(QLatin1String(".csv.")) &&
                   !n.contains(QLatin1String(".pdf.")) && !n.contains(QLatin1String(".svg."));
        });
        return names;
    }

    QTemporaryDir m_dir;
};

void TestBadInput::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("TOPOCHECK_EXE")), "TOPOCHECK_EXE must name the topocheck binary");
    QVERIFY(m_dir.isValid());
}

// --- profiles

void TestBadInput::emptyProfileSaysItIsEmpty()
{
    const QString profile = write(QStringLiteral("empty.json"), QByteArray());
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile) && r.err.contains(QStringLiteral("empty (0 bytes)")), qPrintable(r.err));
}

void TestBadInput::notJsonNamesLineAndColumn()
{
    const QString profile =
        write(QStringLiteral("notjson.json"), "{\"format\": \"topocheck-profile/1\",\n \"hosts\": {,}}");
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile + QStringLiteral(": not valid JSON")) &&
                 r.err.contains(QStringLiteral("line 2, column 13")),
             qPrintable(r.err));
}

void TestBadInput::topLevelArrayIsRefused()
{
    const QString profile = write(QStringLiteral("array.json"), "[" + quietProfile() + "]");
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile) && r.err.contains(QStringLiteral("found an array")), qPrintable(r.err));
}

// 50 MB of valid JSON (a profile with a huge unknown key): refused by size before it is parsed.
void TestBadInput::hugeProfileIsRefusedWithTheLimit()
{
    // written a megabyte at a time: a forked child starts with this process's memory, which would count
    QByteArray head = quietProfile({}, R"(, "x-padding": ")");
    head.chop(1); // the closing brace comes after the padding
    const QString profile = m_dir.filePath(QStringLiteral("huge.json"));
    {
        QFile f(profile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(head);
        const QByteArray megabyte(1024 * 1024, 'a');
        for (int i = 0; i < 50; ++i)
            QCOMPARE(f.write(megabyte), megabyte.size());
        f.write("\"}");
    }
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile) && r.err.contains(QStringLiteral("at most 16 MB")), qPrintable(r.err));
    // never read whole: the process stays far below the file's size (every child of this test counts)
    qInfo("peak RSS of the topocheck runs so far: %lld KiB", childrenPeakRssKiB());
    QVERIFY2(childrenPeakRssKiB() < 100 * 1024, qPrintable(QString::number(childrenPeakRssKiB())));
}

// A device or pipe has no size to check first: `--profile /dev/zero` must end, bounded, not fill memory.
void TestBadInput::endlessProfileIsReadBounded()
{
#ifdef Q_OS_UNIX
    const Run r =
        runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), QStringLiteral("/dev/zero")}, [] {
            // the old unbounded read would take the machine's memory: stop it at 1 GB
            const rlimit limit{1024ul * 1024 * 1024, 1024ul * 1024 * 1024};
            setrlimit(RLIMIT_DATA, &limit);
        });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("/dev/zero")) && r.err.contains(QStringLiteral("at most 16 MB")),
             qPrintable(r.err));
#endif
}

// Every place a port can be given in a profile; each bad one exits 2 naming the file, the key and the value.
void TestBadInput::badPorts_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("says");
    const auto ports = [](const QByteArray &object) -> QByteArray { return QByteArray(", \"ports\": ") + object; };
    const auto proxy = [](const QByteArray &url) -> QByteArray {
        return QByteArray(R"(, "options": {"proxy": ")") + url + "\"}";
    };
    QTest::newRow("0") << ports(R"({"https": 0})") << QStringLiteral("ports.https")
                       << QStringLiteral("0 is not a port (1-65535)");
    QTest::newRow("65536") << ports(R"({"sql": 65536})") << QStringLiteral("ports.sql")
                           << QStringLiteral("65536 is not a port (1-65535)");
    QTest::newRow("-1") << ports(R"({"ldap": -1})") << QStringLiteral("ports.ldap")
                        << QStringLiteral("-1 is not a port (1-65535)");
    QTest::newRow("1e30") << ports(R"({"ldap": 1e30})") << QStringLiteral("ports.ldap")
                          << QStringLiteral("1e+30 is not a port (1-65535)");
    QTest::newRow("string 443") << ports(R"({"https": "443"})") << QStringLiteral("ports.https")
                                << QStringLiteral("\"443\" is text: write a port as a number (443, without quotes)");
    QTest::newRow("string 0") << ports(R"({"https": "0"})") << QStringLiteral("ports.https")
                              << QStringLiteral("0 is not a port (1-65535)");
    QTest::newRow("range backwards") << ports(R"({"cluster-cache-47100": "100-50"})")
                                     << QStringLiteral("ports.cluster-cache-47100")
                                     << QStringLiteral("the range 100-50 runs backwards");
    QTest::newRow("range from 0") << ports(R"({"cluster-cache-47100": "0-10"})")
                                  << QStringLiteral("ports.cluster-cache-47100")
                                  << QStringLiteral("0 is not a port (1-65535)");
    QTest::newRow("range to 65536") << ports(R"({"cluster-cache-47100": "65530-65536"})")
                                    << QStringLiteral("ports.cluster-cache-47100")
                                    << QStringLiteral("65536 is not a port (1-65535)");
    QTest::newRow("range from -1") << ports(R"({"cluster-cache-47100": "-1-10"})")
                                   << QStringLiteral("ports.cluster-cache-47100")
                                   << QStringLiteral("-1 is not a port (1-65535)");
    QTest::newRow("proxy port 0") << proxy("http://proxy.contoso.invalid:0") << QStringLiteral("options.proxy")
                                  << QStringLiteral("0 is not a port (1-65535)");
    QTest::newRow("proxy port 65536") << proxy("http://proxy.contoso.invalid:65536") << QStringLiteral("options.proxy")
                                      << QStringLiteral("65536 is not a port (1-65535)");
    QTest::newRow("proxy port -1") << proxy("http://proxy.contoso.invalid:-1") << QStringLiteral("options.proxy")
                                   << QStringLiteral("-1 is not a port (1-65535)");
    QTest::newRow("timeout 1e30") << QByteArray(R"(, "options": {"timeout_ms": 1e30})")
                                  << QStringLiteral("options.timeout_ms")
                                  << QStringLiteral("1e+30 is out of range (50-600000 ms)");
    QTest::newRow("port in a host") << QByteArray() << QStringLiteral("hosts.sql-server[0]")
                                    << QStringLiteral("a port does not belong in the host");
}

void TestBadInput::badPorts()
{
    QFETCH(QByteArray, extra);
    QFETCH(QString, key);
    QFETCH(QString, says);
    const QByteArray hosts =
        extra.isEmpty() ? QByteArray("\"sql.contoso.invalid:1433\"") : QByteArray("\"sql.contoso.invalid\"");
    const QString profile =
        write(QStringLiteral("ports-%1.json")
                  .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))),
              quietProfile(hosts, extra));
    const QString out = profile + QStringLiteral(".results.json");
    const Run r = runTopocheck(
        {QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--json"), out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile + QStringLiteral(": ") + key + QStringLiteral(": ")), qPrintable(r.err));
    QVERIFY2(r.err.contains(says), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

void TestBadInput::malformedIdnIsRefused_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("says");
    // half converted: a punycode prefix on a name typed in Unicode
    QTest::newRow("half-converted punycode")
        << QStringLiteral("xn--b\u00fccher.example") << QStringLiteral("not a valid internationalized name");
    // 30 two-byte letters: 60 characters typed, but the DNS label (punycode) is longer than 63
    QTest::newRow("label too long in punycode")
        << QString(30, QChar(0x00fc)) + QStringLiteral("x").repeated(30) + QStringLiteral(".example")
        << QStringLiteral("not a valid internationalized name");
}

void TestBadInput::malformedIdnIsRefused()
{
    QFETCH(QString, host);
    QFETCH(QString, says);
    const QString profile = write(QStringLiteral("idn-%1.json")
                                      .arg(QString::fromLatin1(QTest::currentDataTag()))
                                      .replace(QLatin1Char(' '), QLatin1Char('-')),
                                  quietProfile("\"" + host.toUtf8() + "\""));
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile + QStringLiteral(": hosts.sql-server[0]: \"") + host), qPrintable(r.err));
    QVERIFY2(r.err.contains(says), qPrintable(r.err));
}

// --- outputs

void TestBadInput::unusableOutputPath_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("says");
    const QString missing = m_dir.filePath(QStringLiteral("no/such/folder/out"));
    for (const char *o : {"--json", "--csv", "--pdf", "--svg"}) {
        const QString option = QString::fromLatin1(o);
        QTest::newRow(qPrintable(option + QStringLiteral(" missing folder")))
            << option << missing + option.mid(1) << QStringLiteral("the folder of");
        QTest::newRow(qPrintable(option + QStringLiteral(" a folder")))
            << option << m_dir.path() << QStringLiteral("is a folder");
#ifdef Q_OS_LINUX
        // a folder nobody may create files in, whoever runs the test (root included)
        QTest::newRow(qPrintable(option + QStringLiteral(" unwritable folder")))
            << option << QStringLiteral("/proc/topocheck-out") + option.mid(1)
            << QStringLiteral("cannot create a file in");
#endif
    }
}

void TestBadInput::unusableOutputPath()
{
    QFETCH(QString, option);
    QFETCH(QString, path);
    QFETCH(QString, says);
    const QString profile = write(QStringLiteral("outputs.json"), quietProfile());
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile, option, path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(option + QStringLiteral(": ")) && r.err.contains(path) && r.err.contains(says),
             qPrintable(r.err));
    // refused before the run: no summary line
    QVERIFY2(!r.err.contains(QStringLiteral(" pass, ")), qPrintable(r.err));
    if (path != m_dir.path())
        QVERIFY(!QFile::exists(path));
}

void TestBadInput::devFullReportsTheWriteError()
{
#ifdef Q_OS_LINUX
    const QString profile = write(QStringLiteral("devfull.json"), quietProfile());
    for (const QString &option : {QStringLiteral("--json"), QStringLiteral("--csv")}) {
        const Run r = runTopocheck(
            {QStringLiteral("--headless"), QStringLiteral("--profile"), profile, option, QStringLiteral("/dev/full")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(option + QStringLiteral(": cannot write /dev/full")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("No space left")), qPrintable(r.err));
    }
    QVERIFY2(QFileInfo(QStringLiteral("/dev/full")).exists() && !QFileInfo(QStringLiteral("/dev/full")).isFile(),
             "/dev/full was replaced by a file");
#endif
}

void TestBadInput::samePathForTwoOutputsIsRefused_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    const QString same = m_dir.filePath(QStringLiteral("same.out"));
    const QString dotted = m_dir.path() + QStringLiteral("/./sub/../same.out");
    QDir(m_dir.path()).mkdir(QStringLiteral("sub"));
    QTest::newRow("json and csv") << QStringList{QStringLiteral("--json"), same, QStringLiteral("--csv"), same}
                                  << QStringLiteral("--json") << QStringLiteral("--csv");
    QTest::newRow("pdf and svg, spelled differently")
        << QStringList{QStringLiteral("--pdf"), same, QStringLiteral("--svg"), dotted} << QStringLiteral("--pdf")
        << QStringLiteral("--svg");
}

void TestBadInput::samePathForTwoOutputsIsRefused()
{
    QFETCH(QStringList, options);
    QFETCH(QString, first);
    QFETCH(QString, second);
    const QString profile = write(QStringLiteral("same.json"), quietProfile());
    const Run r =
        runTopocheck(QStringList{QStringLiteral("--headless"), QStringLiteral("--profile"), profile} + options);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(first) && r.err.contains(second) && r.err.contains(QStringLiteral("same file")),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("same.out"))));
}

// A write that fails half-way (the disk fills: here a file size limit) leaves the previous file intact.
void TestBadInput::failedWriteKeepsTheOldFile_data()
{
    QTest::addColumn<QString>("option");
    for (const char *o : {"--json", "--csv", "--svg", "--pdf"})
        QTest::newRow(o) << QString::fromLatin1(o);
}

void TestBadInput::failedWriteKeepsTheOldFile()
{
#ifdef Q_OS_UNIX
    QFETCH(QString, option);
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("results.") + option.mid(2));
    const QByteArray old = "the previous run's good file\n";
    QVERIFY(TestSupport::writeFile(target, old));
    const QString profile = write(QStringLiteral("keep.json"), quietProfile());
    const Run r =
        runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile, option, target}, [] {
            ::signal(SIGXFSZ, SIG_IGN); // a write past the limit then fails with EFBIG instead of killing
            const rlimit limit{4096, 4096};
            setrlimit(RLIMIT_FSIZE, &limit);
        });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(option + QStringLiteral(": ")) && r.err.contains(target), qPrintable(r.err));
    QCOMPARE(readAll(target), old);
    QCOMPARE(leftovers(dir.path()), QStringList());
#endif
}

// --- results files for --merge

void TestBadInput::mergeRefusesANewerFormat()
{
    const QString current = write(QStringLiteral("merge-v1.json"), resultsFile("topocheck-results/1", "automation360"));
    const QString newer = write(QStringLiteral("merge-v2.json"), resultsFile("topocheck-results/2", "automation360"));
    const QString out = m_dir.filePath(QStringLiteral("merge-newer-out.json"));
    const Run r = runTopocheck({QStringLiteral("--merge"), current, newer, QStringLiteral("--json"), out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(newer + QStringLiteral(": format")) && r.err.contains(QStringLiteral("newer")),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

void TestBadInput::mergeRefusesTwoTemplates()
{
    const QString onPremises =
        write(QStringLiteral("merge-onprem.json"), resultsFile("topocheck-results/1", "automation360"));
    const QString azure =
        write(QStringLiteral("merge-azure.json"), resultsFile("topocheck-results/1", "automation360-azure"));
    const QString out = m_dir.filePath(QStringLiteral("merge-templates-out.json"));
    const Run r = runTopocheck({QStringLiteral("--merge"), onPremises, azure, QStringLiteral("--json"), out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(azure + QStringLiteral(": template")) && r.err.contains(onPremises), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("automation360-azure")), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

// --- valid but unusual

void TestBadInput::duplicateHostsAreFoldedWithANote()
{
    const QString profile =
        write(QStringLiteral("dupes.json"),
              quietProfile(R"("sql.contoso.invalid", "SQL.Contoso.Invalid", "2001:db8::7", "[2001:db8::7]")"));
    const QString out = m_dir.filePath(QStringLiteral("dupes-results.json"));
    const Run r = runTopocheck(
        {QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--json"), out});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(profile +
                            QStringLiteral(": hosts.sql-server[1]: note: \"SQL.Contoso.Invalid\" is listed twice")),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(profile + QStringLiteral(": hosts.sql-server[3]: note: \"[2001:db8::7]\" is listed twice")),
             qPrintable(r.err));
    QSet<QString> hosts;
    int sqlChecks = 0;
    for (const QJsonValue &v : readJson(out).value(QStringLiteral("checks")).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("to")).toString() == QLatin1String("sql-server")) {
            hosts << c.value(QStringLiteral("host")).toString();
            ++sqlChecks;
        }
    }
    QCOMPARE(hosts, (QSet<QString>{QStringLiteral("sql.contoso.invalid"), QStringLiteral("2001:db8::7")}));
    const TopologyTemplate t = TopologyTemplate::builtin(QStringLiteral("automation360"));
    int sqlFlows = 0;
    for (const Flow &f : t.flows())
        sqlFlows += f.to == QLatin1String("sql-server") ? f.ports.count() : 0;
    QCOMPARE(sqlChecks, 2 * sqlFlows); // one check per (flow, host, port), not four
}

void TestBadInput::zoneIdsAndIdnNamesAreKeptAsTyped()
{
    const QString profile =
        write(QStringLiteral("unusual.json"), quietProfile(R"("fe80::1%eth0", "bücher.example", "[fe80::2%12]")"));
    const QString out = m_dir.filePath(QStringLiteral("unusual-results.json"));
    const Run r = runTopocheck(
        {QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--json"), out});
    QCOMPARE(r.exitCode, 0);
    QSet<QString> hosts;
    for (const QJsonValue &v : readJson(out).value(QStringLiteral("checks")).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("to")).toString() == QLatin1String("sql-server"))
            hosts << c.value(QStringLiteral("host")).toString();
    }
    QCOMPARE(hosts, (QSet<QString>{QStringLiteral("fe80::1%eth0"), QStringLiteral("bücher.example"),
                                   QStringLiteral("fe80::2%12")}));
}

// 10,000 hosts in one component: the plan is one check per (flow, host, port); its figures are printed.
void TestBadInput::tenThousandHostsPlan()
{
    QJsonArray hosts;
    for (int i = 0; i < 10000; ++i)
        hosts.append(QStringLiteral("files%1.contoso.invalid").arg(i, 5, 10, QLatin1Char('0')));
    QJsonObject root{{QStringLiteral("format"), Profile::formatId},
                     {QStringLiteral("vantage"), QStringLiteral("control-room")},
                     {QStringLiteral("hosts"), QJsonObject{{QStringLiteral("file-share"), hosts},
                                                           {QStringLiteral("control-room"),
                                                            QJsonArray{QStringLiteral("cr1.contoso.invalid")}}}}};
    QElapsedTimer clock;
    clock.start();
    ValidationIssues issues;
    const Profile profile = Profile::fromJson(QJsonDocument(root).toJson(), &issues);
    const qint64 readMs = clock.elapsed();
    QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
    const TopologyTemplate t = TopologyTemplate::builtin(profile.templateId);
    Vantage v;
    v.role = QStringLiteral("control-room");
    clock.restart();
    const CheckPlan plan = CheckPlan::build(t, profile, v);
    const qint64 planMs = clock.elapsed();
    int fileShareChecks = 0;
    QSet<QString> planned;
    for (const Check &c : plan.checks()) {
        if (c.to == QLatin1String("file-share")) {
            ++fileShareChecks;
            planned << c.host;
        }
    }
    int fileShareFlows = 0;
    for (const Flow &f : t.flows())
        fileShareFlows += f.to == QLatin1String("file-share") ? f.ports.count() : 0;
    QCOMPARE(planned.size(), 10000);
    QCOMPARE(fileShareChecks, 10000 * fileShareFlows);
    qInfo("10,000 file-share hosts: profile read in %lld ms, plan of %lld checks built in %lld ms", readMs,
          qlonglong(plan.checks().size()), planMs);
}

// Ports x hosts can explode (10,000 Control Room nodes x the cluster and exposure ports): the profile
// is refused with the figure, before a plan of millions of checks takes the machine's memory.
void TestBadInput::explodingPlanIsRefusedUpFront()
{
    QJsonArray hosts;
    for (int i = 0; i < 10000; ++i)
        hosts.append(QStringLiteral("cr%1.contoso.invalid").arg(i));
    const QJsonObject root{{QStringLiteral("format"), Profile::formatId},
                           {QStringLiteral("hosts"), QJsonObject{{QStringLiteral("control-room"), hosts}}}};
    const QString profile = write(QStringLiteral("tenthousand-cr.json"), QJsonDocument(root).toJson());
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(profile + QStringLiteral(": hosts.control-room: 10000 hosts")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("at most 100000 checks")), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
