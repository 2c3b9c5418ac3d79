#include "checkplan.h"

#include <QtTest>

class TstCheckPlan : public QObject
{
    Q_OBJECT

private:
    static Profile contoso(int nodes)
    {
        Profile p;
        p.name = QStringLiteral("Contoso");
        QStringList crs;
        for (int i = 1; i <= nodes; ++i)
            crs << QStringLiteral("cr%1.contoso.local").arg(i);
        p.hosts.insert(QStringLiteral("control-room"), crs);
        p.hosts.insert(QStringLiteral("load-balancer"), {QStringLiteral("automation.contoso.com")});
        p.hosts.insert(QStringLiteral("active-directory"), {QStringLiteral("dc1.contoso.local"), QStringLiteral("dc2.contoso.local")});
        p.hosts.insert(QStringLiteral("file-share"), {QStringLiteral("files.contoso.local")});
        p.hosts.insert(QStringLiteral("sql-server"), {QStringLiteral("sql.contoso.local")});
        return p;
    }

    static Vantage as(const QString &role, const QString &hostname = QStringLiteral("elsewhere"))
    {
        Vantage v;
        v.role = role;
        v.hostname = hostname;
        v.addresses = {QHostAddress(QStringLiteral("10.9.9.9")), QHostAddress::LocalHost};
        return v;
    }

    static QList<Check> runnable(const CheckPlan &plan, const QString &flowPrefix = QString())
    {
        QList<Check> out;
        for (const Check &c : plan.checks())
            if (c.runnable && c.flowId.startsWith(flowPrefix))
                out << c;
        return out;
    }

    static const TopologyTemplate &onPrem()
    {
        static const TopologyTemplate t = TopologyTemplate::builtin(QStringLiteral("automation360"));
        return t;
    }

private Q_SLOTS:
    void clusterRangesExpandPerPortAndPeer()
    {
        // cr1 checks its two peers: 309 cluster ports each
        const CheckPlan plan = CheckPlan::build(onPrem(), contoso(3), as(QStringLiteral("control-room"), QStringLiteral("cr1")));
        const QList<Check> cluster = runnable(plan, QStringLiteral("control-room>control-room:"));
        QCOMPARE(cluster.size(), 2 * 309);
        for (const Check &c : cluster)
            QVERIFY(c.host != QLatin1String("cr1.contoso.local"));
        QCOMPARE(std::count_if(cluster.cbegin(), cluster.cend(), [](const Check &c) { return c.port >= 47100 && c.port <= 47200; }), 2 * 101);
    }

    void rangeChecksExpectThePath()
    {
        const CheckPlan plan = CheckPlan::build(onPrem(), contoso(2), as(QStringLiteral("control-room"), QStringLiteral("cr1")));
        int reachable = 0;
        for (const Check &c : runnable(plan, QStringLiteral("control-room>"))) {
            const bool inRange = (c.port >= 47100 && c.port <= 47200) || (c.port >= 47500 && c.port <= 47598)
                || (c.port >= 5800 && c.port <= 5900) || (c.port >= 4569 && c.port <= 4571 && c.to == QLatin1String("control-room"))
                || c.to == QLatin1String("localhost");
            QVERIFY2((c.expect == Expectation::Reachable) == inRange, qPrintable(c.flowId + QLatin1Char('/') + QString::number(c.port)));
            reachable += inRange ? 1 : 0;
        }
        QCOMPARE(reachable, 101 + 99 + 101 + 3 + 5 + 31); // cr2's four cluster ranges, the two localhost ranges
    }

    void aNodeRecognisesItselfByAddress()
    {
        Profile p = contoso(2);
        p.hosts[QStringLiteral("control-room")] << QStringLiteral("10.9.9.9");
        const CheckPlan plan = CheckPlan::build(onPrem(), p, as(QStringLiteral("control-room")));
        const QList<Check> cluster = runnable(plan, QStringLiteral("control-room>control-room:"));
        QCOMPARE(cluster.size(), 2 * 309); // cr1 and cr2, not 10.9.9.9
        // the node itself is still listed, skipped: one check per (flow, host, port) (CONTRACT.md)
        const auto self = std::count_if(plan.checks().cbegin(), plan.checks().cend(), [](const Check &c) {
            return c.flowId.startsWith(QLatin1String("control-room>control-room:")) && c.host == QLatin1String("10.9.9.9");
        });
        QCOMPARE(self, qsizetype(309));
        for (const Check &c : plan.checks()) {
            if (c.host == QLatin1String("10.9.9.9") && c.flowId.startsWith(QLatin1String("control-room>control-room:"))) {
                QVERIFY(!c.runnable);
                QCOMPARE(c.reason, QStringLiteral("self"));
                QCOMPARE(c.verdict, Verdict::Skipped);
            }
        }
    }

