// ListenPlan::forRole: the ports `topocheck --listen --as ROLE` holds, from the built-in templates and a
// profile's port overrides.
#include "listenplan.h"
#include "profile.h"
#include "topologytemplate.h"

#include <QTest>

namespace {
using Key = std::pair<Transport, quint16>;

QList<Key> keysOf(const ListenPlan &plan)
{
    QList<Key> out;
    for (const ListenPort &p : plan.ports)
        out << Key{p.transport, p.port};
    return out;
}

QList<Key> tcpRange(int first, int last)
{
    QList<Key> out;
    for (int p = first; p <= last; ++p)
        out << Key{Transport::Tcp, quint16(p)};
    return out;
}

TopologyTemplate builtin(const QString &id)
{
    ValidationIssues issues;
    const TopologyTemplate t = TopologyTemplate::builtin(id, &issues);
    if (!issues.isEmpty())
        qFatal("template %s: %s", qPrintable(id), qPrintable(issues.constFirst().toString()));
    return t;
}

const ListenPort *find(const ListenPlan &plan, Transport transport, quint16 port)
{
    for (const ListenPort &p : plan.ports)
        if (p.transport == transport && p.port == port)
            return &p;
    return nullptr;
}
} // namespace

class TestListenPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void controlRoomHoldsItsClusterAndWebPorts();
    void activeDirectoryHoldsKerberosOnTcpAndUdp();
    void loadBalancerPortServesEveryFlowToIt();
    void portOverridesAreApplied();
    void cloudTemplateAddsItsPorts();
    void everyPortComesFromAFlowToTheRole_data();
    void everyPortComesFromAFlowToTheRole();
    void refusesWhatCannotBeListenedFor_data();
    void refusesWhatCannotBeListenedFor();
};

