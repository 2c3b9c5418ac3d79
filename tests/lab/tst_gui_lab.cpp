// The window against the lab's real servers: press Run, watch the links take their colours.
#include "checkresultsmodel.h"
#include "component.h"
#include "componentitem.h"
#include "diagramscene.h"
#include "hostform.h"
#include "mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QTest>

namespace {
Profile labProfile(const QString &vantage)
{
    Profile p;
    p.name = QStringLiteral("Lab");
    p.vantage = vantage;
    p.hosts[ComponentId::controlRoom] = {QStringLiteral("cr1.lab.test"), QStringLiteral("cr2.lab.test")};
    p.hosts[ComponentId::loadBalancer] = {QStringLiteral("lb.lab.test")};
    p.hosts[ComponentId::activeDirectory] = {QStringLiteral("dc1.lab.test")};
    p.hosts[ComponentId::fileShare] = {QStringLiteral("files.lab.test")};
    p.hosts[ComponentId::sqlServer] = {QStringLiteral("sql.lab.test")};
    p.options.timeoutMs = 1500;
    p.options.kerberosRealm = QStringLiteral("TEST.LOCAL");
    p.options.caFile = QStringLiteral("/run/topocheck-lab/ca.pem");
    return p;
}

const Check *findCheck(const QList<Check> &checks, const QString &to, quint16 port)
{
    for (const Check &c : checks) {
        if (c.to == to && c.port == port && c.runnable)
            return &c;
    }
    return nullptr;
}

void runAndWait(MainWindow &window)
{
    QSignalSpy finished(&window, &MainWindow::runFinished);
    QVERIFY(window.runAction()->isEnabled());
    window.runAction()->trigger();
    QVERIFY(window.isRunning());
    QVERIFY(finished.wait(120000));
    QCOMPARE(finished.constFirst().at(0).toBool(), false);
}
} // namespace

class TestGuiLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void controlRoomVantage()
    {
        MainWindow window;
        QAbstractItemModelTester tester(window.resultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.hostForm()->setProfile(labProfile(ComponentId::controlRoom));
        window.show();
        // results arrive in batches: one dataChanged covers a range of rows
        int reported = 0;
        QObject::connect(window.resultsModel(), &QAbstractItemModel::dataChanged, &window,
                         [&reported](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                             reported += bottomRight.row() - topLeft.row() + 1;
                         });
        runAndWait(window);
        QVERIFY(reported > 600); // every check of the plan reported back

        const QList<Check> checks = window.resultsModel()->checks();
        DiagramScene *scene = window.scene();
        // SMB 2/3 on files.lab.test: green
        QCOMPARE(scene->linkState(QStringLiteral("control-room>file-share")), DiagramStyle::LinkState::Pass);
        // the global catalog over TLS (3269) is dropped by the lab's firewall: red, and the check says why
        QCOMPARE(scene->linkState(QStringLiteral("control-room>active-directory")), DiagramStyle::LinkState::Fail);
        const Check *gc = findCheck(checks, ComponentId::activeDirectory, 3269);
        QVERIFY(gc);
        QCOMPARE(gc->state, CheckState::Filtered);
        QCOMPARE(gc->verdict, Verdict::Fail);
        const Check *ldap = findCheck(checks, ComponentId::activeDirectory, 389);
        QVERIFY(ldap);
        QCOMPARE(ldap->verdict, Verdict::Pass);
        // the second node only has plain TCP listeners: the cluster link cannot be green
        QCOMPARE(scene->linkState(QStringLiteral("control-room>control-room")), DiagramStyle::LinkState::Fail);
        // flows that start at the load balancer are not this machine's to test
        QCOMPARE(scene->linkState(QStringLiteral("load-balancer>control-room")), DiagramStyle::LinkState::Skipped);
        QVERIFY(!window.isRunning());
        QVERIFY(window.runAction()->isEnabled());
    }

    void botAgentVantageFindsExposedNodes()
    {
        MainWindow window;
        window.hostForm()->setProfile(labProfile(ComponentId::botAgent));
        window.show();
        runAndWait(window);
        DiagramScene *scene = window.scene();
        // nginx with the lab CA trusted: HTTP and HTTPS with WebSocket through the load balancer
        QCOMPARE(scene->linkState(QStringLiteral("bot-agent>load-balancer")), DiagramStyle::LinkState::Pass);
        // every cluster port answers on cr2 from a Bot Agent: the node is marked, not a link
        QCOMPARE(scene->nodes().size(), 2);
        QCOMPARE(scene->nodes().at(1)->host(), QStringLiteral("cr2.lab.test"));
        QCOMPARE(scene->nodes().at(1)->exposure(), ComponentItem::Exposure::Exposed);
        QCOMPARE(scene->linkState(QStringLiteral("control-room>file-share")), DiagramStyle::LinkState::Skipped);
    }

    void stopEndsTheRun()
    {
        MainWindow window;
        Profile p = labProfile(ComponentId::controlRoom);
        p.options.timeoutMs = 5000;
        window.hostForm()->setProfile(p);
        window.show();
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.runAction()->trigger();
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        window.stopAction()->trigger();
        QVERIFY(finished.wait(20000));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed()))); // a correctness bound
        QCOMPARE(finished.constFirst().at(0).toBool(), true);
        QVERIFY(!window.isRunning());
    }
};

QTEST_MAIN(TestGuiLab)
#include "tst_gui_lab.moc"