    void aSingleNodeClusterKeepsItsClusterFlows()
    {
        Profile p;
        p.hosts.insert(QStringLiteral("control-room"), {QStringLiteral("127.0.0.1")});
        const CheckPlan plan = CheckPlan::build(onPrem(), p, as(QStringLiteral("control-room")));
        QCOMPARE(runnable(plan, QStringLiteral("control-room>control-room:")).size(), 0);
        const auto listed = std::count_if(plan.checks().cbegin(), plan.checks().cend(), [](const Check &c) {
            return c.flowId.startsWith(QLatin1String("control-room>control-room:"));
        });
        QCOMPARE(listed, qsizetype(309));
    }

    void fromAllTestsEveryNode()
    {
        const CheckPlan plan = CheckPlan::build(onPrem(), contoso(3), as(QStringLiteral("all"), QStringLiteral("cr1")));
        QCOMPARE(runnable(plan, QStringLiteral("control-room>control-room:")).size(), 3 * 309);
        // neither exposure nor localhost flows run without a real vantage
        QCOMPARE(runnable(plan, QStringLiteral("outside>")).size(), 0);
        QCOMPARE(runnable(plan, QStringLiteral("control-room>localhost:")).size(), 0);
        // AD: 6 flows x 2 domain controllers; file share 1; SQL 1
        QCOMPARE(runnable(plan, QStringLiteral("control-room>active-directory:")).size(), 12);
        QCOMPARE(runnable(plan, QStringLiteral("control-room>file-share:")).size(), 1);
        QCOMPARE(runnable(plan, QStringLiteral("bot-agent>load-balancer:")).size(), 2);
    }

    void controlRoomRunsItsLocalhostServices()
    {
        const CheckPlan plan = CheckPlan::build(onPrem(), contoso(1), as(QStringLiteral("control-room"), QStringLiteral("cr1")));
        const QList<Check> local = runnable(plan, QStringLiteral("control-room>localhost:"));
        QCOMPARE(local.size(), 5 + 31);
        for (const Check &c : local)
            QCOMPARE(c.host, QStringLiteral("127.0.0.1"));
        // a single node has no peers: the cluster flows have nothing to test
        QCOMPARE(runnable(plan, QStringLiteral("control-room>control-room:")).size(), 0);
        QCOMPARE(runnable(plan, QStringLiteral("outside>")).size(), 0);
    }

    void botAgentRunsItsFlowsAndTheExposureChecks()
    {
        const CheckPlan plan = CheckPlan::build(onPrem(), contoso(2), as(QStringLiteral("bot-agent")));
        QCOMPARE(runnable(plan, QStringLiteral("bot-agent>")).size(), 2);
        const QList<Check> exposure = runnable(plan, QStringLiteral("outside>"));
        QCOMPARE(exposure.size(), 2 * (309 + 1 + 31));
        for (const Check &c : exposure) {
            QCOMPARE(c.expect, Expectation::Closed);
            QCOMPARE(c.from, QStringLiteral("bot-agent"));
        }
        // everything else is planned but not tested from here
        for (const Check &c : plan.checks()) {
            if (!c.runnable) {
                QCOMPARE(c.state, CheckState::NotTested);
                QCOMPARE(c.verdict, Verdict::Skipped);
            }
        }
        const Check ldap = *std::find_if(plan.checks().cbegin(), plan.checks().cend(),
                                         [](const Check &c) { return c.flowId == QLatin1String("control-room>active-directory:ldap"); });
        QCOMPARE(ldap.reason, QStringLiteral("other-vantage"));
    }

