// `topocheck --merge` as a stream (issue 15), run as scripts run it: every tested check of every machine in
// "vantage_checks" and in the CSV, the fleet tallies, the winners as before, bad inputs refused naming the file
// and the key with nothing written, and a merged file merged again.
#include "checkbuilders.h"
#include "topocheckprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestMergeRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsEveryVantageCheckAndTalliesTheFleet();
    void refusesBadInputsNamingFileAndKey_data();
    void refusesBadInputsNamingFileAndKey();
    void mergesAMergedFileAgain();
    void groupsChecksWhateverTheirOrder();
    void writesCsvRowsAsRunResultsDoes();
    void refusesAShortWrite();

private:
    QString write(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

namespace {
using TestSupport::runTopocheck;

const QString https = QStringLiteral("bot-agent>load-balancer:https");
const QString sql = QStringLiteral("control-room>sql-server:sql");

Check outcome(const QString &flow, const QString &host, quint16 port, CheckState state, Verdict verdict)
{
    Check c = TestSupport::flowCheck(flow, host, port, QStringLiteral("tcp"));
    c.address = QStringLiteral("10.0.0.5");
    c.state = state;
    c.verdict = verdict;
    c.runnable = state != CheckState::NotTested;
    c.reason = state == CheckState::NotTested ? QStringLiteral("other-vantage") : QStringLiteral("syn-ack");
    return c;
}

// A machine's results file as the tool writes it.
QByteArray machine(const QString &role, const QString &host, const QList<Check> &checks)
{
    RunResults r = TestSupport::runFrom(role, host, checks);
    r.templateId = QStringLiteral("automation360");
    r.profileName = QStringLiteral("P");
    return r.toJsonBytes();
}

QByteArray agent(const QString &host, Verdict onHttps)
{
    return machine(QStringLiteral("bot-agent"), host,
                   {outcome(https, QStringLiteral("lb"), 443,
                            onHttps == Verdict::Pass ? CheckState::Open : CheckState::Filtered, onHttps),
                    outcome(sql, QStringLiteral("sql"), 1433, CheckState::NotTested, Verdict::Skipped)});
}

QByteArray controlRoom(const QString &host)
{
    return machine(QStringLiteral("control-room"), host,
                   {outcome(https, QStringLiteral("lb"), 443, CheckState::NotTested, Verdict::Skipped),
                    outcome(sql, QStringLiteral("sql"), 1433, CheckState::Open, Verdict::Pass),
                    outcome(QStringLiteral("control-room>file-share:smb"), QStringLiteral("files"), 445,
                            CheckState::NotTested, Verdict::Skipped)});
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

QJsonObject tally(const QJsonObject &root, const QString &link, const QString &role)
{
    for (const QJsonValue &t : root.value(QStringLiteral("fleet")).toArray())
        if (t[QStringLiteral("link")].toString() == link && t[QStringLiteral("role")].toString() == role)
            return t.toObject();
    return {};
}

QStringList names(const QJsonValue &list)
{
    QStringList out;
    for (const QJsonValue &v : list.toArray())
        out << v.toString();
    return out;
}
} // namespace

QString TestMergeRun::write(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    return TestSupport::writeFile(path, bytes) ? path : QString();
}

void TestMergeRun::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("TOPOCHECK_EXE")), "TOPOCHECK_EXE must name the topocheck binary");
    QVERIFY(m_dir.isValid());
}

