#include "changerequest.h"
#include "rulesnippets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonObject>
#include <QtTest>

namespace {
TopologyTemplate onPremises()
{
    ValidationIssues issues;
    const TopologyTemplate t = TopologyTemplate::builtin(QStringLiteral("automation360"), &issues);
    Q_ASSERT(issues.isEmpty());
    return t;
}

Vantage vantage(const QString &role, const QString &hostname, const QStringList &addresses)
{
    Vantage v;
    v.role = role;
    v.hostname = hostname;
    for (const QString &a : addresses)
        v.addresses << QHostAddress(a);
    return v;
}

// A tested check of a template flow; the verdict follows CONTRACT.md's rules.
Check check(const TopologyTemplate &t, const QString &flowId, const QString &host, const QString &address, quint16 port,
            CheckState state, const QString &reason, ServiceStatus service = ServiceStatus::Unchecked)
{
    const Flow *flow = t.flow(flowId);
    Q_ASSERT(flow);
    Check c;
    c.flowId = flowId;
    c.from = flow->from;
    c.to = flow->to;
    c.host = host;
    c.address = address;
    c.transport = flow->transport;
    c.port = port;
    c.protocol = flow->protocol;
    c.expect = flow->expect;
    c.runnable = true;
    c.state = state;
    c.reason = reason;
    c.service = service;
    c.decide();
    return c;
}

// The check as the engine records it: with the local address its connection left from.
Check sent(Check c, const QString &sourceAddress)
{
    c.sourceAddress = sourceAddress;
    return c;
}

QStringList portTexts(const QList<PortRange> &ranges)
{
    QStringList out;
    for (const PortRange &r : ranges)
        out << r.toString();
    return out;
}

const QString cacheFlow = QStringLiteral("control-room>control-room:cache-47100");
const QString smbFlow = QStringLiteral("control-room>file-share:smb");
const QString httpsFlow = QStringLiteral("bot-agent>load-balancer:https");
} // namespace

class TestChangeRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mergePorts_data();
    void mergePorts();
    void rangesAreOneLineAndOnlyDropsAreRules();
    void passingAndWarningChecksAskForNothing();
    void actionsFollowWhatWasObserved();
    void localhostIsNeverARule();
    void singleRunNamesTheProbesSourceAddress();
    void olderResultsFallBackToTheMachinesAddresses();
    void fromAllNamesTheProfilesHosts();
    void mergedResultsNameEachFlowsOwnSource();
    void mergedResultsSurviveJson();
    void rulesMergeAcrossChecksAndVantages();
    void manySourcesAreAGroup();
    void exposureFindings();
    void tlsFindings_data();
    void tlsFindings();
    void tlsFindingIsNotARule();
    void skippedChecksByReason();
    void linksFollowTheTemplate();
    void goldenSnippets_data();
    void goldenSnippets();
    void snippetsFollowTheVendorsSyntax();
    void noRulesForDnsOrServiceFailures();
    void ipv4Complement_data();
    void ipv4Complement();
    void ruleNames_data();
    void ruleNames();
};

void TestChangeRequest::mergePorts_data()
{
    QTest::addColumn<QList<quint16>>("ports");
    QTest::addColumn<QStringList>("ranges");
    QTest::newRow("empty") << QList<quint16>{} << QStringList{};
    QTest::newRow("one") << QList<quint16>{445} << QStringList{QStringLiteral("445")};
    QTest::newRow("run and gap") << QList<quint16>{1, 2, 3, 5}
                                 << QStringList{QStringLiteral("1-3"), QStringLiteral("5")};
    QTest::newRow("unsorted with duplicates") << QList<quint16>{4571, 4569, 4570, 4569, 4567}
                                              << QStringList{QStringLiteral("4567"), QStringLiteral("4569-4571")};
    QTest::newRow("top of the range") << QList<quint16>{65534, 65535, 1}
                                      << QStringList{QStringLiteral("1"), QStringLiteral("65534-65535")};
    QTest::newRow("two runs") << QList<quint16>{47100, 47101, 47102, 47500, 47501}
                              << QStringList{QStringLiteral("47100-47102"), QStringLiteral("47500-47501")};
}

void TestChangeRequest::mergePorts()
{
    QFETCH(QList<quint16>, ports);
    QFETCH(QStringList, ranges);
    QCOMPARE(portTexts(ChangeRequest::mergePorts(ports)), ranges);
}

void TestChangeRequest::rangesAreOneLineAndOnlyDropsAreRules()
{
    const TopologyTemplate t = onPremises();
    QCOMPARE(t.flow(cacheFlow)->expect, Expectation::Reachable);
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    // cr2: a firewall drops the range except one port, which the node refuses (the path is open there)
    for (int port = 47100; port <= 47200; ++port) {
        const bool refused = port == 47150;
        r.checks << sent(check(t, cacheFlow, QStringLiteral("cr2.contoso.local"), QStringLiteral("10.0.4.12"),
                               quint16(port), refused ? CheckState::Closed : CheckState::Filtered,
                               refused ? QStringLiteral("conn-refused") : QStringLiteral("no-response")),
                         QStringLiteral("10.0.4.11"));
    }
    // cr3: a healthy node listens on two ports of the range and refuses the others: all pass
    for (int port = 47100; port <= 47200; ++port) {
        const bool listens = port == 47100 || port == 47101;
        r.checks << sent(check(t, cacheFlow, QStringLiteral("cr3.contoso.local"), QStringLiteral("10.0.4.13"),
                               quint16(port), listens ? CheckState::Open : CheckState::Closed,
                               listens ? QStringLiteral("syn-ack") : QStringLiteral("conn-refused")),
                         QStringLiteral("10.0.4.11"));
        QCOMPARE(r.checks.last().verdict, Verdict::Pass);
    }

    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.ruleCount(), 1); // the dropped ports of cr2, merged
    const ChangeRequest::Rule &rule = cr.rules().first();
    QCOMPARE(rule.id, QStringLiteral("R1"));
    QCOMPARE(rule.host, QStringLiteral("cr2.contoso.local"));
    QCOMPARE(rule.portsText(), QStringLiteral("47100-47149, 47151-47200"));
    QCOMPARE(rule.checkCount, 100);
    QCOMPARE(rule.evidence, QStringList{QStringLiteral("filtered (no-response): 100 checks")});
    QCOMPARE(rule.actionText(), QStringLiteral("Allow TCP 47100-47149, 47151-47200 from 10.0.4.11 to 10.0.4.12"));
    QVERIFY(cr.serviceFixes().isEmpty()); // a refused range port proves the path

    QCOMPARE(cr.ranges().size(), 2);
    QCOMPARE(cr.ranges().at(0).text(), QStringLiteral("47100-47200: path open to 1 of 101 ports, 0 answering, 100 dropped"));
    QCOMPARE(cr.ranges().at(0).worst, Verdict::Fail);
    QCOMPARE(cr.ranges().at(1).text(), QStringLiteral("47100-47200: path open to 101 of 101 ports, 2 answering"));
    QCOMPARE(cr.ranges().at(1).worst, Verdict::Pass);
}

