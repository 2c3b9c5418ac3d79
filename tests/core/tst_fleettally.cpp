#include "checkbuilders.h"
#include "fleettally.h"
#include "resultmerge.h"
#include "translations.h"

#include <QTest>

namespace {
const QString agentFlow = QStringLiteral("bot-agent>load-balancer:https");

Check seen(const QString &flow, CheckState state, Verdict verdict, Expectation expect = Expectation::Open)
{
    Check c = TestSupport::flowCheck(flow, QStringLiteral("lb"), 443, QStringLiteral("https"));
    c.expect = expect;
    c.state = state;
    c.verdict = verdict;
    return c;
}

// One machine's checks on links, through the builder as the streaming merge feeds it.
void machine(FleetTallyBuilder &b, const QString &host, const QString &role, const QList<Check> &checks, bool decides = true)
{
    b.beginMachine(host, role);
    for (const Check &c : checks)
        b.add(c, decides);
    b.endMachine();
}

FleetTally tallyOf(const QList<FleetTally> &tallies, const QString &link, const QString &role)
{
    for (const FleetTally &t : tallies)
        if (t.linkId == link && t.role == role)
            return t;
    return {};
}
} // namespace

class TestFleetTally : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countsEachMachineByItsWorstVerdict();
    void notTestedIsNotAMachine();
    void rolesAreSeparateTallies();
    void namesAreSortedAndCapped();
    void sentenceNamesTheFailures_data();
    void sentenceNamesTheFailures();
    void jsonRoundTrip();
    void jsonRefusesBadCounts();
    void addsTalliesOfAMergedFile();
};

void TestFleetTally::initTestCase()
{
    Translations::install(QCoreApplication::instance());
}

void TestFleetTally::countsEachMachineByItsWorstVerdict()
{
    FleetTallyBuilder b;
    const Check pass = seen(agentFlow, CheckState::Open, Verdict::Pass);
    const Check fail = seen(agentFlow, CheckState::Filtered, Verdict::Fail);
    const Check warn = seen(agentFlow, CheckState::Open, Verdict::Warn);
    machine(b, QStringLiteral("ws-1"), QStringLiteral("bot-agent"), {pass, pass});
    machine(b, QStringLiteral("ws-2"), QStringLiteral("bot-agent"), {pass, fail, warn}); // two agents disagree
    machine(b, QStringLiteral("ws-3"), QStringLiteral("bot-agent"), {warn, pass});
    const QList<FleetTally> tallies = b.tallies();
    QCOMPARE(tallies.size(), 1);
    const FleetTally t = tallies.constFirst();
    QCOMPARE(t.linkId, QStringLiteral("bot-agent>load-balancer"));
    QCOMPARE(t.role, QStringLiteral("bot-agent"));
    QVERIFY(t.decides);
    QCOMPARE(t.machines, 3);
    QCOMPARE(t.pass, 1);
    QCOMPARE(t.fail, 1);
    QCOMPARE(t.warn, 1);
    QCOMPARE(t.failing, QStringList{QStringLiteral("ws-2")});
    QCOMPARE(t.warning, QStringList{QStringLiteral("ws-3")});
    QCOMPARE(t.checks, 7);
    QVERIFY(!t.unanimous());
}

void TestFleetTally::notTestedIsNotAMachine()
{
    FleetTallyBuilder b;
    machine(b, QStringLiteral("cr1"), QStringLiteral("control-room"),
            {seen(agentFlow, CheckState::NotTested, Verdict::Skipped)});
    machine(b, QStringLiteral("ws-1"), QStringLiteral("bot-agent"),
            {seen(agentFlow, CheckState::NotTested, Verdict::Skipped), seen(agentFlow, CheckState::Open, Verdict::Pass)});
    const QList<FleetTally> tallies = b.tallies();
    QCOMPARE(tallies.size(), 1);
    QCOMPARE(tallies.constFirst().role, QStringLiteral("bot-agent"));
    QCOMPARE(tallies.constFirst().machines, 1);
    QCOMPARE(tallies.constFirst().checks, 1);
    QVERIFY(tallies.constFirst().unanimous());
}

void TestFleetTally::rolesAreSeparateTallies()
{
    // A conflict between roles: the Bot Agents pass, a run playing every role fails; both are kept, the
    // deciding role (the flow's own source) first. Exposure checks belong to outside>control-room.
    FleetTallyBuilder b;
    const RunResults agent = TestSupport::runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"), {});
    const RunResults all = TestSupport::runFrom(Vantage::all, QStringLiteral("admin"), {});
    const Check agentPass = seen(agentFlow, CheckState::Open, Verdict::Pass);
    const Check allFail = seen(agentFlow, CheckState::Filtered, Verdict::Fail);
    const Check exposure = seen(QStringLiteral("outside>control-room:cache"), CheckState::Filtered, Verdict::Pass,
                                Expectation::Closed);
    b.beginMachine(QStringLiteral("admin"), Vantage::all);
    b.add(allFail, ResultMerge::decides(allFail, all));
    b.endMachine();
    b.beginMachine(QStringLiteral("ws-1"), QStringLiteral("bot-agent"));
    b.add(agentPass, ResultMerge::decides(agentPass, agent));
    b.add(exposure, ResultMerge::decides(exposure, agent));
    b.endMachine();
    const QList<FleetTally> tallies = b.tallies();
    QCOMPARE(tallies.size(), 3);
    QCOMPARE(tallies.at(0).role, QStringLiteral("bot-agent"));
    QVERIFY(tallies.at(0).decides);
    QCOMPARE(tallies.at(0).pass, 1);
    QCOMPARE(tallies.at(1).role, Vantage::all);
    QVERIFY(!tallies.at(1).decides);
    QCOMPARE(tallies.at(1).failing, QStringList{QStringLiteral("admin")});
    QCOMPARE(tallies.at(2).linkId, QStringLiteral("outside>control-room"));
    QVERIFY(tallies.at(2).decides);
}

