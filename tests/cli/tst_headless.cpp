// `topocheck --headless` and `--merge` as scripts see them: exit codes, messages, output files.
// Probes go to 127.0.0.1 only.
#include "check.h"
#include "prerequisite.h"
#include "topocheckprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace {
using Run = TestSupport::TopocheckRun;
using TestSupport::runTopocheck;

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    TestSupport::writeFile(path, bytes);
    return path;
}

// A Bot Agent checking that the Control Room's cluster ports are closed to it: every probe goes to loopback.
QByteArray loopbackProfile()
{
    return R"({"format": "topocheck-profile/1", "name": "Loopback", "template": "automation360",
               "vantage": "bot-agent", "hosts": {"control-room": ["127.0.0.1"]},
               "options": {"timeout_ms": 1000, "concurrency": 128}})";
}

QJsonObject parse(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}
} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void invalidProfileExits2NamingFileAndKey();
    void unknownRoleExits2();
    void unreadableProfileExits2();
    void badOptionExits2();
    void helpNamesEveryExitStatus();
    void cleanRunExits0WithContractJson();
    void exposedPortExits1();
    void csvHasTheHeader();
    void jsonToStdout();
    void noOutputWhenInputIsUnusable();
    void missingOutputFolderExits2BeforeRunning();
    void specialFileOutputIsWrittenNotReplaced();
    void mergeJoinsRuns();
    void mergeRejectsInvalidInput();

private:
    QTemporaryDir m_dir;
};

void TestHeadless::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("TOPOCHECK_EXE")), "TOPOCHECK_EXE must name the topocheck binary");
    QVERIFY(m_dir.isValid());
}

void TestHeadless::invalidProfileExits2NamingFileAndKey()
{
    const QString profile = writeFile(m_dir, QStringLiteral("site.json"), R"({"format": "topocheck-profile/1",
        "hosts": {"sql-server": ["sql server"], "file-share": ["files.example"]}, "ports": {"https": 70000}})");
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("site.json")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("hosts.sql-server[0]")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("\"sql server\"")), qPrintable(r.err));
    // every problem is listed, not only the first
    QVERIFY2(r.err.contains(QStringLiteral("ports.https")), qPrintable(r.err));
}

void TestHeadless::unknownRoleExits2()
{
    const QString profile = writeFile(m_dir, QStringLiteral("role.json"), loopbackProfile());
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile,
                                QStringLiteral("--from"), QStringLiteral("toaster")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--from")) && r.err.contains(QStringLiteral("toaster")), qPrintable(r.err));
}

void TestHeadless::unreadableProfileExits2()
{
    const Run missing = runTopocheck(
        {QStringLiteral("--headless"), QStringLiteral("--profile"), m_dir.filePath(QStringLiteral("nope.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("nope.json")), qPrintable(missing.err));
    const QString garbage = writeFile(m_dir, QStringLiteral("garbage.json"), "{not json");
    const Run broken = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), garbage});
    QCOMPARE(broken.exitCode, 2);
    QVERIFY2(broken.err.contains(QStringLiteral("garbage.json")), qPrintable(broken.err));
}

void TestHeadless::badOptionExits2()
{
    const QString profile = writeFile(m_dir, QStringLiteral("opt.json"), loopbackProfile());
    QCOMPARE(runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile,
                           QStringLiteral("--timeout-ms"), QStringLiteral("soon")})
                 .exitCode,
             2);
    QCOMPARE(
        runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--bogus")})
            .exitCode,
        2);
}

