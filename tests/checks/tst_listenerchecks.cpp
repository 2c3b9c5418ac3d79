// Every check recognises a Topocheck listener's banner (issue #12): loopback servers that answer like
// `topocheck --listen` does (the banner at once on accept, then silence; the banner as the answer to a
// datagram), driven through the real probe engine.
#include "checkbuilders.h"
#include "listenerbanner.h"
#include "probeenginethread.h"

#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

namespace {
using TestSupport::makeCheck;
using TestSupport::optionsWith;

const QString loopback = QStringLiteral("127.0.0.1");

ListenerBanner bannerFor(Transport transport, quint16 port)
{
    ListenerBanner b;
    b.transport = transport;
    b.port = port;
    b.role = QStringLiteral("control-room");
    b.hostName = QStringLiteral("cr1.lab.test");
    b.names = {QStringLiteral("cr1.lab.test"), QStringLiteral("cr1")};
    b.addresses = {QHostAddress(QHostAddress::LocalHost)};
    return b;
}

// Sends `greeting` on every accepted connection (empty: says nothing), then reads and drops what the
// client sends; closes at once when closeAfter.
class GreetingServer : public QTcpServer
{
public:
    explicit GreetingServer(bool closeAfter = false)
        : m_closeAfter(closeAfter)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s] { s->readAll(); });
                if (!greeting.isEmpty())
                    s->write(greeting);
                if (m_closeAfter)
                    s->disconnectFromHost();
            }
        });
    }
    QByteArray greeting;

private:
    bool m_closeAfter;
};

QHash<int, Check> runAll(const QList<Check> &checks, const ProfileOptions &options)
{
    ProbeEngineThread engine;
    QHash<int, Check> out;
    QObject guard;
    QObject::connect(&engine, &ProbeEngineThread::checkFinished, &guard,
                     [&out](int, const Check &c) { out.insert(c.id, c); });
    QSignalSpy finished(&engine, &ProbeEngineThread::runFinished);
    engine.run(checks, options);
    if (!finished.wait(15000))
        qWarning("run did not finish");
    return out;
}

Check runOne(const Check &check, int timeoutMs = 3000, bool expectListener = false)
{
    ProfileOptions options = optionsWith(timeoutMs);
    options.expectListener = expectListener;
    return runAll({check}, options).value(check.id);
}

QString describe(const Check &c)
{
    return QStringLiteral("%1 %2 %3 %4 [%5] %6")
        .arg(stateName(c.state), c.reason, serviceName(c.service), verdictName(c.verdict), c.detail, c.advice);
}
} // namespace

class TestListenerChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyProtocolRecognisesTheBanner_data();
    void everyProtocolRecognisesTheBanner();
    void datagramsRecogniseTheBanner_data();
    void datagramsRecogniseTheBanner();
    void aBannerForAnotherPortOrHostIsAMismatch_data();
    void aBannerForAnotherPortOrHostIsAMismatch();
    void aTruncatedBannerIsMalformed();
    void plainTcpWithoutListenerStillPasses();
    void tlsFailureWithoutListenerStands();
    void expectListener_data();
    void expectListener();
    void expectListenerLeavesLocalhostFlows();
};

void TestListenerChecks::everyProtocolRecognisesTheBanner_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<int>("expect");
    const QList<const char *> protocols{"tcp",   "ldap", "ldaps",    "smb",  "tds",   "http",
                                        "https", "ssh",  "kerberos", "amqp", "rdp",   "smtp",
                                        "grpc",  "opensearch", "http+websocket", "https+websocket"};
    for (const char *p : protocols)
        QTest::newRow(p) << QString::fromLatin1(p) << int(Expectation::Open);
    QTest::newRow("tcp, reachable") << QStringLiteral("tcp") << int(Expectation::Reachable);
    QTest::newRow("https, reachable") << QStringLiteral("https") << int(Expectation::Reachable);
}

void TestListenerChecks::everyProtocolRecognisesTheBanner()
{
    QFETCH(QString, protocol);
    QFETCH(int, expect);
    GreetingServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.greeting = bannerFor(Transport::Tcp, server.serverPort()).encode();

    Check c = makeCheck(0, loopback, server.serverPort(), Transport::Tcp, protocol);
    c.expect = Expectation(expect);
    const Check r = runOne(c);
    QVERIFY2(r.reason == QLatin1String("listener"), qPrintable(describe(r)));
    QCOMPARE(r.state, CheckState::Open);
    QCOMPARE(r.service, ServiceStatus::Ok);
    QCOMPARE(r.verdict, Verdict::Pass);
    QVERIFY2(r.detail.contains(QLatin1String("cr1.lab.test")) && r.detail.contains(QLatin1String("control-room")),
             qPrintable(r.detail));
    QVERIFY(r.provenByListener());
}

