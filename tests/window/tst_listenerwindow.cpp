#include "component.h"
#include "diagramscene.h"
#include "hostform.h"
#include "linkitem.h"
#include "listener.h"
#include "listenerbanner.h"
#include "listenerpanel.h"
#include "mainwindow.h"
#include "profiledocument.h"
#include "runcontroller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUdpSocket>

namespace {
// A loopback port free for TCP and UDP alike (Kerberos listens on both).
quint16 freePort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::LocalHost, 0))
            continue;
        const quint16 port = tcp.serverPort();
        tcp.close();
        QUdpSocket udp;
        if (udp.bind(QHostAddress::LocalHost, port))
            return port;
    }
    return 0;
}

struct DirectoryPorts
{
    quint16 ldap = freePort();
    quint16 ldaps = freePort();
    quint16 gc = freePort();
    quint16 gcSsl = freePort();
    quint16 kerberos = freePort();
};

// This machine is the domain controller at 127.0.0.1, its ports moved to free high ones.
Profile directoryProfile(const DirectoryPorts &ports)
{
    Profile p;
    p.name = QStringLiteral("Listener test");
    p.vantage = ComponentId::activeDirectory;
    p.hosts[ComponentId::controlRoom] = {QStringLiteral("127.0.0.2")};
    p.hosts[ComponentId::activeDirectory] = {QStringLiteral("127.0.0.1")};
    const auto set = [&p](const char *key, quint16 port) {
        PortRange r;
        r.first = r.last = port;
        p.ports.insert(QString::fromLatin1(key), r);
    };
    set("ldap", ports.ldap);
    set("ldaps", ports.ldaps);
    set("gc", ports.gc);
    set("gc-ssl", ports.gcSsl);
    set("kerberos", ports.kerberos);
    return p;
}

int rowOf(const QTableWidget *table, const QString &port)
{
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, ListenerPanel::PortColumn) && table->item(r, ListenerPanel::PortColumn)->text() == port)
            return r;
    }
    return -1;
}

QString cell(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

const QString adLink = QStringLiteral("control-room>active-directory");
} // namespace