void TestMergeRun::keepsEveryVantageCheckAndTalliesTheFleet()
{
    // two agents disagree on HTTPS (ws-2 fails), a run playing every role fails it too (not its flow: it
    // counts apart and does not decide), the Control Room node tests SQL
    const QStringList inputs{write(QStringLiteral("ws-1.json"), agent(QStringLiteral("ws-1"), Verdict::Pass)),
                             write(QStringLiteral("ws-2.json"), agent(QStringLiteral("ws-2"), Verdict::Fail)),
                             write(QStringLiteral("ws-3.json"), agent(QStringLiteral("ws-3"), Verdict::Pass)),
                             write(QStringLiteral("admin.json"),
                                   machine(Vantage::all, QStringLiteral("admin"),
                                           {outcome(https, QStringLiteral("lb"), 443, CheckState::Closed, Verdict::Fail)})),
                             write(QStringLiteral("cr1.json"), controlRoom(QStringLiteral("cr1")))};
    const QString json = m_dir.filePath(QStringLiteral("merged.json"));
    const QString csv = m_dir.filePath(QStringLiteral("merged.csv"));
    const auto r = runTopocheck(QStringList{QStringLiteral("--merge")} + inputs
                                + QStringList{QStringLiteral("--json"), json, QStringLiteral("--csv"), csv});
    QCOMPARE(r.exitCode, 1); // ws-2's failure is the winner of the HTTPS flow
    QFile text(json);
    QVERIFY(text.open(QIODevice::ReadOnly));
    QVERIFY2(text.read(40).startsWith("{\n    \"format\": \"topocheck-results/1\""), "\"format\" comes first");
    const QJsonObject root = readJson(json);
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("topocheck-results/1"));

    // every tested check of every machine, each naming its machine: 3 agents + admin + cr1's SQL
    const QJsonArray vantage = root.value(QStringLiteral("vantage_checks")).toArray();
    QCOMPARE(vantage.size(), 5);
    QStringList from;
    for (const QJsonValue &c : vantage) {
        from << c[QStringLiteral("tested_from")].toString();
        QVERIFY(c[QStringLiteral("state")].toString() != QLatin1String("not-tested"));
    }
    QCOMPARE(from, (QStringList{QStringLiteral("ws-1"), QStringLiteral("ws-2"), QStringLiteral("ws-3"),
                                QStringLiteral("admin"), QStringLiteral("cr1")}));

    // the winners as before: one per flow, the failure of the deciding role wins
    const QJsonArray checks = root.value(QStringLiteral("checks")).toArray();
    QCOMPARE(checks.size(), 3);
    QCOMPARE(checks.at(0)[QStringLiteral("tested_from")].toString(), QStringLiteral("ws-2"));
    QCOMPARE(checks.at(0)[QStringLiteral("verdict")].toString(), QStringLiteral("fail"));
    QCOMPARE(root.value(QStringLiteral("merged_from")).toArray().size(), 5);
    QCOMPARE(root.value(QStringLiteral("summary"))[QStringLiteral("fail")].toInt(), 1);

    // the fleet: the agents, and apart from them the run of every role
    const QJsonObject agents = tally(root, QStringLiteral("bot-agent>load-balancer"), QStringLiteral("bot-agent"));
    QCOMPARE(agents.value(QStringLiteral("machines")).toInt(), 3);
    QCOMPARE(agents.value(QStringLiteral("pass")).toInt(), 2);
    QCOMPARE(agents.value(QStringLiteral("fail")).toInt(), 1);
    QCOMPARE(names(agents.value(QStringLiteral("failing"))), QStringList{QStringLiteral("ws-2")});
    QVERIFY(agents.value(QStringLiteral("decides")).toBool());
    const QJsonObject all = tally(root, QStringLiteral("bot-agent>load-balancer"), Vantage::all);
    QCOMPARE(all.value(QStringLiteral("machines")).toInt(), 1);
    QCOMPARE(all.value(QStringLiteral("fail")).toInt(), 1);
    QVERIFY(!all.value(QStringLiteral("decides")).toBool());
    QCOMPARE(tally(root, QStringLiteral("control-room>sql-server"), QStringLiteral("control-room"))
                 .value(QStringLiteral("pass")).toInt(), 1);
    QCOMPARE(root.value(QStringLiteral("fleet")).toArray().size(), 3);

    // the CSV: every machine's row (tested_from last), and the flow nobody tested
    QFile rows(csv);
    QVERIFY(rows.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = rows.readAll().split('\n');
    QVERIFY(lines.constFirst().trimmed().endsWith(",source_address,tested_from"));
    QCOMPARE(lines.size() - 2, 5 + 1); // header, rows, and the empty piece after the last CRLF
    QVERIFY(lines.at(2).trimmed().endsWith(",ws-2"));
    QVERIFY(lines.at(6).contains("control-room>file-share:smb"));
}

void TestMergeRun::refusesBadInputsNamingFileAndKey_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QString>("message");
    const QByteArray good = agent(QStringLiteral("ws-9"), Verdict::Pass);
    QTest::newRow("truncated") << good.left(good.size() / 2) << QStringLiteral("not valid JSON");
    QTest::newRow("malformed check") << QByteArray(good).replace("\"port\": 443,", "\"port\": 443,,")
                                     << QStringLiteral("not valid JSON");
    QTest::newRow("bad key") << QByteArray(good).replace("\"port\": 443", "\"port\": \"https\"")
                             << QStringLiteral("checks[0].port: ");
    QTest::newRow("newer format") << QByteArray(good).replace("topocheck-results/1", "topocheck-results/2")
                                  << QStringLiteral("format: ");
    QTest::newRow("bad tally") << QByteArray(good).replace("\"checks\": [", "\"fleet\": 7, \"checks\": [")
                               << QStringLiteral("fleet: ");
}