void TestChangeRequest::passingAndWarningChecksAskForNothing()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    r.checks << check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Open,
                      QStringLiteral("syn-ack"), ServiceStatus::Ok);
    r.checks << check(t, QStringLiteral("control-room>active-directory:kerberos-udp"), QStringLiteral("dc1"),
                      QStringLiteral("10.0.2.10"), 88, CheckState::OpenFiltered, QStringLiteral("no-response"));
    Check notTested = check(t, smbFlow, QStringLiteral("files2"), QString(), 445, CheckState::NotTested, {});
    notTested.runnable = false;
    r.checks << notTested;
    QCOMPARE(r.checks.at(1).verdict, Verdict::Warn);
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QVERIFY(cr.rules().isEmpty());
    QVERIFY(cr.serviceFixes().isEmpty());
    QVERIFY(cr.exposures().isEmpty());
    QVERIFY(cr.tlsFindings().isEmpty());
    QCOMPARE(cr.ruleCount(), 0);
}

void TestChangeRequest::actionsFollowWhatWasObserved()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    r.checks << check(t, QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql.contoso.local"), QString(),
                      1433, CheckState::Unresolved, QStringLiteral("nxdomain"));
    Check smb1 = check(t, smbFlow, QStringLiteral("files.contoso.local"), QStringLiteral("10.0.2.20"), 445,
                       CheckState::Open, QStringLiteral("syn-ack"), ServiceStatus::Mismatch);
    smb1.detail = QStringLiteral("SMB1 only");
    r.checks << smb1;
    r.checks << sent(check(t, QStringLiteral("control-room>active-directory:ldap"), QStringLiteral("dc1.contoso.local"),
                           QStringLiteral("10.0.2.10"), 389, CheckState::Filtered, QStringLiteral("admin-prohibited")),
                     QStringLiteral("10.0.4.11"));
    r.checks << sent(check(t, QStringLiteral("control-room>active-directory:kerberos-tcp"),
                           QStringLiteral("dc1.contoso.local"), QStringLiteral("10.0.2.10"), 88, CheckState::Filtered,
                           QStringLiteral("host-unreachable")),
                     QStringLiteral("10.0.4.11"));
    // refused by the host: a service to start or a host firewall, never a rule on the path
    r.checks << sent(check(t, QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql2.contoso.local"),
                           QStringLiteral("10.0.2.31"), 1433, CheckState::Closed, QStringLiteral("conn-refused")),
                     QStringLiteral("10.0.4.11"));
    r.checks << sent(check(t, QStringLiteral("control-room>active-directory:kerberos-udp"),
                           QStringLiteral("dc1.contoso.local"), QStringLiteral("10.0.2.10"), 88, CheckState::Closed,
                           QStringLiteral("port-unreachable")),
                     QStringLiteral("10.0.4.11"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.serviceFixes().size(), 4);
    QCOMPARE(cr.serviceFixes().at(0).action, ChangeRequest::Action::FixDns);
    QVERIFY(cr.serviceFixes().at(0).actionText().contains(QLatin1String("DNS record for sql.contoso.local")));
    QCOMPARE(cr.serviceFixes().at(1).action, ChangeRequest::Action::FixService);
    QVERIFY(cr.serviceFixes().at(1).observed().contains(QLatin1String("SMB1 only")));
    QVERIFY(cr.serviceFixes().at(1).actionText().contains(QLatin1String("SMB 2/3")));
    QCOMPARE(cr.serviceFixes().at(2).action, ChangeRequest::Action::StartService);
    QCOMPARE(cr.serviceFixes().at(2).observed(), QStringLiteral("closed (conn-refused)"));
    QVERIFY(cr.serviceFixes().at(2).actionText().contains(QLatin1String("10.0.2.31 itself refused TCP 1433")));
    QCOMPARE(cr.serviceFixes().at(2).testedFrom, QStringList{QStringLiteral("cr1")});
    QCOMPARE(cr.serviceFixes().at(3).action, ChangeRequest::Action::StartService);
    QCOMPARE(cr.serviceFixes().at(3).observed(), QStringLiteral("closed (port-unreachable)"));
    for (const ChangeRequest::ServiceFix &f : cr.serviceFixes())
        QVERIFY(!f.actionText().startsWith(QLatin1String("Allow")));

    // admin-prohibited and host-unreachable are drops on the way: one rule for the two ports of dc1
    QCOMPARE(cr.ruleCount(), 1);
    QCOMPARE(cr.rules().first().actionText(), QStringLiteral("Allow TCP 88, 389 from 10.0.4.11 to 10.0.2.10"));
    QCOMPARE(cr.rules().first().evidence,
             (QStringList{ChangeRequest::tr("%1: %n checks", nullptr, 1).arg(QStringLiteral("filtered (admin-prohibited)")),
                          ChangeRequest::tr("%1: %n checks", nullptr, 1).arg(QStringLiteral("filtered (host-unreachable)"))}));
    QCOMPARE(cr.rules().first().services, (QStringList{QStringLiteral("LDAP"), QStringLiteral("Kerberos")}));
}