// The window side of `--listen` (issue 12): the Listen button and menu item, the panel of held ports,
// the diagram's listening links, and the window closing the listener.
class TestListenerWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("TopocheckTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_listenerwindow"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }

    void listenStartsAndStops()
    {
        const DirectoryPorts ports;
        QVERIFY(ports.ldap && ports.ldaps && ports.gc && ports.gcSsl && ports.kerberos);
        QTcpServer holder; // another program on the global catalog's port
        QVERIFY(holder.listen(QHostAddress::LocalHost, ports.gc));

        MainWindow window;
        window.resize(1400, 900);
        window.hostForm()->setProfile(directoryProfile(ports));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QAction *listen = window.listenAction();
        QVERIFY(listen && listen->isCheckable());
        QCOMPARE(listen->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
        bool inMenu = false;
        for (QMenu *menu : window.menuBar()->findChildren<QMenu *>())
            inMenu = inMenu || menu->actions().contains(listen);
        QVERIFY(inMenu);
        // the button next to "This machine is" is the same action
        auto *button = window.hostForm()->findChild<QToolButton *>(QStringLiteral("listenButton"));
        QVERIFY(button);
        QCOMPARE(button->defaultAction(), listen);
        QVERIFY(button->isVisibleTo(&window));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("listenerDock"));
        QVERIFY(dock && !dock->isVisible());

        QSignalSpy started(window.listener(), &Listener::started);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(window.listener()->isRunning());
        QVERIFY(listen->isChecked());
        QVERIFY(dock->isVisible());
        QVERIFY(started.wait(10000));

        auto *panel = window.findChild<ListenerPanel *>();
        auto *table = panel->findChild<QTableWidget *>(QStringLiteral("listenerPorts"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 6); // five TCP ports and Kerberos over UDP
        const int ldapRow = rowOf(table, QStringLiteral("%1/tcp").arg(ports.ldap));
        const int gcRow = rowOf(table, QStringLiteral("%1/tcp").arg(ports.gc));
        const int udpRow = rowOf(table, QStringLiteral("%1/udp").arg(ports.kerberos));
        QVERIFY(ldapRow >= 0 && gcRow >= 0 && udpRow >= 0);
        QCOMPARE(cell(table, ldapRow, ListenerPanel::StateColumn), QStringLiteral("held"));
        QCOMPARE(cell(table, udpRow, ListenerPanel::StateColumn), QStringLiteral("held"));
        QVERIFY2(cell(table, gcRow, ListenerPanel::StateColumn).startsWith(QStringLiteral("not taken: ")),
                 qPrintable(cell(table, gcRow, ListenerPanel::StateColumn)));
        QVERIFY(cell(table, gcRow, ListenerPanel::StateColumn).contains(QStringLiteral("in use")));
        QCOMPARE(cell(table, ldapRow, ListenerPanel::ConnectionsColumn), QStringLiteral("0"));
        QVERIFY(cell(table, ldapRow, ListenerPanel::FlowsColumn).contains(QStringLiteral("control-room>active-directory:ldap")));
        QVERIFY2(panel->summary().contains(QStringLiteral("Active Directory")), qPrintable(panel->summary()));
        QVERIFY2(panel->summary().contains(QStringLiteral("5 of 6 port")), qPrintable(panel->summary()));
        QVERIFY2(panel->summary().contains(QStringLiteral("left")), qPrintable(panel->summary()));

        // a connection to a held port gets the banner and is counted
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, ports.ldap);
        QByteArray banner;
        QTRY_VERIFY_WITH_TIMEOUT((banner += client.readAll(), ListenerBanner::match(banner) == ListenerBanner::Match::Banner), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(cell(table, ldapRow, ListenerPanel::ConnectionsColumn), QStringLiteral("1"), 5000);

        // the diagram marks this node's incoming links
        LinkItem *link = window.scene()->link(adLink);
        QVERIFY(link);
        QVERIFY(link->isListening());
        QVERIFY(link->summaryToolTip().contains(QStringLiteral("Listening")));
        QVERIFY(!window.scene()->link(QStringLiteral("control-room>sql-server"))->isListening());

        // Listen again stops: nothing stays bound, the marks go, the counts stay
        QSignalSpy stopped(window.listener(), &Listener::stopped);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(stopped.size(), 1);
        QVERIFY(!window.listener()->isRunning());
        QVERIFY(!listen->isChecked());
        QVERIFY(!link->isListening());
        QVERIFY2(panel->summary().startsWith(QStringLiteral("Stopped")), qPrintable(panel->summary()));
        QCOMPARE(cell(table, ldapRow, ListenerPanel::ConnectionsColumn), QStringLiteral("1"));
        QTcpServer again;
        QVERIFY2(again.listen(QHostAddress::LocalHost, ports.ldap), qPrintable(again.errorString()));
        QUdpSocket udpAgain;
        QVERIFY(udpAgain.bind(QHostAddress::LocalHost, ports.kerberos));
    }

    // The checking side in the window (--expect-listener): with "Expect listeners at the destinations" on, a
    // port whose banner came back passes as proven by the listener, one held by another program fails.
    void runExpectingListeners()
    {
        const DirectoryPorts ports;
        QVERIFY(ports.ldap && ports.ldaps && ports.gc && ports.gcSsl && ports.kerberos);
        QTcpServer holder; // another program on the global catalog's port: it accepts, says nothing
        QVERIFY(holder.listen(QHostAddress::LocalHost, ports.gc));

        MainWindow server; // this machine as the domain controller, listening
        server.hostForm()->setProfile(directoryProfile(ports));
        QSignalSpy started(server.listener(), &Listener::started);
        server.setListening(true);
        QVERIFY(started.wait(10000));

        MainWindow client; // the same machine as a Control Room node, checking
        Profile p = directoryProfile(ports);
        p.vantage = ComponentId::controlRoom;
        p.options.timeoutMs = 1500;
        client.hostForm()->setProfile(p);
        QAction *expect = client.expectListenerAction();
        QVERIFY(expect && expect->isCheckable() && !expect->isChecked());
        bool inMenu = false;
        for (QMenu *menu : client.menuBar()->findChildren<QMenu *>())
            inMenu = inMenu || menu->actions().contains(expect);
        QVERIFY(inMenu);
        expect->setChecked(true);
        QSignalSpy finished(&client, &MainWindow::runFinished);
        client.runAll();
        QVERIFY(finished.wait(30000));

        bool sawLdap = false, sawGc = false;
        for (const Check &c : client.session()->results().checks) {
            if (c.port == ports.ldap && c.transport == Transport::Tcp && c.to == ComponentId::activeDirectory) {
                sawLdap = true;
                QCOMPARE(c.reason, QStringLiteral("listener"));
                QCOMPARE(c.verdict, Verdict::Pass);
            }
            if (c.port == ports.gc && c.to == ComponentId::activeDirectory) {
                sawGc = true;
                QCOMPARE(c.verdict, Verdict::Fail);
                QVERIFY2(c.detail.contains(QStringLiteral("something other than the listener")), qPrintable(c.detail));
            }
        }
        QVERIFY(sawLdap && sawGc);
        server.setListening(false);
    }

    // Without a role there is nothing to hold: said, and nothing starts.
    void listenNeedsARole()
    {
        MainWindow window;
        Profile p = directoryProfile(DirectoryPorts());
        p.vantage.clear(); // every role
        window.hostForm()->setProfile(p);
        window.show();
        window.listenAction()->trigger();
        QVERIFY(!window.listener()->isRunning());
        QVERIFY(!window.listenAction()->isChecked());
        auto *box = window.findChild<QMessageBox *>(QStringLiteral("errorBox"));
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("This machine is")), qPrintable(box->text()));
        box->close();
    }

    void closingTheWindowStopsListening()
    {
        const DirectoryPorts ports;
        MainWindow window;
        window.hostForm()->setProfile(directoryProfile(ports));
        window.document()->resetProfile(window.hostForm()->profile()); // nothing unsaved: no prompt
        window.show();
        QSignalSpy started(window.listener(), &Listener::started);
        window.listenAction()->trigger();
        QVERIFY(started.wait(10000));
        QTcpServer taken;
        QVERIFY(!taken.listen(QHostAddress::LocalHost, ports.ldap)); // the listener holds it

        QSignalSpy stopped(window.listener(), &Listener::stopped);
        QVERIFY(window.close());
        QCOMPARE(stopped.size(), 1);
        QVERIFY(!window.listener()->isRunning());
        QVERIFY2(taken.listen(QHostAddress::LocalHost, ports.ldap), qPrintable(taken.errorString()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestListenerWindow)
#include "tst_listenerwindow.moc"
