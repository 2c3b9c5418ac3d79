#include "checkbuilders.h"
#include "resultmerge.h"

#include <QTest>

namespace {
using TestSupport::runFrom;

// A check to port 443 on the Control Room with its outcome given outright (a merge only reads outcomes).
Check check(const QString &flow, const QString &from, const QString &host, CheckState state, Verdict verdict,
            Expectation expect = Expectation::Open)
{
    Check c = TestSupport::makeCheck(-1, host, 443);
    c.flowId = flow;
    c.from = from;
    c.expect = expect;
    c.state = state;
    c.verdict = verdict;
    c.runnable = state != CheckState::NotTested;
    return c;
}

const QString agentFlow = QStringLiteral("bot-agent>load-balancer:https");
const QString exposureFlow = QStringLiteral("outside>control-room:messaging");
} // namespace

class TestResultMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sourceVantageWins();
    void testedBeatsNotTested();
    void allStandsInForAMissingSource();
    void exposureTakesTheWorstOutsider();
    void sameAuthorityKeepsTheWorse();
    void keepsOrderSourcesAndTimes();
    void viaAndHostAreSeparateChecks();
    void eachAddressOfANameIsKept();
    void addOneAtATimeAsMerge();
    void aMergedInputKeepsItsMachinesRoles();
    void decidesFollowsTheRule();
};

void TestResultMerge::sourceVantageWins()
{
    const RunResults agent =
        runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass)});
    const RunResults all = runFrom(
        Vantage::all, QStringLiteral("admin"),
        {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Filtered, Verdict::Fail)});
    // whichever order the files come in
    for (const auto &runs : {QList<RunResults>{agent, all}, QList<RunResults>{all, agent}}) {
        const RunResults m = ResultMerge::merge(runs);
        QCOMPARE(m.checks.size(), 1);
        QCOMPARE(m.checks.constFirst().state, CheckState::Open);
        QCOMPARE(m.checks.constFirst().verdict, Verdict::Pass);
    }
}

void TestResultMerge::testedBeatsNotTested()
{
    const RunResults cr = runFrom(
        QStringLiteral("control-room"), QStringLiteral("cr1"),
        {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::NotTested, Verdict::Skipped)});
    const RunResults agent = runFrom(
        QStringLiteral("bot-agent"), QStringLiteral("ws-1"),
        {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Closed, Verdict::Fail)});
    const RunResults m = ResultMerge::merge({cr, agent});
    QCOMPARE(m.checks.size(), 1);
    QCOMPARE(m.checks.constFirst().state, CheckState::Closed);
    QVERIFY(m.hasFailure());
}

void TestResultMerge::allStandsInForAMissingSource()
{
    const RunResults cr = runFrom(
        QStringLiteral("control-room"), QStringLiteral("cr1"),
        {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::NotTested, Verdict::Skipped)});
    const RunResults all =
        runFrom(Vantage::all, QStringLiteral("admin"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass)});
    const RunResults m = ResultMerge::merge({cr, all});
    QCOMPARE(m.checks.constFirst().verdict, Verdict::Pass);
}

void TestResultMerge::exposureTakesTheWorstOutsider()
{
    // exposure checks carry the outside machine's role in `from`; all outsiders are sources
    const RunResults agent = runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"),
                                     {check(exposureFlow, QStringLiteral("bot-agent"), QStringLiteral("cr1"),
                                            CheckState::Closed, Verdict::Pass, Expectation::Closed)});
    const RunResults browser = runFrom(QStringLiteral("web-browser"), QStringLiteral("pc-7"),
                                       {check(exposureFlow, QStringLiteral("web-browser"), QStringLiteral("cr1"),
                                              CheckState::Open, Verdict::Fail, Expectation::Closed)});
    const RunResults cr = runFrom(QStringLiteral("control-room"), QStringLiteral("cr2"),
                                  {check(exposureFlow, QStringLiteral("bot-agent"), QStringLiteral("cr1"),
                                         CheckState::NotTested, Verdict::Skipped, Expectation::Closed)});
    const RunResults m = ResultMerge::merge({cr, agent, browser});
    QCOMPARE(m.checks.size(), 1);
    QCOMPARE(m.checks.constFirst().state, CheckState::Open);
    QCOMPARE(m.checks.constFirst().from, QStringLiteral("web-browser"));
    QCOMPARE(m.checks.constFirst().verdict, Verdict::Fail);
}

void TestResultMerge::sameAuthorityKeepsTheWorse()
{
    const RunResults a = runFrom(
        QStringLiteral("bot-agent"), QStringLiteral("ws-1"),
        {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::OpenFiltered, Verdict::Warn)});
    const RunResults b =
        runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-2"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass)});
    QCOMPARE(ResultMerge::merge({a, b}).checks.constFirst().verdict, Verdict::Warn);
    QCOMPARE(ResultMerge::merge({b, a}).checks.constFirst().verdict, Verdict::Warn);
}

void TestResultMerge::keepsOrderSourcesAndTimes()
{
    const QString sqlFlow = QStringLiteral("control-room>sql-server:sql");
    const RunResults cr = runFrom(
        QStringLiteral("control-room"), QStringLiteral("cr1"),
        {check(sqlFlow, QStringLiteral("control-room"), QStringLiteral("sql"), CheckState::Open, Verdict::Pass),
         check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::NotTested, Verdict::Skipped)},
        TestSupport::runStart(5));
    const RunResults agent =
        runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass),
                 check(sqlFlow, QStringLiteral("control-room"), QStringLiteral("sql"), CheckState::NotTested,
                       Verdict::Skipped)},
                TestSupport::runStart(1));
    const RunResults m = ResultMerge::merge({cr, agent});
    QCOMPARE(m.checks.size(), 2);
    QCOMPARE(m.checks.at(0).flowId, sqlFlow);
    QCOMPARE(m.checks.at(1).flowId, agentFlow);
    QCOMPARE(m.checks.at(0).id, 0);
    QCOMPARE(m.checks.at(1).id, 1);
    QCOMPARE(m.summary().pass, 2);
    QCOMPARE(m.sources.size(), 2);
    QCOMPARE(m.vantage.role, ResultMerge::mergedRole);
    QCOMPARE(m.started, agent.started);
    QCOMPARE(m.finished, cr.finished);
    // and it reads back as a valid results document
    QStringList errors;
    const RunResults back = RunResults::fromJson(m.toJsonBytes(), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(back.checks.size(), 2);
}