void TestChangeRequest::localhostIsNeverARule()
{
    const TopologyTemplate t = onPremises();
    const QString rest = QStringLiteral("control-room>localhost:rest");
    QVERIFY(t.flow(rest));
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    for (int port = 4567; port <= 4571; ++port)
        r.checks << sent(check(t, rest, QStringLiteral("127.0.0.1"), QStringLiteral("127.0.0.1"), quint16(port),
                               CheckState::Filtered, QStringLiteral("no-response")),
                         QStringLiteral("127.0.0.1"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.ruleCount(), 0);
    QCOMPARE(cr.serviceFixes().size(), 1);
    const ChangeRequest::ServiceFix &f = cr.serviceFixes().first();
    QCOMPARE(f.action, ChangeRequest::Action::LocalService);
    QCOMPARE(f.portsText(), QStringLiteral("4567-4571"));
    QVERIFY2(f.actionText().contains(QLatin1String("start the service")), qPrintable(f.actionText()));
    QVERIFY(f.actionText().contains(QLatin1String("another process")));
    QVERIFY(f.actionText().contains(QLatin1String("cr1")));
    for (const RuleDialect d : RuleSnippets::dialects()) {
        const QString text = RuleSnippets::generate(cr, d);
        QVERIFY(!text.contains(QLatin1String("127.0.0.1/32")));
        QVERIFY(!text.contains(QLatin1String("-RemoteAddress 127.0.0.1")));
    }
}

void TestChangeRequest::singleRunNamesTheProbesSourceAddress()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    // the machine has more addresses than its probes used: only the one that carried a probe is a source
    r.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"),
                        {QStringLiteral("10.0.9.42"), QStringLiteral("192.168.56.1"), QStringLiteral("fd00::42"),
                         QStringLiteral("127.0.0.1")});
    r.checks << sent(check(t, httpsFlow, QStringLiteral("automation.contoso.com"), QStringLiteral("10.0.1.5"), 443,
                           CheckState::Filtered, QStringLiteral("no-response")),
                     QStringLiteral("10.0.9.42"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.testedFrom().size(), 1);
    QCOMPARE(cr.testedFrom().first().hostname, QStringLiteral("ws-042"));
    // "tested from" names the address the probes left from, not every interface of the machine
    QCOMPARE(cr.testedFrom().first().addresses, QStringList{QStringLiteral("10.0.9.42")});
    // a results file without source addresses (an older version) falls back to the machine's addresses
    RunResults older = r;
    older.checks.first().sourceAddress.clear();
    QCOMPARE(ChangeRequest::build(older, t).testedFrom().first().addresses.size(), 3); // loopback left out
    QCOMPARE(cr.ruleCount(), 1);
    const ChangeRequest::Rule &o = cr.rules().first();
    QCOMPARE(o.source.role, QStringLiteral("bot-agent"));
    QCOMPARE(o.source.roleLabel, QStringLiteral("Bot Agent"));
    QCOMPARE(o.source.addresses, QStringList{QStringLiteral("10.0.9.42")});
    QCOMPARE(o.source.origin, ChangeRequest::Source::Origin::Probe);
    QVERIFY(o.source.note().isEmpty());
    QCOMPARE(o.toLabel, QStringLiteral("Load balancer / firewall"));
    QCOMPARE(o.services, QStringList{QStringLiteral("HTTPS + WebSocket")});
    QCOMPARE(o.testedFrom, QStringList{QStringLiteral("Bot Agent ws-042")});
    QCOMPARE(o.source.describe(), QStringLiteral("Bot Agent ws-042 (10.0.9.42)"));
    for (const RuleDialect d : RuleSnippets::dialects()) {
        const QString text = RuleSnippets::generate(cr, d);
        QVERIFY(!text.contains(QLatin1String("192.168.56.1")));
        QVERIFY(!text.contains(QLatin1String("fd00::42")));
    }
}

void TestChangeRequest::olderResultsFallBackToTheMachinesAddresses()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"),
                        {QStringLiteral("10.0.9.42"), QStringLiteral("10.0.10.42"), QStringLiteral("127.0.0.1")});
    r.checks << check(t, httpsFlow, QStringLiteral("automation.contoso.com"), QStringLiteral("10.0.1.5"), 443,
                      CheckState::Filtered, QStringLiteral("no-response"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.ruleCount(), 1);
    const ChangeRequest::Source &s = cr.rules().first().source;
    QCOMPARE(s.origin, ChangeRequest::Source::Origin::MachineAddresses);
    QStringList addresses = s.addresses;
    addresses.sort();
    QCOMPARE(addresses, (QStringList{QStringLiteral("10.0.10.42"), QStringLiteral("10.0.9.42")}));
    QVERIFY2(s.note().contains(QLatin1String("do not record the address")), qPrintable(s.note()));
}

void TestChangeRequest::fromAllNamesTheProfilesHosts()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("all"), QStringLiteral("lab"), {QStringLiteral("10.234.0.1")});
    r.checks << sent(check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Filtered,
                           QStringLiteral("no-response")),
                     QStringLiteral("10.234.0.1"));
    r.checks << sent(check(t, httpsFlow, QStringLiteral("lb"), QStringLiteral("10.0.1.5"), 443, CheckState::Filtered,
                           QStringLiteral("no-response")),
                     QStringLiteral("10.234.0.1"));
    // the nodes are known to the checks by name and address
    r.checks << check(t, QStringLiteral("load-balancer>control-room:https"), QStringLiteral("cr1.contoso.local"),
                      QStringLiteral("10.0.4.11"), 443, CheckState::Open, QStringLiteral("syn-ack"), ServiceStatus::Ok);
    Profile profile;
    profile.hosts[QStringLiteral("control-room")] = {QStringLiteral("cr1.contoso.local"), QStringLiteral("10.0.4.12")};

    const ChangeRequest cr = ChangeRequest::build(r, t, &profile);
    QCOMPARE(cr.ruleCount(), 2);
    const ChangeRequest::Rule &smb = cr.rules().at(0);
    QCOMPARE(smb.source.role, QStringLiteral("control-room"));
    QCOMPARE(smb.source.origin, ChangeRequest::Source::Origin::Profile);
    QCOMPARE(smb.source.addresses, (QStringList{QStringLiteral("10.0.4.12"), QStringLiteral("cr1.contoso.local")}));
    QVERIFY2(smb.source.note().contains(QLatin1String("tested from elsewhere (lab")), qPrintable(smb.source.note()));
    QVERIFY(!smb.actionText().contains(QLatin1String("10.234.0.1"))); // the machine that played the role is no source
    // no Bot Agent in the profile: the role itself
    const ChangeRequest::Rule &https = cr.rules().at(1);
    QCOMPARE(https.source.origin, ChangeRequest::Source::Origin::Role);
    QVERIFY(https.source.addresses.isEmpty());
    QCOMPARE(https.actionText(), QStringLiteral("Allow TCP 443 from any Bot Agent to 10.0.1.5"));
    QVERIFY(https.source.note().contains(QLatin1String("lists no Bot Agent")));

    const QString windows = RuleSnippets::generate(cr, RuleDialect::WindowsFirewall);
    QVERIFY2(windows.contains(QLatin1String("-RemoteAddress 10.0.4.12,10.0.4.11\n")), qPrintable(windows));
    QVERIFY(windows.contains(QLatin1String("-RemoteAddress <addresses of the Bot Agent machines>")));
    QVERIFY(!windows.contains(QLatin1String("10.234.0.1")));

    // without a profile (a merge), the hosts the checks name stand in for it
    const ChangeRequest merged = ChangeRequest::build(r, t);
    QCOMPARE(merged.rules().at(0).source.addresses, QStringList{QStringLiteral("cr1.contoso.local")});
}