void TestListenerChecks::datagramsRecogniseTheBanner_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::newRow("kerberos over udp") << QStringLiteral("kerberos");
    QTest::newRow("plain udp") << QStringLiteral("tcp");
}

void TestListenerChecks::datagramsRecogniseTheBanner()
{
    QFETCH(QString, protocol);
    QUdpSocket server;
    QVERIFY(server.bind(QHostAddress::LocalHost, 0));
    const QByteArray banner = bannerFor(Transport::Udp, server.localPort()).encode();
    connect(&server, &QUdpSocket::readyRead, &server, [&server, banner] {
        while (server.hasPendingDatagrams())
            server.writeDatagram(server.receiveDatagram().makeReply(banner));
    });
    const Check r = runOne(makeCheck(0, loopback, server.localPort(), Transport::Udp, protocol));
    QVERIFY2(r.reason == QLatin1String("listener"), qPrintable(describe(r)));
    QCOMPARE(r.state, CheckState::Open);
    QCOMPARE(r.service, ServiceStatus::Ok);
    QCOMPARE(r.verdict, Verdict::Pass);
}

void TestListenerChecks::aBannerForAnotherPortOrHostIsAMismatch_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<bool>("otherPort"); // else another host
    QTest::addColumn<int>("expect");
    QTest::addColumn<QString>("said");
    QTest::newRow("tcp, port") << QStringLiteral("tcp") << true << int(Expectation::Open) << QStringLiteral("tcp/1");
    QTest::newRow("ldap, port") << QStringLiteral("ldap") << true << int(Expectation::Open) << QStringLiteral("tcp/1");
    QTest::newRow("https, host") << QStringLiteral("https") << false << int(Expectation::Open)
                                 << QStringLiteral("cr2.lab.test");
    QTest::newRow("tcp, host, reachable") << QStringLiteral("tcp") << false << int(Expectation::Reachable)
                                          << QStringLiteral("cr2.lab.test");
}

void TestListenerChecks::aBannerForAnotherPortOrHostIsAMismatch()
{
    QFETCH(QString, protocol);
    QFETCH(bool, otherPort);
    QFETCH(int, expect);
    QFETCH(QString, said);
    GreetingServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    ListenerBanner banner = bannerFor(Transport::Tcp, otherPort ? 1 : server.serverPort());
    if (!otherPort) {
        banner.hostName = QStringLiteral("cr2.lab.test");
        banner.names = {banner.hostName};
        banner.addresses = {QHostAddress(QStringLiteral("10.0.0.9"))};
    }
    server.greeting = banner.encode();
    Check c = makeCheck(0, loopback, server.serverPort(), Transport::Tcp, protocol);
    c.expect = Expectation(expect);
    const Check r = runOne(c);
    QCOMPARE(r.reason, QStringLiteral("listener"));
    QCOMPARE(r.service, ServiceStatus::Mismatch);
    QCOMPARE(r.verdict, Verdict::Fail);
    QVERIFY2(r.detail.contains(said), qPrintable(r.detail));
    QVERIFY(!r.advice.isEmpty());
    QVERIFY(!r.provenByListener());
}

void TestListenerChecks::aTruncatedBannerIsMalformed()
{
    GreetingServer server(true);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.greeting = QByteArrayLiteral("TOPOCHECK-LISTENER/1 tcp/");
    const Check r = runOne(makeCheck(0, loopback, server.serverPort(), Transport::Tcp, QStringLiteral("smb")));
    QCOMPARE(r.reason, QStringLiteral("listener"));
    QCOMPARE(r.service, ServiceStatus::Mismatch);
    QVERIFY2(r.detail.contains(QLatin1String("Malformed Topocheck listener")), qPrintable(r.detail));
}

void TestListenerChecks::plainTcpWithoutListenerStillPasses()
{
    // A "tcp" flow now reads the first bytes: another service speaking, one saying nothing and one closing
    // at once are all an open port, as before.
    GreetingServer ssh;
    QVERIFY(ssh.listen(QHostAddress::LocalHost));
    ssh.greeting = QByteArrayLiteral("SSH-2.0-OpenSSH_9.2\r\n");
    GreetingServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    GreetingServer closing(true);
    QVERIFY(closing.listen(QHostAddress::LocalHost));
    const auto results = runAll({makeCheck(0, loopback, ssh.serverPort()), makeCheck(1, loopback, silent.serverPort()),
                                 makeCheck(2, loopback, closing.serverPort())},
                                optionsWith(3000));
    QCOMPARE(results.size(), 3);
    for (const Check &r : results) {
        QVERIFY2(r.reason == QLatin1String("syn-ack"), qPrintable(describe(r)));
        QCOMPARE(r.service, ServiceStatus::Unchecked);
        QCOMPARE(r.verdict, Verdict::Pass);
        QVERIFY(!r.provenByListener());
    }
}