void TestFleetTally::namesAreSortedAndCapped()
{
    FleetTallyBuilder b;
    const Check fail = seen(agentFlow, CheckState::Filtered, Verdict::Fail);
    for (int i = 120; i > 0; --i) // in reverse: the names kept are the first in order, whatever came first
        machine(b, QStringLiteral("ws-%1").arg(i, 3, 10, QLatin1Char('0')), QStringLiteral("bot-agent"), {fail});
    const FleetTally t = b.tallies().constFirst();
    QCOMPARE(t.fail, 120);
    QCOMPARE(t.failing.size(), FleetTally::namesKept);
    QCOMPARE(t.failing.constFirst(), QStringLiteral("ws-001"));
    QCOMPARE(t.failing.constLast(), QStringLiteral("ws-050"));
}

void TestFleetTally::sentenceNamesTheFailures_data()
{
    QTest::addColumn<int>("fail");
    QTest::addColumn<int>("shown");
    QTest::addColumn<QStringList>("parts");
    QTest::newRow("three named") << 3 << 3
                                 << QStringList{QStringLiteral("412 of 415 "), QStringLiteral("3 fail: ws-017, ws-233, ws-380")};
    QTest::newRow("and more") << 5 << 3
                              << QStringList{QStringLiteral("410 of 415 "),
                                             QStringLiteral("5 fail: ws-017, ws-233, ws-380 and 2 more")};
}

void TestFleetTally::sentenceNamesTheFailures()
{
    QFETCH(int, fail);
    QFETCH(int, shown);
    QFETCH(QStringList, parts);
    FleetTally t;
    t.linkId = QStringLiteral("bot-agent>load-balancer");
    t.role = QStringLiteral("bot-agent");
    t.machines = 415;
    t.fail = fail;
    t.pass = t.machines - fail;
    t.failing = QStringList{QStringLiteral("ws-017"), QStringLiteral("ws-233"), QStringLiteral("ws-380"),
                            QStringLiteral("ws-401"), QStringLiteral("ws-402")}
                    .mid(0, fail);
    const QString s = t.sentence(shown);
    for (const QString &part : parts)
        QVERIFY2(s.contains(part), qPrintable(s));
    QVERIFY2(!s.contains(QLatin1String("warn")), qPrintable(s));
    QVERIFY2(!s.contains(QLatin1String("ws-401")), qPrintable(s));
}

void TestFleetTally::jsonRoundTrip()
{
    FleetTally t;
    t.linkId = QStringLiteral("outside>control-room");
    t.role = QStringLiteral("bot-agent");
    t.decides = true;
    t.machines = 1000;
    t.pass = 990;
    t.warn = 4;
    t.fail = 6;
    t.failing = {QStringLiteral("ws-0001"), QStringLiteral("ws-0002")};
    t.warning = {QStringLiteral("ws-0100")};
    t.checks = 5000000000LL; // beyond 32 bits
    QStringList errors;
    const FleetTally back = FleetTally::fromJson(t.toJson(), QStringLiteral("fleet[0]"), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(back.toJson(), t.toJson());
    QCOMPARE(back.checks, t.checks);
    QCOMPARE(back.failing, t.failing);
}

void TestFleetTally::jsonRefusesBadCounts()
{
    QJsonObject o = FleetTally{}.toJson();
    o.insert(QStringLiteral("link"), QStringLiteral("bot-agent>load-balancer"));
    o.insert(QStringLiteral("role"), QStringLiteral("bot-agent"));
    o.insert(QStringLiteral("machines"), 2);
    o.insert(QStringLiteral("fail"), 3);
    o.insert(QStringLiteral("pass"), QStringLiteral("many"));
    QStringList errors;
    FleetTally::fromJson(o, QStringLiteral("fleet[4]"), &errors);
    QVERIFY2(errors.size() == 2, qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(errors.at(0).startsWith(QLatin1String("fleet[4].pass: ")));
    QVERIFY(errors.at(1).startsWith(QLatin1String("fleet[4].machines: ")));
}

void TestFleetTally::addsTalliesOfAMergedFile()
{
    FleetTallyBuilder first;
    machine(first, QStringLiteral("ws-2"), QStringLiteral("bot-agent"), {seen(agentFlow, CheckState::Closed, Verdict::Fail)});
    FleetTallyBuilder b;
    machine(b, QStringLiteral("ws-1"), QStringLiteral("bot-agent"), {seen(agentFlow, CheckState::Closed, Verdict::Fail)});
    b.add(first.tallies().constFirst());
    const FleetTally t = tallyOf(b.tallies(), QStringLiteral("bot-agent>load-balancer"), QStringLiteral("bot-agent"));
    QCOMPARE(t.machines, 2);
    QCOMPARE(t.fail, 2);
    QCOMPARE(t.failing, (QStringList{QStringLiteral("ws-1"), QStringLiteral("ws-2")}));
}

QTEST_GUILESS_MAIN(TestFleetTally)
#include "tst_fleettally.moc"