void TestChangeRequest::mergedResultsNameEachFlowsOwnSource()
{
    const TopologyTemplate t = onPremises();
    RunResults bot;
    bot.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    bot.checks << sent(check(t, httpsFlow, QStringLiteral("automation.contoso.com"), QStringLiteral("10.0.1.5"), 443,
                             CheckState::Filtered, QStringLiteral("no-response")),
                       QStringLiteral("10.0.9.42"));
    RunResults node;
    node.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    node.checks << sent(check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445,
                              CheckState::Filtered, QStringLiteral("no-response")),
                        QStringLiteral("10.0.4.11"));
    // a second Control Room node whose own SMB check passed: the failure must stay with cr1
    RunResults node2;
    node2.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr2"), {QStringLiteral("10.0.4.12")});
    node2.checks << sent(check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Open,
                               QStringLiteral("syn-ack"), ServiceStatus::Ok),
                         QStringLiteral("10.0.4.12"));

    RunResults merged;
    merged.vantage = vantage(QStringLiteral("all"), QStringLiteral("merge"), {});
    merged.sources = {bot, node2, node};
    merged.checks << bot.checks << node.checks;

    const ChangeRequest cr = ChangeRequest::build(merged, t);
    QCOMPARE(cr.testedFrom().size(), 3);
    QCOMPARE(cr.ruleCount(), 2);
    QCOMPARE(cr.rules().at(0).flowIds, QStringList{httpsFlow});
    QCOMPARE(cr.rules().at(0).source.hostname, QStringLiteral("ws-042"));
    QCOMPARE(cr.rules().at(0).source.addresses, QStringList{QStringLiteral("10.0.9.42")});
    QCOMPARE(cr.rules().at(1).flowIds, QStringList{smbFlow});
    QCOMPARE(cr.rules().at(1).source.hostname, QStringLiteral("cr1"));
    QCOMPARE(cr.rules().at(1).actionText(), QStringLiteral("Allow TCP 445 from 10.0.4.11 to 10.0.2.20"));
}

void TestChangeRequest::mergedResultsSurviveJson()
{
    const TopologyTemplate t = onPremises();
    RunResults bot;
    bot.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    RunResults node;
    node.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    RunResults merged;
    merged.vantage = vantage(QStringLiteral("all"), QStringLiteral("merge"), {});
    merged.sources = {bot, node};
    merged.checks << sent(check(t, httpsFlow, QStringLiteral("lb"), QStringLiteral("10.0.1.5"), 443,
                                CheckState::Filtered, QStringLiteral("no-response")),
                          QStringLiteral("10.0.9.42"))
                  << sent(check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445,
                                CheckState::Filtered, QStringLiteral("no-response")),
                          QStringLiteral("10.0.4.11"));
    QStringList errors;
    const RunResults back = RunResults::fromJson(merged.toJsonBytes(), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(back.sources.size(), 2);
    const ChangeRequest cr = ChangeRequest::build(back, t);
    QCOMPARE(cr.ruleCount(), 2);
    QCOMPARE(cr.rules().at(0).source.hostname, QStringLiteral("ws-042"));
    QCOMPARE(cr.rules().at(0).source.origin, ChangeRequest::Source::Origin::Probe);
    QCOMPARE(cr.rules().at(1).source.hostname, QStringLiteral("cr1"));
    QCOMPARE(cr.rules().at(1).source.addresses, QStringList{QStringLiteral("10.0.4.11")});
}

void TestChangeRequest::rulesMergeAcrossChecksAndVantages()
{
    const TopologyTemplate t = onPremises();
    auto botRun = [&](const QString &name, const QString &address, const QString &lb, bool alsoHttp) {
        RunResults run;
        run.vantage = vantage(QStringLiteral("bot-agent"), name, {address});
        run.checks << sent(check(t, httpsFlow, QStringLiteral("lb"), lb, 443, CheckState::Filtered,
                                 QStringLiteral("no-response")),
                           address);
        run.checks.last().testedFrom = name;
        if (alsoHttp) {
            run.checks << sent(check(t, QStringLiteral("bot-agent>load-balancer:http"), QStringLiteral("lb"), lb, 80,
                                     CheckState::Filtered, QStringLiteral("no-response")),
                               address);
            run.checks.last().testedFrom = name;
        }
        return run;
    };
    const RunResults a = botRun(QStringLiteral("ws-001"), QStringLiteral("10.0.9.1"), QStringLiteral("10.0.1.5"), true);
    const RunResults b = botRun(QStringLiteral("ws-002"), QStringLiteral("10.0.9.2"), QStringLiteral("10.0.1.5"), true);
    const RunResults c = botRun(QStringLiteral("ws-003"), QStringLiteral("fd00::3"), QStringLiteral("fd00::5"), false);
    RunResults merged;
    merged.vantage = vantage(QStringLiteral("all"), QStringLiteral("merge"), {});
    merged.sources = {a, b, c};
    merged.checks << a.checks << b.checks << c.checks;
    const ChangeRequest cr = ChangeRequest::build(merged, t);
    // 80 and 443 from ws-001 and ws-002 to the same address are one rule; the IPv6 path is another
    QCOMPARE(cr.ruleCount(), 2);
    QCOMPARE(cr.rules().at(0).portsText(), QStringLiteral("80, 443"));
    QCOMPARE(cr.rules().at(0).source.addresses, (QStringList{QStringLiteral("10.0.9.1"), QStringLiteral("10.0.9.2")}));
    QCOMPARE(cr.rules().at(0).testedFrom.size(), 2);
    QCOMPARE(cr.rules().at(0).checkCount, 4);
    QCOMPARE(cr.rules().at(0).services, (QStringList{QStringLiteral("HTTPS + WebSocket"), QStringLiteral("HTTP + WebSocket")}));
    QCOMPARE(cr.rules().at(1).portsText(), QStringLiteral("443"));
    QCOMPARE(cr.rules().at(1).source.addresses, QStringList{QStringLiteral("fd00::3")});
    QCOMPARE(cr.rules().at(1).destination(), QStringLiteral("fd00::5"));
}

