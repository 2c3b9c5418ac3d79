#include "changerequest.h"
#include "rulesnippets.h"

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
    void rangesSplitByOutcome();
    void passingAndWarningChecksAskForNothing();
    void actionsFollowWhatWasObserved();
    void singleRunNamesItsVantage();
    void fromAllPlaysTheFlowsSource();
    void mergedResultsNameEachFlowsOwnSource();
    void mergedResultsSurviveJson();
    void exposureFindings();
    void tlsFindings_data();
    void tlsFindings();
    void tlsFindingIsNotARule();
    void linksFollowTheTemplate();
    void windowsRules();
    void azureRules();
    void gcpRules();
    void noRulesForDnsOrServiceFailures();
    void oneRuleForTheSameTwoAddresses();
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

void TestChangeRequest::rangesSplitByOutcome()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    for (int port = 47100; port <= 47200; ++port) {
        const bool refused = port == 47150;
        r.checks << check(t, cacheFlow, QStringLiteral("cr2.contoso.local"), QStringLiteral("10.0.4.12"), quint16(port),
                          refused ? CheckState::Closed : CheckState::Filtered,
                          refused ? QStringLiteral("conn-refused") : QStringLiteral("no-response"));
    }
    // the same ports to another node all pass: no rule for it
    for (int port = 47100; port <= 47200; ++port)
        r.checks << check(t, cacheFlow, QStringLiteral("cr3.contoso.local"), QStringLiteral("10.0.4.13"), quint16(port),
                          CheckState::Open, QStringLiteral("syn-ack"));

    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.openings().size(), 3);
    QStringList seen;
    int checks = 0;
    for (const ChangeRequest::Opening &o : cr.openings()) {
        QCOMPARE(o.host, QStringLiteral("cr2.contoso.local"));
        QCOMPARE(o.address, QStringLiteral("10.0.4.12"));
        QCOMPARE(o.action, ChangeRequest::Action::Allow);
        QVERIFY(o.purpose.contains(QLatin1String("Cluster Messaging")));
        seen << o.ports.toString() + QLatin1Char('/') + stateName(o.state);
        checks += o.ports.count();
    }
    seen.sort();
    QCOMPARE(seen, (QStringList{QStringLiteral("47100-47149/filtered"), QStringLiteral("47150/closed"),
                                QStringLiteral("47151-47200/filtered")}));
    QCOMPARE(checks, 101);
    QCOMPARE(cr.ruleCount(), 3);
    QVERIFY(cr.openings().first().actionText().contains(QLatin1String("from 10.0.4.11 to 10.0.4.12")));
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
    QVERIFY(cr.openings().isEmpty());
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
    r.checks << check(t, QStringLiteral("control-room>active-directory:ldap"), QStringLiteral("dc1.contoso.local"),
                      QStringLiteral("10.0.2.10"), 389, CheckState::Filtered, QStringLiteral("admin-prohibited"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.openings().size(), 3);
    QCOMPARE(cr.openings().at(0).action, ChangeRequest::Action::FixDns);
    QVERIFY(cr.openings().at(0).actionText().contains(QLatin1String("DNS record for sql.contoso.local")));
    QCOMPARE(cr.openings().at(1).action, ChangeRequest::Action::FixService);
    QVERIFY(cr.openings().at(1).observed().contains(QLatin1String("SMB1 only")));
    QVERIFY(cr.openings().at(1).actionText().contains(QLatin1String("SMB 2/3")));
    QCOMPARE(cr.openings().at(2).action, ChangeRequest::Action::Allow);
    QCOMPARE(cr.openings().at(2).observed(), QStringLiteral("filtered (admin-prohibited)"));
    QCOMPARE(cr.openings().at(2).actionText(), QStringLiteral("Allow TCP 389 from 10.0.4.11 to 10.0.2.10"));
    QCOMPARE(cr.ruleCount(), 1);
}