    void exposureFromAnotherOutsideRoleNamesThatRole()
    {
        const CheckPlan plan = CheckPlan::build(onPrem(), contoso(1), as(QStringLiteral("web-browser")));
        const QList<Check> exposure = runnable(plan, QStringLiteral("outside>"));
        QCOMPARE(exposure.size(), 341);
        QCOMPARE(exposure.constFirst().from, QStringLiteral("web-browser"));
    }

    void componentsWithoutHostsAreSkippedOncePerFlow()
    {
        Profile p = contoso(2);
        p.hosts.remove(QStringLiteral("sql-server"));
        p.hosts.remove(QStringLiteral("active-directory"));
        const CheckPlan plan = CheckPlan::build(onPrem(), p, as(QStringLiteral("all")));
        int adPlaceholders = 0;
        for (const Check &c : plan.checks()) {
            if (c.to == QLatin1String("active-directory") || c.to == QLatin1String("sql-server")) {
                QVERIFY(!c.runnable);
                QCOMPARE(c.reason, QStringLiteral("no-host"));
                QCOMPARE(c.verdict, Verdict::Skipped);
                QVERIFY(c.host.isEmpty());
                adPlaceholders += c.to == QLatin1String("active-directory");
            }
        }
        QCOMPARE(adPlaceholders, 6);
    }

    void profilePortsMoveFlows()
    {
        Profile p = contoso(2);
        p.ports.insert(QStringLiteral("sql"), PortRange::single(14330));
        p.ports.insert(QStringLiteral("https"), PortRange::single(8443));
        const CheckPlan plan = CheckPlan::build(onPrem(), p, as(QStringLiteral("all")));
        for (const Check &c : plan.checks()) {
            if (c.flowId == QLatin1String("control-room>sql-server:sql"))
                QCOMPARE(c.port, quint16(14330));
            if (c.flowId == QLatin1String("bot-agent>load-balancer:https"))
                QCOMPARE(c.port, quint16(8443));
            if (c.flowId == QLatin1String("bot-agent>load-balancer:http"))
                QCOMPARE(c.port, quint16(80));
        }
    }

    void proxyDoublesTheWebChecksOfBrowsersAndAgents()
    {
        Profile p = contoso(1);
        p.options.proxy = QStringLiteral("http://proxy.contoso.local:3128");
        const CheckPlan plan = CheckPlan::build(onPrem(), p, as(QStringLiteral("bot-agent")));
        const QList<Check> agent = runnable(plan, QStringLiteral("bot-agent>load-balancer:"));
        QCOMPARE(agent.size(), 4);
        QCOMPARE(std::count_if(agent.cbegin(), agent.cend(), [](const Check &c) { return c.via == QLatin1String("proxy"); }), 2);
        // the exposure checks are not web checks and go direct
        for (const Check &c : runnable(plan, QStringLiteral("outside>")))
            QVERIFY(c.via.isEmpty());
    }

    void idsArePlanPositions()
    {
        const CheckPlan plan = CheckPlan::build(onPrem(), contoso(3), as(QStringLiteral("all")));
        for (int i = 0; i < plan.checks().size(); ++i)
            QCOMPARE(plan.checks().at(i).id, i);
    }

    void ipv6HostsLoseTheirBrackets()
    {
        Profile p = contoso(1);
        p.hosts[QStringLiteral("sql-server")] = {QStringLiteral("[2001:db8::20]")};
        const CheckPlan plan = CheckPlan::build(onPrem(), p, as(QStringLiteral("control-room")));
        const QList<Check> sql = runnable(plan, QStringLiteral("control-room>sql-server:"));
        QCOMPARE(sql.size(), 1);
        QCOMPARE(sql.constFirst().host, QStringLiteral("2001:db8::20"));
    }