void TestChangeRequest::manySourcesAreAGroup()
{
    const TopologyTemplate t = onPremises();
    RunResults merged;
    merged.vantage = vantage(QStringLiteral("all"), QStringLiteral("merge"), {});
    for (int i = 1; i <= 12; ++i) {
        RunResults run;
        const QString name = QStringLiteral("ws-%1").arg(i, 3, 10, QLatin1Char('0'));
        const QString address = QStringLiteral("10.0.9.%1").arg(i);
        run.vantage = vantage(QStringLiteral("bot-agent"), name, {address});
        run.checks << sent(check(t, httpsFlow, QStringLiteral("lb"), QStringLiteral("10.0.1.5"), 443,
                                 CheckState::Filtered, QStringLiteral("no-response")),
                           address);
        run.checks.last().testedFrom = name;
        merged.sources << run;
        merged.checks << run.checks;
    }
    const ChangeRequest cr = ChangeRequest::build(merged, t);
    QCOMPARE(cr.ruleCount(), 1);
    const ChangeRequest::Rule &r = cr.rules().first();
    QVERIFY(r.source.isGroup());
    QCOMPARE(r.source.addresses.size(), 12);
    QCOMPARE(r.source.shortText(), QStringLiteral("Bot Agent: 12 machines (list in appendix C)"));
    QCOMPARE(r.actionText(), QStringLiteral("Allow TCP 443 from the 12 Bot Agent machines of appendix C to 10.0.1.5"));
    // the snippets carry the full list
    const QString windows = RuleSnippets::generate(cr, RuleDialect::WindowsFirewall);
    QCOMPARE(windows.count(QLatin1String("New-NetFirewallRule")), 1);
    for (int i = 1; i <= 12; ++i)
        QVERIFY(windows.contains(QStringLiteral("10.0.9.%1").arg(i)));
}

void TestChangeRequest::skippedChecksByReason()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    for (int i = 0; i < 5; ++i) {
        Check c = check(t, smbFlow, QStringLiteral("files"), QString(), 445, CheckState::NotTested, {});
        c.reason = i < 3 ? QStringLiteral("other-vantage") : QStringLiteral("no-host");
        r.checks << c;
    }
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.testedCount(), 0);
    QCOMPARE(cr.skippedByReason().size(), 2);
    QCOMPARE(cr.skippedByReason().at(0), qMakePair(QStringLiteral("other-vantage"), 3));
    QCOMPARE(cr.skippedByReason().at(1), qMakePair(QStringLiteral("no-host"), 2));
    QVERIFY(ChangeRequest::skipReasonText(QStringLiteral("no-host")).contains(QLatin1String("no host")));
}

void TestChangeRequest::exposureFindings()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    // the nodes' addresses are known from the cluster flows of another run
    r.checks << check(t, QStringLiteral("load-balancer>control-room:https"), QStringLiteral("cr1"),
                      QStringLiteral("10.0.4.11"), 443, CheckState::Open, QStringLiteral("syn-ack"), ServiceStatus::Ok);
    r.checks << check(t, QStringLiteral("load-balancer>control-room:https"), QStringLiteral("cr2"),
                      QStringLiteral("10.0.4.12"), 443, CheckState::Open, QStringLiteral("syn-ack"), ServiceStatus::Ok);
    for (int port = 47100; port <= 47110; ++port) {
        Check c =
            check(t, QStringLiteral("outside>control-room:cache-47100"), QStringLiteral("cr1"),
                  QStringLiteral("10.0.4.11"), quint16(port), port <= 47105 ? CheckState::Open : CheckState::Filtered,
                  port <= 47105 ? QStringLiteral("syn-ack") : QStringLiteral("no-response"));
        c.from = QStringLiteral("bot-agent");
        r.checks << c;
    }
    Check amqp = check(t, QStringLiteral("outside>control-room:messaging"), QStringLiteral("cr2"),
                       QStringLiteral("10.0.4.12"), 5672, CheckState::Closed, QStringLiteral("conn-refused"));
    r.checks << amqp;
    QCOMPARE(r.checks.at(2).verdict, Verdict::Fail);

    const ChangeRequest cr = ChangeRequest::build(r, t);
    QVERIFY(cr.rules().isEmpty()); // an exposure is not a connection to open
    QVERIFY(cr.serviceFixes().isEmpty());
    QCOMPARE(cr.exposures().size(), 1);
    const ChangeRequest::Exposure &e = cr.exposures().first();
    QCOMPARE(e.ports.toString(), QStringLiteral("47100-47105"));
    QCOMPARE(e.address, QStringLiteral("10.0.4.11"));
    QCOMPARE(e.source.hostname, QStringLiteral("ws-042"));
    QCOMPARE(e.id, QStringLiteral("E1"));
    QCOMPARE(e.reachedFrom(), QStringLiteral("Bot Agent ws-042 from 10.0.9.42"));
    QCOMPARE(e.clusterAddresses, (QStringList{QStringLiteral("10.0.4.11"), QStringLiteral("10.0.4.12")}));
    QCOMPARE(e.actionText(), QStringLiteral("Block TCP 47100-47105 to 10.0.4.11 from everything except the Control "
                                            "Room nodes 10.0.4.12"));

    // merged with a run in which the same machine played a Control Room node: it still is no node
    RunResults node;
    node.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    RunResults bot;
    bot.vantage = r.vantage;
    bot.checks = r.checks;
    RunResults merged = r;
    merged.sources = {bot, node};
    const ChangeRequest both = ChangeRequest::build(merged, t);
    QCOMPARE(both.exposures().size(), 1);
    QCOMPARE(both.exposures().first().clusterAddresses,
             (QStringList{QStringLiteral("10.0.4.11"), QStringLiteral("10.0.4.12")}));
}

void TestChangeRequest::tlsFindings_data()
{
    QTest::addColumn<QJsonObject>("tls");
    QTest::addColumn<QString>("finding");
    QTest::addColumn<bool>("fails");
    const QJsonObject base{{QStringLiteral("version"), QStringLiteral("TLS 1.3")},
                           {QStringLiteral("subject"), QStringLiteral("CN=lb.lab.test")},
                           {QStringLiteral("issuer"), QStringLiteral("CN=Topocheck Lab CA")},
                           {QStringLiteral("not_after"), QStringLiteral("2026-12-08T00:00:00Z")},
                           {QStringLiteral("days_left"), 200.0},
                           {QStringLiteral("trusted"), true},
                           {QStringLiteral("name_ok"), true}};
    auto with = [&](const char *key, const QJsonValue &v) {
        QJsonObject o = base;
        o.insert(QLatin1String(key), v);
        return o;
    };
    QTest::newRow("expired") << with("days_left", -3.0) << QStringLiteral("expired on 2026-12-08") << true;
    QTest::newRow("expiring") << with("days_left", 10.0) << QStringLiteral("expires in 10 days") << false;
    QTest::newRow("untrusted") << with("trusted", false) << QStringLiteral("not trusted") << false;
    QTest::newRow("wrong name") << with("name_ok", false) << QStringLiteral("does not name lb.lab.test") << false;
    QTest::newRow("old protocol") << with("version", QStringLiteral("TLSv1.1")) << QStringLiteral("requires TLS 1.2")
                                  << true;
    QTest::newRow("ssl") << with("version", QStringLiteral("SSLv3")) << QStringLiteral("requires TLS 1.2") << true;
    QTest::newRow("all good") << base << QString() << false;
}