void TestHeadless::helpNamesEveryExitStatus()
{
    const Run r = runTopocheck({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    const QString help = QString::fromUtf8(r.out) + r.err;
    // CONTRACT.md: 0, 1, 2 and 130 (interrupted)
    for (const char *status : {"0 no check failed", "1 a check failed", "2 unusable input", "130 interrupted"})
        QVERIFY2(help.contains(QLatin1String(status)), qPrintable(QLatin1String(status) + QLatin1String(" not in: ") + help));
}

void TestHeadless::cleanRunExits0WithContractJson()
{
    const QString profile = writeFile(m_dir, QStringLiteral("clean.json"), loopbackProfile());
    const QString json = m_dir.filePath(QStringLiteral("clean-results.json"));
    const QString csv = m_dir.filePath(QStringLiteral("clean-results.csv"));
    // A run that is clean for certain: in a network namespace of its own (only its loopback, where
    // nothing listens), so no other test's loopback server can make an exposure check fail.
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"), {QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
    TOPOCHECK_REQUIRE(!unshare.isEmpty(), "unshare (util-linux) for a network namespace of the run's own");
    QProcess p;
    p.start(unshare, {QStringLiteral("--net"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                      QStringLiteral("ip link set lo up && exec \"$0\" \"$@\""), qEnvironmentVariable("TOPOCHECK_EXE"),
                      QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--json"), json,
                      QStringLiteral("--csv"), csv, QStringLiteral("--timeout-ms"), QStringLiteral("500")});
    QVERIFY(p.waitForFinished(60000));
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.err = QString::fromUtf8(p.readAllStandardError());
    TOPOCHECK_REQUIRE(!r.err.contains(QLatin1String("unshare:")) && !r.err.contains(QLatin1String("ip:")),
                      qPrintable(QStringLiteral("a network namespace (root): ") + r.err));
    // a clean run exits 0 ...
    QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY2(bytes.trimmed().endsWith('}'), "the JSON is complete");
    const QJsonObject root = parse(bytes);
    // ... and wrote complete outputs: every check passed, in the JSON and a row each in the CSV
    {
        const QJsonObject sum = root.value(QStringLiteral("summary")).toObject();
        const QJsonArray all = root.value(QStringLiteral("checks")).toArray();
        QCOMPARE(sum.value(QStringLiteral("fail")).toInt(), 0);
        int passed = 0;
        for (const QJsonValue &v : all) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("expect")).toString() == QLatin1String("closed")) {
                QCOMPARE(c.value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
                QCOMPARE(c.value(QStringLiteral("verdict")).toString(), QStringLiteral("pass"));
            }
            passed += c.value(QStringLiteral("verdict")).toString() == QLatin1String("pass");
        }
        QCOMPARE(sum.value(QStringLiteral("pass")).toInt(), passed);
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = c.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), all.size() + 1); // the header and a row per check
    }
    for (const char *key : {"format", "tool", "profile", "template", "vantage", "started", "finished", "summary", "checks"})
        QVERIFY2(root.contains(QLatin1String(key)), key);
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("topocheck-results/1"));
    QCOMPARE(root.value(QStringLiteral("vantage")).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("bot-agent"));
    const QJsonObject summary = root.value(QStringLiteral("summary")).toObject();
    // exit status and summary agree: 0 exactly when no check failed
    QCOMPARE(r.exitCode, summary.value(QStringLiteral("fail")).toInt() == 0 ? 0 : 1);
    const QJsonArray checks = root.value(QStringLiteral("checks")).toArray();
    QVERIFY(!checks.isEmpty());
    int exposure = 0;
    for (const QJsonValue &v : checks) {
        const QJsonObject c = v.toObject();
        for (const char *key : {"flow", "from", "to", "host", "address", "transport", "port", "protocol", "expect", "state",
                                "reason", "service", "detail", "verdict", "latency_ms", "advice"})
            QVERIFY2(c.contains(QLatin1String(key)), key);
        if (c.value(QStringLiteral("expect")).toString() == QLatin1String("closed")) {
            ++exposure;
            QCOMPARE(c.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
            const QString state = c.value(QStringLiteral("state")).toString();
            QVERIFY2(state == QLatin1String("closed") || state == QLatin1String("open"), qPrintable(state));
        }
    }
    QCOMPARE(exposure, 309 + 1 + 31); // the cluster ports, 4568 and 5678-5708
    QVERIFY2(r.err.contains(QStringLiteral("pass")), qPrintable(r.err));
}