    void verdictRules_data()
    {
        QTest::addColumn<int>("expect");
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("service");
        QTest::addColumn<bool>("soft");
        QTest::addColumn<int>("verdict");
        const int open = int(Expectation::Open), closed = int(Expectation::Closed);
        const int reachable = int(Expectation::Reachable);
        QTest::newRow("open ok") << open << int(CheckState::Open) << int(ServiceStatus::Ok) << false << int(Verdict::Pass);
        QTest::newRow("open unchecked") << open << int(CheckState::Open) << int(ServiceStatus::Unchecked) << false << int(Verdict::Pass);
        QTest::newRow("open soft tls") << open << int(CheckState::Open) << int(ServiceStatus::Ok) << true << int(Verdict::Warn);
        QTest::newRow("open mismatch") << open << int(CheckState::Open) << int(ServiceStatus::Mismatch) << false << int(Verdict::Fail);
        QTest::newRow("open tls error") << open << int(CheckState::Open) << int(ServiceStatus::Error) << false << int(Verdict::Fail);
        QTest::newRow("udp silence") << open << int(CheckState::OpenFiltered) << int(ServiceStatus::Unchecked) << false << int(Verdict::Warn);
        QTest::newRow("refused") << open << int(CheckState::Closed) << int(ServiceStatus::Unchecked) << false << int(Verdict::Fail);
        QTest::newRow("dropped") << open << int(CheckState::Filtered) << int(ServiceStatus::Unchecked) << false << int(Verdict::Fail);
        QTest::newRow("unresolved") << open << int(CheckState::Unresolved) << int(ServiceStatus::Unchecked) << false << int(Verdict::Fail);
        QTest::newRow("not tested") << open << int(CheckState::NotTested) << int(ServiceStatus::Unchecked) << false << int(Verdict::Skipped);
        QTest::newRow("exposure closed") << closed << int(CheckState::Closed) << int(ServiceStatus::Unchecked) << false << int(Verdict::Pass);
        QTest::newRow("exposure filtered") << closed << int(CheckState::Filtered) << int(ServiceStatus::Unchecked) << false << int(Verdict::Pass);
        QTest::newRow("exposure open") << closed << int(CheckState::Open) << int(ServiceStatus::Unchecked) << false << int(Verdict::Fail);
        QTest::newRow("exposure unknown") << closed << int(CheckState::Unresolved) << int(ServiceStatus::Unchecked) << false << int(Verdict::Warn);
        // a port of a range: the path is what is asked (a refusal by the destination proves it)
        QTest::newRow("range answered") << reachable << int(CheckState::Open) << int(ServiceStatus::Unchecked) << false << int(Verdict::Pass);
        QTest::newRow("range answered other") << reachable << int(CheckState::Open) << int(ServiceStatus::Mismatch) << false << int(Verdict::Pass);
        QTest::newRow("range refused") << reachable << int(CheckState::Closed) << int(ServiceStatus::Unchecked) << false << int(Verdict::Pass);
        QTest::newRow("range dropped") << reachable << int(CheckState::Filtered) << int(ServiceStatus::Unchecked) << false << int(Verdict::Fail);
        QTest::newRow("range unresolved") << reachable << int(CheckState::Unresolved) << int(ServiceStatus::Unchecked) << false << int(Verdict::Fail);
        QTest::newRow("range not tested") << reachable << int(CheckState::NotTested) << int(ServiceStatus::Unchecked) << false << int(Verdict::Skipped);
    }

    void verdictRules()
    {
        QFETCH(int, expect);
        QFETCH(int, state);
        QFETCH(int, service);
        QFETCH(bool, soft);
        QFETCH(int, verdict);
        QCOMPARE(decideVerdict(Expectation(expect), CheckState(state), ServiceStatus(service), soft), Verdict(verdict));
    }

    void contractNamesRoundTrip()
    {
        for (const char *s : {"open", "closed", "filtered", "open|filtered", "unresolved", "error", "not-tested"}) {
            bool ok = false;
            QCOMPARE(stateName(stateFromName(QLatin1String(s), &ok)), QLatin1String(s));
            QVERIFY(ok);
        }
        for (const char *s : {"pass", "warn", "fail", "skipped"})
            QCOMPARE(verdictName(verdictFromName(QLatin1String(s))), QLatin1String(s));
        for (const char *s : {"ok", "mismatch", "error", "unchecked"})
            QCOMPARE(serviceName(serviceFromName(QLatin1String(s))), QLatin1String(s));
    }
};

QTEST_GUILESS_MAIN(TstCheckPlan)
#include "tst_checkplan.moc"