void TestChangeRequest::singleRunNamesItsVantage()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"),
                        {QStringLiteral("10.0.9.42"), QStringLiteral("127.0.0.1")});
    r.checks << check(t, httpsFlow, QStringLiteral("automation.contoso.com"), QStringLiteral("10.0.1.5"), 443,
                      CheckState::Filtered, QStringLiteral("no-response"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.testedFrom().size(), 1);
    QCOMPARE(cr.testedFrom().first().hostname, QStringLiteral("ws-042"));
    QCOMPARE(cr.openings().size(), 1);
    const ChangeRequest::Opening &o = cr.openings().first();
    QCOMPARE(o.source.role, QStringLiteral("bot-agent"));
    QCOMPARE(o.source.roleLabel, QStringLiteral("Bot Agent"));
    QCOMPARE(o.source.addresses, QStringList{QStringLiteral("10.0.9.42")}); // loopback is no rule source
    QCOMPARE(o.toLabel, QStringLiteral("Load balancer / firewall"));
    QCOMPARE(o.service, QStringLiteral("HTTPS + WebSocket"));
    QCOMPARE(o.source.describe(), QStringLiteral("Bot Agent ws-042 (10.0.9.42)"));
}

void TestChangeRequest::fromAllPlaysTheFlowsSource()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("all"), QStringLiteral("lab"), {QStringLiteral("10.234.0.1")});
    r.checks << check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Closed,
                      QStringLiteral("conn-refused"));
    const ChangeRequest cr = ChangeRequest::build(r, t);
    QCOMPARE(cr.openings().size(), 1);
    QCOMPARE(cr.openings().first().source.role, QStringLiteral("control-room"));
    QCOMPARE(cr.openings().first().source.hostname, QStringLiteral("lab"));
}

void TestChangeRequest::mergedResultsNameEachFlowsOwnSource()
{
    const TopologyTemplate t = onPremises();
    RunResults bot;
    bot.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    bot.checks << check(t, httpsFlow, QStringLiteral("automation.contoso.com"), QStringLiteral("10.0.1.5"), 443,
                        CheckState::Filtered, QStringLiteral("no-response"));
    RunResults node;
    node.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    node.checks << check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Closed,
                         QStringLiteral("conn-refused"));
    // a second Control Room node whose own SMB check passed: the failure must stay with cr1
    RunResults node2;
    node2.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr2"), {QStringLiteral("10.0.4.12")});
    node2.checks << check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Open,
                          QStringLiteral("syn-ack"), ServiceStatus::Ok);

    RunResults merged;
    merged.vantage = vantage(QStringLiteral("all"), QStringLiteral("merge"), {});
    merged.sources = {bot, node2, node};
    merged.checks << bot.checks << node.checks;

    const ChangeRequest cr = ChangeRequest::build(merged, t);
    QCOMPARE(cr.testedFrom().size(), 3);
    QCOMPARE(cr.openings().size(), 2);
    QCOMPARE(cr.openings().at(0).flowId, httpsFlow);
    QCOMPARE(cr.openings().at(0).source.hostname, QStringLiteral("ws-042"));
    QCOMPARE(cr.openings().at(0).source.addresses, QStringList{QStringLiteral("10.0.9.42")});
    QCOMPARE(cr.openings().at(1).flowId, smbFlow);
    QCOMPARE(cr.openings().at(1).source.hostname, QStringLiteral("cr1"));
    QCOMPARE(cr.openings().at(1).actionText(), QStringLiteral("Allow TCP 445 from 10.0.4.11 to 10.0.2.20"));
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
    merged.checks << check(t, httpsFlow, QStringLiteral("lb"), QStringLiteral("10.0.1.5"), 443, CheckState::Filtered,
                           QStringLiteral("no-response"))
                  << check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Closed,
                           QStringLiteral("conn-refused"));
    QStringList errors;
    const RunResults back = RunResults::fromJson(merged.toJsonBytes(), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(back.sources.size(), 2);
    const ChangeRequest cr = ChangeRequest::build(back, t);
    QCOMPARE(cr.openings().size(), 2);
    QCOMPARE(cr.openings().at(0).source.hostname, QStringLiteral("ws-042"));
    QCOMPARE(cr.openings().at(1).source.hostname, QStringLiteral("cr1"));
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
    QVERIFY(cr.openings().isEmpty()); // an exposure is not a connection to open
    QCOMPARE(cr.exposures().size(), 1);
    const ChangeRequest::Exposure &e = cr.exposures().first();
    QCOMPARE(e.ports.toString(), QStringLiteral("47100-47105"));
    QCOMPARE(e.address, QStringLiteral("10.0.4.11"));
    QCOMPARE(e.source.hostname, QStringLiteral("ws-042"));
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
    QCOMPARE(cr.openings().size(), 1);
    QCOMPARE(cr.openings().first().ports.first, quint16(3269));
    QCOMPARE(cr.openings().first().action, ChangeRequest::Action::FixService);
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
RunResults sampleRun(const TopologyTemplate &t)
{
    RunResults r;
    r.profileName = QStringLiteral("Contoso production");
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    r.checks << check(t, smbFlow, QStringLiteral("files"), QStringLiteral("10.0.2.20"), 445, CheckState::Filtered,
                      QStringLiteral("no-response"));
    r.checks << check(t, QStringLiteral("control-room>active-directory:kerberos-udp"), QStringLiteral("dc1"),
                      QStringLiteral("10.0.2.10"), 88, CheckState::Closed, QStringLiteral("port-unreachable"));
    for (int port = 47100; port <= 47200; ++port)
        r.checks << check(t, cacheFlow, QStringLiteral("cr2"), QStringLiteral("10.0.4.12"), quint16(port),
                          CheckState::Filtered, QStringLiteral("no-response"));
    // the exposure was seen by a Bot Agent; the report comes from merging both runs
    RunResults bot;
    bot.vantage = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), {QStringLiteral("10.0.9.42")});
    Check exposed = check(t, QStringLiteral("outside>control-room:messaging"), QStringLiteral("cr2"),
                          QStringLiteral("10.0.4.12"), 5672, CheckState::Open, QStringLiteral("syn-ack"));
    exposed.from = QStringLiteral("bot-agent");
    bot.checks << exposed;
    RunResults merged = r;
    merged.sources = {r, bot};
    merged.checks << exposed;
    return merged;
}
} // namespace