void TestMergeRun::refusesBadInputsNamingFileAndKey()
{
    QFETCH(QByteArray, bad);
    QFETCH(QString, message);
    // the bad file comes last: the good ones before it were already streamed out, and must not be left
    const QString first = write(QStringLiteral("good-1.json"), agent(QStringLiteral("ws-1"), Verdict::Pass));
    const QString second = write(QStringLiteral("good-2.json"), agent(QStringLiteral("ws-2"), Verdict::Fail));
    const QString broken = write(QStringLiteral("broken.json"), bad);
    const QString json = m_dir.filePath(QStringLiteral("never.json"));
    const QString csv = m_dir.filePath(QStringLiteral("never.csv"));
    const auto r = runTopocheck({QStringLiteral("--merge"), first, second, broken, QStringLiteral("--json"), json,
                                 QStringLiteral("--csv"), csv});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(broken + QLatin1String(": ") + message), qPrintable(r.err));
    QVERIFY2(!r.err.contains(first), qPrintable(r.err));
    QVERIFY(!QFile::exists(json));
    QVERIFY(!QFile::exists(csv));
    QVERIFY2(QDir(m_dir.path()).entryList({QStringLiteral("never*")}, QDir::Files | QDir::Hidden).isEmpty(),
             "a temporary output file is left behind");
}

void TestMergeRun::mergesAMergedFileAgain()
{
    const QString one = m_dir.filePath(QStringLiteral("first-merge.json"));
    auto r = runTopocheck({QStringLiteral("--merge"), write(QStringLiteral("a1.json"), agent(QStringLiteral("ws-1"), Verdict::Fail)),
                           write(QStringLiteral("c1.json"), controlRoom(QStringLiteral("cr1"))), QStringLiteral("--json"), one});
    QCOMPARE(r.exitCode, 1);
    const QString two = m_dir.filePath(QStringLiteral("second-merge.json"));
    r = runTopocheck({QStringLiteral("--merge"), one, write(QStringLiteral("a2.json"), agent(QStringLiteral("ws-2"), Verdict::Pass)),
                      QStringLiteral("--json"), two});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject root = readJson(two);
    QCOMPARE(root.value(QStringLiteral("vantage_checks")).toArray().size(), 3);
    const QJsonObject agents = tally(root, QStringLiteral("bot-agent>load-balancer"), QStringLiteral("bot-agent"));
    QCOMPARE(agents.value(QStringLiteral("machines")).toInt(), 2);
    QCOMPARE(names(agents.value(QStringLiteral("failing"))), QStringList{QStringLiteral("ws-1")});
}

void TestMergeRun::groupsChecksWhateverTheirOrder()
{
    // the merge finds a check's flow by its place in the previous machine's list first: a machine whose
    // list is in another order, or longer, still joins each flow's group
    const Check lbPass = outcome(https, QStringLiteral("lb"), 443, CheckState::Open, Verdict::Pass);
    const Check lbFail = outcome(https, QStringLiteral("lb"), 443, CheckState::Filtered, Verdict::Fail);
    const Check sqlUntested = outcome(sql, QStringLiteral("sql"), 1433, CheckState::NotTested, Verdict::Skipped);
    const Check lb8443 = outcome(https, QStringLiteral("lb"), 8443, CheckState::Open, Verdict::Pass);
    const QStringList inputs{
        write(QStringLiteral("o-1.json"), machine(QStringLiteral("bot-agent"), QStringLiteral("ws-1"), {lbPass, sqlUntested})),
        write(QStringLiteral("o-2.json"), machine(QStringLiteral("bot-agent"), QStringLiteral("ws-2"), {sqlUntested, lbFail, lb8443})),
        write(QStringLiteral("o-3.json"), machine(QStringLiteral("bot-agent"), QStringLiteral("ws-3"), {lb8443, lbPass}))};
    const QString json = m_dir.filePath(QStringLiteral("ordered.json"));
    const auto r = runTopocheck(QStringList{QStringLiteral("--merge")} + inputs + QStringList{QStringLiteral("--json"), json});
    QCOMPARE(r.exitCode, 1);
    QStringList winners;
    for (const QJsonValue &c : readJson(json).value(QStringLiteral("checks")).toArray())
        winners << QStringLiteral("%1:%2 %3 %4").arg(c[QStringLiteral("flow")].toString()).arg(c[QStringLiteral("port")].toInt())
                       .arg(c[QStringLiteral("verdict")].toString(), c[QStringLiteral("tested_from")].toString());
    QCOMPARE(winners, (QStringList{https + QLatin1String(":443 fail ws-2"), sql + QLatin1String(":1433 skipped "),
                                   https + QLatin1String(":8443 pass ws-2")}));
}