void TestHeadless::exposedPortExits1()
{
    QTcpServer exposed;
    bool listening = false;
    for (quint16 port = 47100; port <= 47200 && !listening; ++port)
        listening = exposed.listen(QHostAddress::Any, port);
    TOPOCHECK_REQUIRE(listening, "a free port in 47100-47200 (every one is taken here)");
    const QString profile = writeFile(m_dir, QStringLiteral("exposed.json"), loopbackProfile());
    const QString json = m_dir.filePath(QStringLiteral("exposed-results.json"));
    const Run r = runTopocheck(
        {QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--json"), json});
    QCOMPARE(r.exitCode, 1);
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    bool found = false;
    for (const QJsonValue &v : parse(f.readAll()).value(QStringLiteral("checks")).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("port")).toInt() == exposed.serverPort() && c.value(QStringLiteral("expect")).toString() == QLatin1String("closed")) {
            found = true;
            QCOMPARE(c.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
            QCOMPARE(c.value(QStringLiteral("reason")).toString(), QStringLiteral("syn-ack"));
            QCOMPARE(c.value(QStringLiteral("verdict")).toString(), QStringLiteral("fail"));
            QVERIFY(c.value(QStringLiteral("advice")).toString().contains(QStringLiteral("deny rule")));
        }
    }
    QVERIFY(found);
}

void TestHeadless::csvHasTheHeader()
{
    const QString profile = writeFile(m_dir, QStringLiteral("csv.json"), loopbackProfile());
    const QString csv = m_dir.filePath(QStringLiteral("out.csv"));
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile,
                                QStringLiteral("--csv"), csv, QStringLiteral("--concurrency"), QStringLiteral("32")});
    QVERIFY(r.exitCode == 0 || r.exitCode == 1);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QCOMPARE(QString::fromUtf8(lines.constFirst()).trimmed(), Check::csvHeader().join(QLatin1Char(',')));
    QVERIFY(lines.size() > 300);
}

void TestHeadless::jsonToStdout()
{
    const QString profile = writeFile(m_dir, QStringLiteral("stdout.json"), loopbackProfile());
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile,
                                QStringLiteral("--json"), QStringLiteral("-")});
    QVERIFY(r.exitCode == 0 || r.exitCode == 1);
    const QJsonObject root = parse(r.out);
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("topocheck-results/1"));
    QVERIFY(!r.err.contains(QStringLiteral("\r"))); // no progress line: stderr is not a terminal
}

void TestHeadless::noOutputWhenInputIsUnusable()
{
    const QString out = writeFile(m_dir, QStringLiteral("keep.json"), "OLD");
    const QString profile = writeFile(m_dir, QStringLiteral("bad.json"), R"({"format": "topocheck-profile/1", "template": "nope"})");
    const QString csv = m_dir.filePath(QStringLiteral("never.csv"));
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile,
                                QStringLiteral("--json"), out, QStringLiteral("--csv"), csv});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("bad.json")) && r.err.contains(QStringLiteral("template")), qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("OLD"));
    QVERIFY(!QFile::exists(csv));
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("*.tmp"), QStringLiteral("*.json.*")}, QDir::Files), QStringList());
}

void TestHeadless::missingOutputFolderExits2BeforeRunning()
{
    const QString profile = writeFile(m_dir, QStringLiteral("folder.json"), loopbackProfile());
    const Run r = runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), profile,
                                QStringLiteral("--json"), m_dir.filePath(QStringLiteral("no/such/dir/out.json"))});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--json")), qPrintable(r.err));
}