void TestChangeRequest::windowsRules()
{
    const TopologyTemplate t = onPremises();
    const QString text = RuleSnippets::forRun(sampleRun(t), t, RuleDialect::WindowsFirewall);
    QVERIFY2(
        text.contains(QLatin1String("-Protocol TCP -LocalPort 445 -LocalAddress 10.0.2.20 -RemoteAddress 10.0.4.11")),
        qPrintable(text));
    QVERIFY(
        text.contains(QLatin1String("-Protocol UDP -LocalPort 88 -LocalAddress 10.0.2.10 -RemoteAddress 10.0.4.11")));
    QVERIFY(text.contains(QLatin1String("-LocalPort 47100-47200 -LocalAddress 10.0.4.12")));
    QCOMPARE(text.count(QLatin1String("New-NetFirewallRule")), 4);
    // the exposure: block everything but the nodes (10.0.4.11 and 10.0.4.12)
    QVERIFY(text.contains(QLatin1String("-Action Block -Protocol TCP -LocalPort 5672 -RemoteAddress "
                                        "0.0.0.0-10.0.4.10,10.0.4.13-255.255.255.255")));
    QVERIFY(text.contains(QLatin1String("Contoso production")));
}

void TestChangeRequest::azureRules()
{
    const TopologyTemplate t = onPremises();
    const QString text = RuleSnippets::forRun(sampleRun(t), t, RuleDialect::AzureNsg);
    QCOMPARE(text.count(QLatin1String("az network nsg rule create")), 5); // 3 allows, cluster allow + deny
    QVERIFY2(text.contains(QLatin1String("--destination-address-prefixes 10.0.2.20 --destination-port-ranges 445")),
             qPrintable(text));
    QVERIFY(text.contains(QLatin1String("--destination-port-ranges 47100-47200")));
    QVERIFY(text.contains(QLatin1String("--protocol Udp")));
    QVERIFY(text.contains(QLatin1String("--access Deny --protocol Tcp")));
    QVERIFY(text.contains(QLatin1String("--source-address-prefixes 10.0.4.11 10.0.4.12")));
    // priorities are unique
    QRegularExpression priority(QStringLiteral("--priority (\\d+)"));
    QSet<QString> priorities;
    for (auto it = priority.globalMatch(text); it.hasNext();)
        priorities.insert(it.next().captured(1));
    QCOMPARE(priorities.size(), 5);
}