void TestListenPlan::controlRoomHoldsItsClusterAndWebPorts()
{
    QStringList errors;
    const ListenPlan plan = ListenPlan::forRole(builtin(QStringLiteral("automation360")), Profile(),
                                                QStringLiteral("control-room"), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(plan.role, QStringLiteral("control-room"));
    // 4568 and 5678-5708 are the Control Room's loopback services: never held (the exposure checks
    // expect them closed from outside), nor any port of an exposure check alone.
    QList<Key> expected = {{Transport::Tcp, 80}, {Transport::Tcp, 443}, {Transport::Tcp, 4567}};
    expected << tcpRange(4569, 4571) << Key{Transport::Tcp, 4575} << Key{Transport::Tcp, 5672} << tcpRange(5800, 5900)
             << tcpRange(47100, 47200) << tcpRange(47500, 47600);
    QCOMPARE(keysOf(plan), expected);
    QCOMPARE(plan.ports.size(), 311);
    QVERIFY(plan.addresses.isEmpty());
    QCOMPARE(find(plan, Transport::Tcp, 47150)->flowIds,
             QStringList{QStringLiteral("control-room>control-room:cache-47100")});
    QCOMPARE(find(plan, Transport::Tcp, 443)->flowIds, QStringList{QStringLiteral("load-balancer>control-room:https")});
    for (const ListenPort &p : plan.ports) {
        QVERIFY(!p.held);
        QCOMPARE(p.connections, 0);
    }
}

void TestListenPlan::activeDirectoryHoldsKerberosOnTcpAndUdp()
{
    QStringList errors;
    const ListenPlan plan = ListenPlan::forRole(builtin(QStringLiteral("automation360")), Profile(),
                                                QStringLiteral("active-directory"), &errors);
    QVERIFY(errors.isEmpty());
    const QList<Key> expected = {{Transport::Tcp, 88},   {Transport::Tcp, 389},  {Transport::Tcp, 636},
                                 {Transport::Tcp, 3268}, {Transport::Tcp, 3269}, {Transport::Udp, 88}};
    QCOMPARE(keysOf(plan), expected);
    QCOMPARE(find(plan, Transport::Udp, 88)->flowIds,
             QStringList{QStringLiteral("control-room>active-directory:kerberos-udp")});
}

void TestListenPlan::loadBalancerPortServesEveryFlowToIt()
{
    QStringList errors;
    const ListenPlan plan = ListenPlan::forRole(builtin(QStringLiteral("automation360")), Profile(),
                                                QStringLiteral("load-balancer"), &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(keysOf(plan), (QList<Key>{{Transport::Tcp, 80}, {Transport::Tcp, 443}}));
    const QStringList https = {QStringLiteral("bot-agent>load-balancer:https"),
                               QStringLiteral("web-browser>load-balancer:https"),
                               QStringLiteral("external-app>load-balancer:https")};
    QCOMPARE(find(plan, Transport::Tcp, 443)->flowIds, https);
}

void TestListenPlan::portOverridesAreApplied()
{
    Profile profile;
    profile.ports.insert(QStringLiteral("https"), PortRange::single(8443));
    profile.ports.insert(QStringLiteral("cluster-cache-47100"), PortRange{48100, 48104});
    profile.ports.insert(QStringLiteral("kerberos"), PortRange::single(8888));
    QStringList errors;
    const TopologyTemplate t = builtin(QStringLiteral("automation360"));
    const ListenPlan cr = ListenPlan::forRole(t, profile, QStringLiteral("control-room"), &errors);
    QVERIFY(errors.isEmpty());
    QVERIFY(!find(cr, Transport::Tcp, 443));
    QVERIFY(find(cr, Transport::Tcp, 8443));
    QVERIFY(!find(cr, Transport::Tcp, 47100));
    QVERIFY(!find(cr, Transport::Tcp, 47200));
    QCOMPARE(find(cr, Transport::Tcp, 48104)->flowIds,
             QStringList{QStringLiteral("control-room>control-room:cache-47100")});
    QVERIFY(!find(cr, Transport::Tcp, 48105));
    QCOMPARE(cr.ports.size(), 311 - 101 + 5);

    const ListenPlan ad = ListenPlan::forRole(t, profile, QStringLiteral("active-directory"), &errors);
    QVERIFY(errors.isEmpty());
    QVERIFY(find(ad, Transport::Udp, 8888));
    QVERIFY(find(ad, Transport::Tcp, 8888));
    QVERIFY(!find(ad, Transport::Udp, 88));
}

void TestListenPlan::cloudTemplateAddsItsPorts()
{
    QStringList errors;
    const ListenPlan plan = ListenPlan::forRole(builtin(QStringLiteral("automation360-azure")), Profile(),
                                                QStringLiteral("control-room"), &errors);
    QVERIFY(errors.isEmpty());
    QVERIFY(find(plan, Transport::Tcp, 22)); // admin-workstation>control-room:ssh
    QVERIFY(find(plan, Transport::Tcp, 3389));
    const ListenPlan smtp =
        ListenPlan::forRole(builtin(QStringLiteral("automation360-azure")), Profile(), QStringLiteral("smtp"), &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(keysOf(smtp), (QList<Key>{{Transport::Tcp, 587}}));
}

void TestListenPlan::everyPortComesFromAFlowToTheRole_data()
{
    QTest::addColumn<QString>("templateId");
    QTest::addColumn<QString>("role");
    for (const QString &id : TopologyTemplate::builtinIds()) {
        const TopologyTemplate t = builtin(id); // components() refers into it: it must outlive the loop
        for (const Component &c : t.components())
            QTest::addRow("%s %s", qPrintable(id), qPrintable(c.id)) << id << c.id;
    }
}

void TestListenPlan::everyPortComesFromAFlowToTheRole()
{
    QFETCH(QString, templateId);
    QFETCH(QString, role);
    const TopologyTemplate t = builtin(templateId);
    QStringList errors;
    const ListenPlan plan = ListenPlan::forRole(t, Profile(), role, &errors);
    // Exactly the (transport, port) pairs of the flows to the role that a remote check can reach.
    QSet<std::pair<int, int>> expected;
    for (const Flow &f : t.flows())
        if (f.to == role && !f.isExposureCheck() && !f.isLocal())
            for (int p = f.ports.first; p <= f.ports.last; ++p)
                expected.insert({int(f.transport), p});
    QSet<std::pair<int, int>> got;
    for (const ListenPort &p : plan.ports) {
        got.insert({int(p.transport), p.port});
        QVERIFY(!p.flowIds.isEmpty());
        for (const QString &flowId : p.flowIds)
            QCOMPARE(t.flow(flowId)->to, role);
    }
    QCOMPARE(got, expected);
    QCOMPARE(errors.isEmpty(), !expected.isEmpty());
}

void TestListenPlan::refusesWhatCannotBeListenedFor_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown") << QStringLiteral("domain-controller")
                             << QStringLiteral("unknown role \"domain-controller\"");
    QTest::newRow("loopback") << QStringLiteral("localhost") << QStringLiteral("loopback");
    QTest::newRow("no incoming flow") << QStringLiteral("bot-agent") << QStringLiteral("accepts no connection");
}

void TestListenPlan::refusesWhatCannotBeListenedFor()
{
    QFETCH(QString, role);
    QFETCH(QString, named);
    QStringList errors;
    const ListenPlan plan = ListenPlan::forRole(builtin(QStringLiteral("automation360")), Profile(), role, &errors);
    QVERIFY(plan.ports.isEmpty());
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.constFirst().contains(named), qPrintable(errors.constFirst()));
}

QTEST_GUILESS_MAIN(TestListenPlan)
#include "tst_listenplan.moc"