void TestChangeRequest::tlsFindings()
{
    QFETCH(QJsonObject, tls);
    QFETCH(QString, finding);
    QFETCH(bool, fails);
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    Check c = check(t, httpsFlow, QStringLiteral("lb.lab.test"), QStringLiteral("10.234.0.2"), 443, CheckState::Open,
                    QStringLiteral("syn-ack"), fails ? ServiceStatus::Error : ServiceStatus::Ok);
    c.tls = TlsFacts::fromJson(tls);
    c.softFinding = !fails && !finding.isEmpty();
    c.decide();
    r.checks << c << c; // the same endpoint twice (direct and again): one finding
    const ChangeRequest cr = ChangeRequest::build(r, t);
    if (finding.isEmpty()) {
        QVERIFY(cr.tlsFindings().isEmpty());
        return;
    }
    QCOMPARE(cr.tlsFindings().size(), 1);
    const ChangeRequest::TlsFinding &f = cr.tlsFindings().first();
    QVERIFY2(f.findings().join(QLatin1Char(' ')).contains(finding), qPrintable(f.findings().join(QLatin1Char(' '))));
    QCOMPARE(f.verdict, fails ? Verdict::Fail : Verdict::Warn);
    QCOMPARE(f.port, quint16(443));
    QVERIFY(!f.actionText().isEmpty());
}

void TestChangeRequest::tlsFindingIsNotARule()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    Check expired =
        check(t, QStringLiteral("control-room>active-directory:ldaps"), QStringLiteral("dc1"),
              QStringLiteral("10.0.2.10"), 636, CheckState::Open, QStringLiteral("syn-ack"), ServiceStatus::Error);
    expired.tls = TlsFacts::fromJson(
        QJsonObject{{QStringLiteral("days_left"), -1.0}, {QStringLiteral("version"), QStringLiteral("TLS 1.2")}});
    QCOMPARE(expired.verdict, Verdict::Fail);
    // a refused handshake without certificate facts stays a service failure in the change request
    Check refused =
        check(t, QStringLiteral("control-room>active-directory:gc-ssl"), QStringLiteral("dc1"),
              QStringLiteral("10.0.2.10"), 3269, CheckState::Open, QStringLiteral("syn-ack"), ServiceStatus::Error);
    r.checks << expired << refused;
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.tlsFindings().size(), 1);
    QVERIFY(cr.tlsFindings().first().tls.expired());
    QCOMPARE(cr.ruleCount(), 0);
    QCOMPARE(cr.serviceFixes().size(), 1);
    QCOMPARE(cr.serviceFixes().first().portsText(), QStringLiteral("3269"));
    QCOMPARE(cr.serviceFixes().first().action, ChangeRequest::Action::FixService);
}

void TestChangeRequest::linksFollowTheTemplate()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("all"), QStringLiteral("lab"), {QStringLiteral("10.234.0.1")});
    r.checks << check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Open,
                      QStringLiteral("syn-ack"), ServiceStatus::Ok);
    r.checks << check(t, httpsFlow, QStringLiteral("lb"), QStringLiteral("10.0.1.5"), 443, CheckState::Filtered,
                      QStringLiteral("no-response"));
    r.checks << check(t, QStringLiteral("bot-agent>load-balancer:http"), QStringLiteral("lb"),
                      QStringLiteral("10.0.1.5"), 80, CheckState::Open, QStringLiteral("syn-ack"), ServiceStatus::Ok);
    r.checks << check(t, QStringLiteral("outside>control-room:messaging"), QStringLiteral("cr1"),
                      QStringLiteral("10.0.4.11"), 5672, CheckState::Filtered, QStringLiteral("no-response"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.links().size(), 3);
    // template order: the Bot Agent link comes before the file share, the exposure link last
    QCOMPARE(cr.links().at(0).from, QStringLiteral("bot-agent"));
    QCOMPARE(cr.links().at(0).checks.size(), 2);
    QCOMPARE(cr.links().at(0).worst, Verdict::Fail);
    QVERIFY(cr.links().at(0).ports.contains(QLatin1String("HTTPS + WebSocket 443")));
    QVERIFY(cr.links().at(0).title.contains(QLatin1String("Bot Agent")));
    QCOMPARE(cr.links().at(1).to, QStringLiteral("file-share"));
    QCOMPARE(cr.links().at(1).worst, Verdict::Pass);
    QVERIFY(cr.links().at(2).exposure);
    QCOMPARE(cr.links().at(2).worst, Verdict::Pass);
    // the links are the diagram's: one per Check::linkId()
    for (const ChangeRequest::Link &l : cr.links())
        for (const Check &c : l.checks)
            QCOMPARE(c.linkId(), l.id);
    QCOMPARE(cr.links().at(2).id, QStringLiteral("outside>control-room"));
}