void TestMergeRun::writesCsvRowsAsRunResultsDoes()
{
    // the merge writes its rows from the checks' bytes: every field that needs care, as csvRow writes it
    QList<Check> checks;
    const QStringList texts{QStringLiteral("plain"), QStringLiteral("a, b"), QStringLiteral("say \"no\""),
                            QStringLiteral("=1+2"), QStringLiteral("-x, \"y\""), QStringLiteral("@home"),
                            QStringLiteral("line\nbreak"), QStringLiteral("tab\there"), QStringLiteral("r\u00e9seau \u2192 \u00fc"),
                            QStringLiteral("+"), QString()};
    for (int i = 0; i < texts.size(); ++i) {
        Check c = outcome(https, QStringLiteral("lb"), quint16(440 + i), CheckState::Open, Verdict::Pass);
        c.detail = texts.at(i);
        c.reason = texts.at(texts.size() - 1 - i);
        c.advice = texts.at((i + 3) % texts.size());
        c.latencyMs = i == 2 ? -1 : 1.25 * i;
        c.sourceAddress = texts.at((i + 5) % texts.size());
        c.service = i % 2 ? ServiceStatus::Ok : ServiceStatus::Mismatch;
        c.expect = i % 3 ? Expectation::Open : Expectation::Reachable;
        c.transport = i % 4 ? Transport::Tcp : Transport::Udp;
        if (i == 4)
            c.portRange = QStringLiteral("49152-65535");
        checks << c;
    }
    const QString input = write(QStringLiteral("rows.json"), machine(QStringLiteral("bot-agent"), QStringLiteral("ws-\u00e9"), checks));
    const QString csv = m_dir.filePath(QStringLiteral("rows.csv"));
    const auto r = runTopocheck({QStringLiteral("--merge"), input, QStringLiteral("--csv"), csv});
    QCOMPARE(r.exitCode, 0);
    QFile rows(csv);
    QVERIFY(rows.open(QIODevice::ReadOnly));
    QByteArray expected = (RunResults::csvHeader(true).join(QLatin1Char(',')) + QLatin1String("\r\n")).toUtf8();
    for (Check c : checks) {
        c.testedFrom = QStringLiteral("ws-\u00e9");
        expected += RunResults::csvRow(c, true);
    }
    QCOMPARE(rows.readAll(), expected);
}

void TestMergeRun::refusesAShortWrite()
{
    // a file size limit (`ulimit -f`, as a full disk) cuts the merged JSON: the merge says so and leaves no
    // file. The output is smaller than a write buffer: a buffered file would only fail, unseen, at commit.
    QList<Check> checks;
    for (int i = 0; i < 20; ++i)
        checks << outcome(https, QStringLiteral("lb"), quint16(1000 + i), CheckState::Open, Verdict::Pass);
    const QString input = write(QStringLiteral("small.json"), machine(QStringLiteral("bot-agent"), QStringLiteral("ws-1"), checks));
    QVERIFY(QFileInfo(input).size() > 4 * 1024 && QFileInfo(input).size() < 16 * 1024);
    const QString json = m_dir.filePath(QStringLiteral("cut.json"));
    QProcess p;
    // SIGXFSZ ignored: the write then comes back short with EFBIG, as on a full disk
    p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\""),
                                       qEnvironmentVariable("TOPOCHECK_EXE"), QStringLiteral("--merge"), input,
                                       QStringLiteral("--json"), json});
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(err.contains(QLatin1String("--json: cannot write ") + json + QLatin1String(": the disk is full or a file size limit")),
             qPrintable(err));
    QVERIFY(!QFile::exists(json));
    QVERIFY2(QDir(m_dir.path()).entryList({QStringLiteral("cut*")}, QDir::Files | QDir::Hidden).isEmpty(),
             "a temporary output file is left behind");
}

QTEST_GUILESS_MAIN(TestMergeRun)
#include "tst_mergerun.moc"