void TestListenerChecks::tlsFailureWithoutListenerStands()
{
    // A plain web server on a TLS port: the handshake breaks on its answer, a second plain connection
    // looks for a listener's banner and hears nothing, and the TLS failure is what the check reports.
    QTcpServer web;
    QVERIFY(web.listen(QHostAddress::LocalHost));
    int connections = 0;
    connect(&web, &QTcpServer::newConnection, &web, [&web, &connections] {
        while (QTcpSocket *s = web.nextPendingConnection()) {
            ++connections;
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                s->disconnectFromHost();
            });
        }
    });
    const Check r = runOne(makeCheck(0, loopback, web.serverPort(), Transport::Tcp, QStringLiteral("https")));
    QVERIFY2(r.reason == QLatin1String("syn-ack"), qPrintable(describe(r)));
    QCOMPARE(r.service, ServiceStatus::Error);
    QVERIFY2(r.detail.contains(QLatin1String("TLS")), qPrintable(r.detail));
    QCOMPARE(r.verdict, Verdict::Fail);
    QCOMPARE(connections, 2);
}

void TestListenerChecks::expectListener_data()
{
    QTest::addColumn<QString>("server"); // listener, plain, refused
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<int>("expect");
    QTest::addColumn<bool>("expectListener");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QString>("said");
    const int open = int(Expectation::Open);
    const int reachable = int(Expectation::Reachable);
    const QString other = QStringLiteral("something other than the listener completed the connection");
    QTest::newRow("listener, tcp") << "listener" << "tcp" << open << true << int(Verdict::Pass) << "cr1.lab.test";
    QTest::newRow("listener, https") << "listener" << "https" << reachable << true << int(Verdict::Pass)
                                     << "cr1.lab.test";
    QTest::newRow("plain, tcp") << "plain" << "tcp" << open << true << int(Verdict::Fail) << other;
    QTest::newRow("plain, tcp, reachable") << "plain" << "tcp" << reachable << true << int(Verdict::Fail) << other;
    QTest::newRow("plain, ssh banner") << "ssh" << "ssh" << open << true << int(Verdict::Fail) << other;
    QTest::newRow("refused, reachable") << "refused" << "tcp" << reachable << true << int(Verdict::Fail)
                                        << "refused: no Topocheck listener answered";
    QTest::newRow("plain, tcp, no option") << "plain" << "tcp" << open << false << int(Verdict::Pass) << "";
    QTest::newRow("refused, reachable, no option") << "refused" << "tcp" << reachable << false << int(Verdict::Pass)
                                                   << "";
}

void TestListenerChecks::expectListener()
{
    QFETCH(QString, server);
    QFETCH(QString, protocol);
    QFETCH(int, expect);
    QFETCH(bool, expectListener);
    QFETCH(int, verdict);
    QFETCH(QString, said);
    GreetingServer s;
    QVERIFY(s.listen(QHostAddress::LocalHost));
    if (server == QLatin1String("listener"))
        s.greeting = bannerFor(Transport::Tcp, s.serverPort()).encode();
    else if (server == QLatin1String("ssh"))
        s.greeting = QByteArrayLiteral("SSH-2.0-OpenSSH_9.2\r\n");
    const quint16 port = s.serverPort();
    if (server == QLatin1String("refused"))
        s.close();
    Check c = makeCheck(0, loopback, port, Transport::Tcp, protocol);
    c.expect = Expectation(expect);
    const Check r = runOne(c, 600, expectListener);
    QVERIFY2(r.verdict == Verdict(verdict), qPrintable(describe(r)));
    QVERIFY2(r.detail.contains(said), qPrintable(describe(r)));
    if (r.verdict == Verdict::Fail)
        QVERIFY(!r.advice.isEmpty());
}

// A Control Room's own loopback services are not held by the listener (ListenPlan leaves the localhost
// flows out): --expect-listener must not fail them for the missing banner.
void TestListenerChecks::expectListenerLeavesLocalhostFlows()
{
    GreetingServer s;
    QVERIFY(s.listen(QHostAddress::LocalHost));
    const quint16 port = s.serverPort();
    s.close();
    Check c = makeCheck(0, loopback, port, Transport::Tcp, QStringLiteral("tcp"));
    c.expect = Expectation::Reachable;
    c.from = QStringLiteral("control-room");
    c.to = QStringLiteral("localhost");
    const Check r = runOne(c, 600, true);
    QVERIFY2(r.verdict == Verdict::Pass, qPrintable(describe(r)));
    QVERIFY2(!r.detail.contains(QStringLiteral("listener")), qPrintable(describe(r)));
}

QTEST_GUILESS_MAIN(TestListenerChecks)
#include "tst_listenerchecks.moc"