// `--json /dev/stdout`, a FIFO, /dev/null: written through, never replaced by a regular file (QSaveFile renames).
void TestHeadless::specialFileOutputIsWrittenNotReplaced()
{
#ifdef Q_OS_UNIX
    const QString profile = writeFile(m_dir, QStringLiteral("fifo.json"), loopbackProfile());
    const QString fifo = m_dir.filePath(QStringLiteral("results.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const int fd = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
    QVERIFY(fd >= 0);
    QProcess p;
    p.start(qEnvironmentVariable("TOPOCHECK_EXE"),
            {QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--json"), fifo});
    QByteArray received;
    char buffer[65536];
    QElapsedTimer clock;
    clock.start();
    bool finished = false;
    while (clock.elapsed() < 60000) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            received.append(buffer, int(n));
            continue;
        }
        if (finished)
            break;
        finished = p.waitForFinished(10);
    }
    ::close(fd);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    QVERIFY2(p.exitCode() == 0 || p.exitCode() == 1, p.readAllStandardError().constData());
    struct stat info = {};
    QCOMPARE(::stat(QFile::encodeName(fifo).constData(), &info), 0);
    QVERIFY2(S_ISFIFO(info.st_mode), "the FIFO was replaced by a regular file");
    QCOMPARE(parse(received).value(QStringLiteral("format")).toString(), QStringLiteral("topocheck-results/1"));
#else
    TOPOCHECK_UNSUPPORTED("FIFOs are POSIX");
#endif
}

void TestHeadless::mergeJoinsRuns()
{
    // Two machines' results, written by hand in the contract's format: a bot agent saw 443 fail, the
    // Control Room could not test it; the Control Room saw SQL pass, the bot agent could not test it.
    const auto results = [](const char *role, const char *host, const QByteArray &checks) -> QByteArray {
        return QByteArray(R"({"format": "topocheck-results/1", "tool": "topocheck 0.1.0", "profile": "P",
            "template": "automation360", "vantage": {"role": ")") + role + R"(", "hostname": ")" + host
            + R"(", "addresses": []}, "started": "2026-11-28T10:00:00Z", "finished": "2026-11-28T10:00:02Z",
            "summary": {}, "checks": [)" + checks + "]}";
    };
    const QByteArray lbAgent = R"({"flow": "bot-agent>load-balancer:https", "from": "bot-agent", "to": "load-balancer",
        "host": "lb", "address": "10.0.0.5", "transport": "tcp", "port": 443, "protocol": "https+websocket", "expect": "open",
        "state": "filtered", "reason": "no-response", "service": "unchecked", "detail": "", "verdict": "fail", "latency_ms": null, "advice": "x"})";
    const QByteArray lbCr = R"({"flow": "bot-agent>load-balancer:https", "from": "bot-agent", "to": "load-balancer",
        "host": "lb", "address": "", "transport": "tcp", "port": 443, "protocol": "https+websocket", "expect": "open",
        "state": "not-tested", "reason": "other-vantage", "service": "unchecked", "detail": "", "verdict": "skipped", "latency_ms": null, "advice": ""})";
    const QByteArray sqlCr = R"({"flow": "control-room>sql-server:sql", "from": "control-room", "to": "sql-server",
        "host": "sql", "address": "10.0.0.6", "transport": "tcp", "port": 1433, "protocol": "tds", "expect": "open",
        "state": "open", "reason": "syn-ack", "service": "ok", "detail": "TDS 16", "verdict": "pass", "latency_ms": 1.5, "advice": ""})";
    const QByteArray sqlAgent = R"({"flow": "control-room>sql-server:sql", "from": "control-room", "to": "sql-server",
        "host": "sql", "address": "", "transport": "tcp", "port": 1433, "protocol": "tds", "expect": "open",
        "state": "not-tested", "reason": "other-vantage", "service": "unchecked", "detail": "", "verdict": "skipped", "latency_ms": null, "advice": ""})";
    const QString a = writeFile(m_dir, QStringLiteral("agent.json"), results("bot-agent", "ws-1", lbAgent + ',' + sqlAgent));
    const QString b = writeFile(m_dir, QStringLiteral("cr.json"), results("control-room", "cr1", lbCr + ',' + sqlCr));
    const QString out = m_dir.filePath(QStringLiteral("merged.json"));
    const Run r = runTopocheck({QStringLiteral("--merge"), a, b, QStringLiteral("--json"), out});
    QCOMPARE(r.exitCode, 1); // the bot agent's failure survives the merge
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject root = parse(f.readAll());
    const QJsonArray checks = root.value(QStringLiteral("checks")).toArray();
    QCOMPARE(checks.size(), 2);
    QCOMPARE(checks.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("filtered"));
    QCOMPARE(checks.at(1).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QCOMPARE(root.value(QStringLiteral("summary")).toObject().value(QStringLiteral("fail")).toInt(), 1);
    QCOMPARE(root.value(QStringLiteral("merged_from")).toArray().size(), 2);
}

void TestHeadless::mergeRejectsInvalidInput()
{
    const QString good = writeFile(m_dir, QStringLiteral("good.json"),
                                   R"({"format": "topocheck-results/1", "template": "automation360",
                                       "vantage": {"role": "bot-agent"}, "checks": []})");
    const QString bad = writeFile(m_dir, QStringLiteral("broken-results.json"), R"({"format": "topocheck-profile/1"})");
    const QString out = m_dir.filePath(QStringLiteral("merge-never.json"));
    const Run r = runTopocheck({QStringLiteral("--merge"), good, bad, QStringLiteral("--json"), out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("broken-results.json")) && r.err.contains(QStringLiteral("format")), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
