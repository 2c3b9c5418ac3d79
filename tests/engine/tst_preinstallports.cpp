#include "preinstallports.h"
#include "prerequisite.h"

#include <QCoreApplication>
#include <QTcpServer>
#include <QTest>

class TestPreinstallPorts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyControlRoomPortIsTried();
    void aPortInUseFailsNamingTheProcess();
};

void TestPreinstallPorts::everyControlRoomPortIsTried()
{
    ValidationIssues issues;
    const TopologyTemplate topology = TopologyTemplate::builtin(QStringLiteral("automation360"), &issues);
    QVERIFY(issues.isEmpty());
    const QList<Check> checks = PreinstallPorts::run(topology, Profile(), 100);
    // the cluster ports (309) and the localhost services (4567-4571, 5678-5708)
    QCOMPARE(checks.size(), 309 + 5 + 31);
    int toLocalhost = 0;
    for (int i = 0; i < checks.size(); ++i) {
        const Check &c = checks.at(i);
        QCOMPARE(c.id, 100 + i);
        QVERIFY(c.flowId.startsWith(PreinstallPorts::flowPrefix));
        QCOMPARE(c.from, QStringLiteral("control-room"));
        QCOMPARE(c.expect, Expectation::Closed);
        QVERIFY(c.state == CheckState::Closed || c.state == CheckState::Open || c.state == CheckState::Error);
        if (c.state == CheckState::Closed) {
            QCOMPARE(c.reason, QStringLiteral("port-free"));
            QCOMPARE(c.verdict, Verdict::Pass);
        }
        toLocalhost += c.to == QLatin1String("localhost");
    }
    QCOMPARE(toLocalhost, 36);
}

void TestPreinstallPorts::aPortInUseFailsNamingTheProcess()
{
    QTcpServer taken;
    bool listening = false;
    for (quint16 port = 47500; port <= 47598 && !listening; ++port)
        listening = taken.listen(QHostAddress::Any, port);
    TOPOCHECK_REQUIRE(listening, "a free port in 47500-47598 (every one is taken here)");
    ValidationIssues issues;
    const TopologyTemplate topology = TopologyTemplate::builtin(QStringLiteral("automation360"), &issues);
    const QList<Check> checks = PreinstallPorts::run(topology, Profile(), 0);
    const auto it = std::find_if(checks.cbegin(), checks.cend(), [&](const Check &c) { return c.port == taken.serverPort(); });
    QVERIFY(it != checks.cend());
    QCOMPARE(it->state, CheckState::Open);
    QCOMPARE(it->reason, QStringLiteral("in-use"));
    QCOMPARE(it->verdict, Verdict::Fail);
    QVERIFY(!it->advice.isEmpty());
#ifdef Q_OS_LINUX
    // comm is cut to 15 characters
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QVERIFY2(it->detail.contains(QStringLiteral("pid ") + pid), qPrintable(it->detail));
    QVERIFY2(it->detail.contains(QStringLiteral("tst_preinstall")), qPrintable(it->detail));
#endif
    // the test did not disturb the listener it found
    QVERIFY(taken.isListening());
}

QTEST_GUILESS_MAIN(TestPreinstallPorts)
#include "tst_preinstallports.moc"