void TestChangeRequest::gcpRules()
{
    const TopologyTemplate t = onPremises();
    const QString text = RuleSnippets::forRun(sampleRun(t), t, RuleDialect::GcpFirewall);
    QCOMPARE(text.count(QLatin1String("gcloud compute firewall-rules create")), 5);
    QVERIFY2(text.contains(QLatin1String("--rules=tcp:445")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("--rules=udp:88")));
    QVERIFY(text.contains(QLatin1String("--rules=tcp:47100-47200")));
    QVERIFY(text.contains(QLatin1String("--source-ranges=10.0.4.11/32")));
    QVERIFY(text.contains(QLatin1String("--destination-ranges=10.0.4.12/32")));
    QVERIFY(text.contains(QLatin1String("--action=DENY --rules=tcp:5672")));
    QVERIFY(text.contains(QLatin1String("--source-ranges=0.0.0.0/0")));
    static const QRegularExpression name(QStringLiteral("firewall-rules create (\\S+)"));
    for (auto it = name.globalMatch(text); it.hasNext();) {
        const QString n = it.next().captured(1);
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")).match(n).hasMatch(),
                 qPrintable(n));
    }
}

void TestChangeRequest::noRulesForDnsOrServiceFailures()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    r.checks << check(t, QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql.contoso.local"), QString(),
                      1433, CheckState::Unresolved, QStringLiteral("nxdomain"));
    for (const RuleDialect d : RuleSnippets::dialects()) {
        const QString text = RuleSnippets::forRun(r, t, d);
        QVERIFY(!text.contains(QLatin1String("New-NetFirewallRule")));
        QVERIFY(!text.contains(QLatin1String("rule create")));
        QVERIFY(!text.contains(QLatin1String("rules create")));
        QVERIFY(text.contains(QLatin1String("Failures no firewall rule fixes")));
        QVERIFY(text.contains(QLatin1String("sql.contoso.local")));
    }
}

void TestChangeRequest::oneRuleForTheSameTwoAddresses()
{
    const TopologyTemplate t = onPremises();
    RunResults r;
    r.vantage = vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), {QStringLiteral("10.0.4.11")});
    // alternate refused and dropped ports: four openings, one pair of addresses
    for (int port = 47100; port <= 47103; ++port)
        r.checks << check(t, cacheFlow, QStringLiteral("cr2"), QStringLiteral("10.0.4.12"), quint16(port),
                          port % 2 ? CheckState::Closed : CheckState::Filtered,
                          port % 2 ? QStringLiteral("conn-refused") : QStringLiteral("no-response"));
    for (int port = 47100; port <= 47202; port += 2) // 52 single ports to another node: two rules of at most 50
        r.checks << check(t, cacheFlow, QStringLiteral("cr3"), QStringLiteral("10.0.4.13"), quint16(port),
                          CheckState::Filtered, QStringLiteral("no-response"));
    QCOMPARE(ChangeRequest::build(r, t).openings().size(), 4 + 52);
    const QString windows = RuleSnippets::forRun(r, t, RuleDialect::WindowsFirewall);
    QCOMPARE(windows.count(QLatin1String("New-NetFirewallRule")), 3);
    QVERIFY2(windows.contains(QLatin1String("-LocalPort 47100,47102,47101,47103 -LocalAddress 10.0.4.12")),
             qPrintable(windows));
    const QString gcp = RuleSnippets::forRun(r, t, RuleDialect::GcpFirewall);
    QCOMPARE(gcp.count(QLatin1String("firewall-rules create")), 3);
    QVERIFY(gcp.contains(QLatin1String("--rules=tcp:47100,tcp:47102,tcp:47101,tcp:47103 ")));
    const QString azure = RuleSnippets::forRun(r, t, RuleDialect::AzureNsg);
    QCOMPARE(azure.count(QLatin1String("nsg rule create")), 3);
    QVERIFY(azure.contains(QLatin1String("--destination-port-ranges 47100 47102 47101 47103")));
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