namespace {
// A merge of a Control Room node's run and a Bot Agent's run (over IPv6): a rule with merged ranges,
// a UDP rule, an IPv6 rule, a refused port (no rule) and an exposed cluster port.
RunResults sampleRun(const TopologyTemplate &t)
{
    RunResults node;
    node.profileName = QStringLiteral("Contoso production");
    node.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"),
                           {QStringLiteral("10.0.4.11"), QStringLiteral("172.17.0.1")});
    const QString nodeAddress = QStringLiteral("10.0.4.11");
    node.checks << sent(check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445,
                              CheckState::Filtered, QStringLiteral("no-response")),
                        nodeAddress);
    node.checks << sent(check(t, QStringLiteral("control-room>active-directory:kerberos-udp"), QStringLiteral("dc1"),
                              QStringLiteral("10.0.2.10"), 88, CheckState::Filtered,
                              QStringLiteral("admin-prohibited")),
                        nodeAddress);
    node.checks << sent(check(t, QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql"),
                              QStringLiteral("10.0.2.30"), 1433, CheckState::Closed, QStringLiteral("conn-refused")),
                        nodeAddress);
    for (int port = 47100; port <= 47200; ++port)
        node.checks << sent(check(t, cacheFlow, QStringLiteral("cr2"), QStringLiteral("10.0.4.12"), quint16(port),
                                  port == 47150 ? CheckState::Closed : CheckState::Filtered,
                                  port == 47150 ? QStringLiteral("conn-refused") : QStringLiteral("no-response")),
                            nodeAddress);
    RunResults bot;
    bot.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"),
                          {QStringLiteral("10.0.9.42"), QStringLiteral("fd00:9::42")});
    bot.checks << sent(check(t, httpsFlow, QStringLiteral("automation.contoso.com"), QStringLiteral("fd00:1::5"), 443,
                             CheckState::Filtered, QStringLiteral("no-response")),
                       QStringLiteral("fd00:9::42"));
    Check exposed = sent(check(t, QStringLiteral("outside>control-room:messaging"), QStringLiteral("cr2"),
                               QStringLiteral("10.0.4.12"), 5672, CheckState::Open, QStringLiteral("syn-ack")),
                         QStringLiteral("10.0.9.42"));
    exposed.from = QStringLiteral("bot-agent");
    bot.checks << exposed;
    RunResults merged;
    merged.profileName = node.profileName;
    merged.vantage = vantage(QStringLiteral("all"), QStringLiteral("merge"), {});
    merged.sources = {node, bot};
    merged.checks << node.checks << bot.checks;
    return merged;
}

QString goldenName(RuleDialect d)
{
    switch (d) {
    case RuleDialect::WindowsFirewall:
        return QStringLiteral("windows-firewall.ps1");
    case RuleDialect::AzureNsg:
        return QStringLiteral("azure-nsg.sh");
    case RuleDialect::GcpFirewall:
        return QStringLiteral("gcp-firewall.sh");
    }
    return {};
}
} // namespace

void TestChangeRequest::goldenSnippets_data()
{
    QTest::addColumn<RuleDialect>("dialect");
    for (const RuleDialect d : RuleSnippets::dialects())
        QTest::newRow(qPrintable(goldenName(d))) << d;
}

// The golden files were reviewed against the vendors' documentation: New-NetFirewallRule (-LocalPort and
// -RemoteAddress take comma-separated lists, ranges as "a-b"), az network nsg rule create (space-separated
// --destination-port-ranges, priorities 100-4096) and gcloud compute firewall-rules create (names of
// lowercase letters, digits and hyphens up to 63, --rules=PROTOCOL:PORT[-PORT]). Regenerate with
// TOPOCHECK_UPDATE_GOLDEN=1 and review the difference.
void TestChangeRequest::goldenSnippets()
{
    QFETCH(RuleDialect, dialect);
    const TopologyTemplate t = onPremises();
    const QString text = RuleSnippets::forRun(sampleRun(t), t, dialect);
    const QString dir = QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/golden/");
    QFile file(dir + goldenName(dialect));
    if (qEnvironmentVariableIsSet("TOPOCHECK_UPDATE_GOLDEN")) {
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        return;
    }
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QString golden = QString::fromUtf8(file.readAll());
    if (text != golden) {
        const QStringList a = text.split(QLatin1Char('\n'));
        const QStringList b = golden.split(QLatin1Char('\n'));
        for (int i = 0; i < qMax(a.size(), b.size()); ++i)
            if (a.value(i) != b.value(i))
                QFAIL(qPrintable(QStringLiteral("line %1:\n got: %2\nwant: %3").arg(i + 1).arg(a.value(i), b.value(i))));
    }
}