void TestResultMerge::viaAndHostAreSeparateChecks()
{
    Check direct = check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass);
    Check proxied = direct;
    proxied.via = QStringLiteral("proxy");
    proxied.state = CheckState::Open;
    proxied.verdict = Verdict::Fail;
    Check other = direct;
    other.host = QStringLiteral("lb2");
    const RunResults m =
        ResultMerge::merge({runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"), {direct, proxied, other})});
    QCOMPARE(m.checks.size(), 3);
}

void TestResultMerge::eachAddressOfANameIsKept()
{
    // lb resolved to an IPv4 and an IPv6 address on the Bot Agent: two checks, neither hides the other;
    // a run of another role (a browser's, lower authority) adds no address of its own
    Check v4 = check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass);
    v4.address = QStringLiteral("10.0.4.10");
    Check v6 = check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Filtered, Verdict::Fail);
    v6.address = QStringLiteral("fd00::10");
    Check otherV6 = v6;
    otherV6.address = QStringLiteral("fd00::11");
    const RunResults agent = runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"), {v4, v6});
    const RunResults browser = runFrom(QStringLiteral("web-browser"), QStringLiteral("ws-9"), {otherV6});
    const RunResults m = ResultMerge::merge({browser, agent});
    QCOMPARE(m.checks.size(), 2);
    QCOMPARE(m.checks.at(0).address, v4.address);
    QCOMPARE(m.checks.at(0).verdict, Verdict::Pass);
    QCOMPARE(m.checks.at(1).address, v6.address);
    QCOMPARE(m.checks.at(1).verdict, Verdict::Fail);
    QCOMPARE(m.checks.at(1).id, 1);
    // two Bot Agents: per address, the worse verdict
    Check v6Open = v6;
    v6Open.state = CheckState::Open;
    v6Open.verdict = Verdict::Pass;
    const RunResults second = runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-2"), {v6Open, v4});
    const RunResults both = ResultMerge::merge({second, agent});
    QCOMPARE(both.checks.size(), 2);
    QCOMPARE(both.checks.at(0).address, v6.address);
    QCOMPARE(both.checks.at(0).verdict, Verdict::Fail);
    QCOMPARE(both.checks.at(1).address, v4.address);
}

void TestResultMerge::addOneAtATimeAsMerge()
{
    // the streaming merge adds runs one by one and keeps their headers only
    const RunResults agent =
        runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass)});
    const RunResults other =
        runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-2"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Closed, Verdict::Fail)});
    ResultMerge m;
    m.add(agent);
    m.add(other);
    const RunResults streamed = m.result();
    const RunResults whole = ResultMerge::merge({agent, other});
    QCOMPARE(streamed.checks.size(), 1);
    QCOMPARE(streamed.checks.constFirst().testedFrom, QStringLiteral("ws-2"));
    QCOMPARE(streamed.toJsonBytes(), whole.toJsonBytes());
    QCOMPARE(streamed.sources.size(), 2);
    QVERIFY(streamed.sources.constFirst().checks.isEmpty());
}

void TestResultMerge::aMergedInputKeepsItsMachinesRoles()
{
    // a merged file merged again: its winner from a Bot Agent still decides against another agent's pass
    const RunResults failing =
        runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Closed, Verdict::Fail)});
    const RunResults first = ResultMerge::merge({failing});
    QCOMPARE(first.vantage.role, ResultMerge::mergedRole);
    const RunResults passing =
        runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-2"),
                {check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass)});
    const RunResults again = ResultMerge::merge({first, passing});
    QCOMPARE(again.checks.size(), 1);
    QCOMPARE(again.checks.constFirst().verdict, Verdict::Fail);
    QCOMPARE(again.checks.constFirst().testedFrom, QStringLiteral("ws-1"));
}

void TestResultMerge::decidesFollowsTheRule()
{
    const RunResults agent = runFrom(QStringLiteral("bot-agent"), QStringLiteral("ws-1"), {});
    const RunResults node = runFrom(QStringLiteral("control-room"), QStringLiteral("cr1"), {});
    const RunResults all = runFrom(Vantage::all, QStringLiteral("admin"), {});
    const Check own = check(agentFlow, QStringLiteral("bot-agent"), QStringLiteral("lb"), CheckState::Open, Verdict::Pass);
    const Check exposure = check(exposureFlow, QStringLiteral("outside"), QStringLiteral("cr1"), CheckState::Filtered,
                                 Verdict::Pass, Expectation::Closed);
    QVERIFY(ResultMerge::decides(own, agent));
    QVERIFY(!ResultMerge::decides(own, all));
    QVERIFY(!ResultMerge::decides(own, node));
    QVERIFY(ResultMerge::decides(exposure, agent));
    QVERIFY(!ResultMerge::decides(exposure, node));
    Check untested = own;
    untested.state = CheckState::NotTested;
    QVERIFY(!ResultMerge::decides(untested, agent));
}

QTEST_GUILESS_MAIN(TestResultMerge)
#include "tst_resultmerge.moc"