void TestChangeRequest::snippetsFollowTheVendorsSyntax()
{
    const TopologyTemplate t = onPremises();
    const RunResults run = sampleRun(t);
    const ChangeRequest cr = ChangeRequest::build(run, t);
    QCOMPARE(cr.ruleCount(), 4); // SMB, Kerberos/UDP, the cache range, HTTPS over IPv6
    QCOMPARE(cr.serviceFixes().size(), 1); // the refused SQL port
    QCOMPARE(cr.exposures().size(), 1);
    auto isSource = [](const QString &s) {
        QHostAddress a;
        return a.setAddress(s.section(QLatin1Char('/'), 0, 0)) || (s.startsWith(QLatin1Char('<')) && s.endsWith(QLatin1Char('>')));
    };

    // Windows: one inbound rule per row of section 1, one block rule per exposure
    const QString windows = RuleSnippets::generate(cr, RuleDialect::WindowsFirewall);
    QCOMPARE(windows.count(QLatin1String("-Action Allow")), cr.ruleCount());
    QCOMPARE(windows.count(QLatin1String("-Action Block")), int(cr.exposures().size()));
    static const QRegularExpression ps(QStringLiteral(
        "^New-NetFirewallRule -DisplayName '[^']+'( -Description '[^']+')? -Direction Inbound -Action (Allow|Block) "
        "-Protocol (TCP|UDP) -LocalPort ((\\d+|'\\d+-\\d+')(,(\\d+|'\\d+-\\d+'))*)( -LocalAddress \\S+)? "
        "-RemoteAddress (\\S+)$"));
    for (const QString &line : windows.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("New-NetFirewallRule")))
            continue;
        const QRegularExpressionMatch m = ps.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        for (const QString &s : m.captured(9).split(QLatin1Char(',')))
            QVERIFY2(isSource(s) || s.contains(QLatin1Char('-')), qPrintable(s));
    }
    QVERIFY(windows.contains(QLatin1String("-LocalPort '47100-47149','47151-47200' -LocalAddress 10.0.4.12 "
                                           "-RemoteAddress 10.0.4.11")));
    QVERIFY(windows.contains(QLatin1String("-Protocol UDP -LocalPort 88 -LocalAddress 10.0.2.10")));
    QVERIFY(windows.contains(QLatin1String("-LocalAddress fd00:1::5 -RemoteAddress fd00:9::42")));
    QVERIFY(!windows.contains(QLatin1String("172.17.0.1"))); // an address no probe used
    QVERIFY(!windows.contains(QLatin1String("-LocalPort 1433"))); // refused: a service to start

    // Azure: unique priorities inside 100-4096, ports as Azure writes them
    const QString azure = RuleSnippets::generate(cr, RuleDialect::AzureNsg);
    QCOMPARE(azure.count(QLatin1String("az network nsg rule create")), cr.ruleCount() + 2);
    static const QRegularExpression priority(QStringLiteral("--priority (\\d+)"));
    QSet<int> priorities;
    for (auto it = priority.globalMatch(azure); it.hasNext();) {
        const int p = it.next().captured(1).toInt();
        QVERIFY2(p >= 100 && p <= 4096, qPrintable(QString::number(p)));
        QVERIFY2(!priorities.contains(p), qPrintable(QString::number(p)));
        priorities.insert(p);
    }
    QCOMPARE(priorities.size(), cr.ruleCount() + 2);
    static const QRegularExpression azurePorts(QStringLiteral("--destination-port-ranges ([^\\\\\\n]+?) \\\\"));
    for (auto it = azurePorts.globalMatch(azure); it.hasNext();)
        for (const QString &p : it.next().captured(1).split(QLatin1Char(' ')))
            QVERIFY2(QRegularExpression(QStringLiteral("^\\d+(-\\d+)?$")).match(p).hasMatch(), qPrintable(p));
    QVERIFY(azure.contains(QLatin1String("--destination-port-ranges 47100-47149 47151-47200")));
    QVERIFY(azure.contains(QLatin1String("--source-address-prefixes fd00:9::42/128")));
    static const QRegularExpression azureName(QStringLiteral("--name (\\S+)"));
    for (auto it = azureName.globalMatch(azure); it.hasNext();) {
        const QString n = it.next().captured(1);
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9][a-z0-9.\\-_]{0,78}[a-z0-9_]$")).match(n).hasMatch(),
                 qPrintable(n));
    }

    // GCP: valid names, rules per protocol and port, CIDR sources (/32, /128)
    const QString gcp = RuleSnippets::generate(cr, RuleDialect::GcpFirewall);
    static const QRegularExpression gcpName(QStringLiteral("firewall-rules create (\\S+)"));
    QSet<QString> names;
    for (auto it = gcpName.globalMatch(gcp); it.hasNext();) {
        const QString n = it.next().captured(1);
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")).match(n).hasMatch(),
                 qPrintable(n));
        QVERIFY2(!names.contains(n), qPrintable(n));
        names.insert(n);
    }
    QCOMPARE(names.size(), cr.ruleCount() + 2);
    static const QRegularExpression gcpRules(QStringLiteral("--rules=(\\S+)"));
    for (auto it = gcpRules.globalMatch(gcp); it.hasNext();)
        for (const QString &r : it.next().captured(1).split(QLatin1Char(',')))
            QVERIFY2(QRegularExpression(QStringLiteral("^(tcp|udp):\\d+(-\\d+)?$")).match(r).hasMatch(), qPrintable(r));
    QVERIFY(gcp.contains(QLatin1String("--rules=tcp:47100-47149,tcp:47151-47200")));
    QVERIFY(gcp.contains(QLatin1String("--source-ranges=fd00:9::42/128")));
    QVERIFY(gcp.contains(QLatin1String("--destination-ranges=fd00:1::5/128")));
    QVERIFY(gcp.contains(QLatin1String("--source-ranges=10.0.4.11/32")));
    QVERIFY(gcp.contains(QLatin1String("--action=DENY --rules=tcp:5672")));
    // descriptions are never cut inside a word
    static const QRegularExpression description(QStringLiteral("--description='([^']*)'"));
    for (auto it = description.globalMatch(gcp); it.hasNext();) {
        const QString d = it.next().captured(1);
        QVERIFY2(!d.endsWith(QLatin1String("...")) || d.at(d.size() - 4) != QLatin1Char(' '), qPrintable(d));
    }
}

void TestChangeRequest::noRulesForDnsOrServiceFailures()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    r.checks << check(t, QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql.contoso.local"), QString(),
                      1433, CheckState::Unresolved, QStringLiteral("nxdomain"));
    r.checks << check(t, smbFlow, QStringLiteral("files.contoso.local"), QStringLiteral("10.0.2.20"), 445,
                      CheckState::Closed, QStringLiteral("conn-refused"));
    for (const RuleDialect d : RuleSnippets::dialects()) {
        const QString text = RuleSnippets::forRun(r, t, d);
        QVERIFY(!text.contains(QLatin1String("New-NetFirewallRule")));
        QVERIFY(!text.contains(QLatin1String("rule create")));
        QVERIFY(!text.contains(QLatin1String("rules create")));
        QVERIFY(text.contains(QLatin1String("Failures no firewall rule on the path fixes")));
        QVERIFY(text.contains(QLatin1String("sql.contoso.local")));
        QVERIFY(text.contains(QLatin1String("10.0.2.20 itself refused TCP 445")));
    }
}

void TestChangeRequest::ipv4Complement_data()
{
    QTest::addColumn<QStringList>("addresses");
    QTest::addColumn<QStringList>("ranges");
    QTest::newRow("none") << QStringList{} << QStringList{};
    QTest::newRow("ipv6 only") << QStringList{QStringLiteral("fd00::1")} << QStringList{};
    QTest::newRow("two nodes") << QStringList{QStringLiteral("10.0.4.13"), QStringLiteral("10.0.4.11")}
                               << QStringList{QStringLiteral("0.0.0.0-10.0.4.10"), QStringLiteral("10.0.4.12"),
                                              QStringLiteral("10.0.4.14-255.255.255.255")};
    QTest::newRow("adjacent") << QStringList{QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.2")}
                              << QStringList{QStringLiteral("0.0.0.0-10.0.0.0"),
                                             QStringLiteral("10.0.0.3-255.255.255.255")};
    QTest::newRow("edges") << QStringList{QStringLiteral("0.0.0.0"), QStringLiteral("255.255.255.255")}
                           << QStringList{QStringLiteral("0.0.0.1-255.255.255.254")};
}

void TestChangeRequest::ipv4Complement()
{
    QFETCH(QStringList, addresses);
    QFETCH(QStringList, ranges);
    QCOMPARE(RuleSnippets::ipv4Complement(addresses), ranges);
}

void TestChangeRequest::ruleNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("topocheck-allow-001-file-share-tcp-445")
                           << QStringLiteral("topocheck-allow-001-file-share-tcp-445");
    QTest::newRow("symbols") << QStringLiteral("Topocheck: Allow / SMB 445!")
                             << QStringLiteral("topocheck-allow-smb-445");
    QTest::newRow("digit first") << QStringLiteral("445-smb") << QStringLiteral("r-445-smb");
    QTest::newRow("long") << QString(80, QLatin1Char('a')) << QString(63, QLatin1Char('a'));
}

void TestChangeRequest::ruleNames()
{
    QFETCH(QString, text);
    QFETCH(QString, name);
    QCOMPARE(RuleSnippets::ruleName(text), name);
}

QTEST_MAIN(TestChangeRequest)
#include "tst_changerequest.moc"
