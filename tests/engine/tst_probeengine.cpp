#include "checkbuilders.h"
#include "hostsyntax.h"
#include "prerequisite.h"
#include "probeengine.h"
#include "probeenginethread.h"
#include "protocolcheck.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUdpSocket>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {
using TestSupport::makeCheck;
using TestSupport::optionsWith;

// A port on which nobody listens (bound once, then released).
quint16 freeTcpPort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost))
        return 0;
    return s.serverPort();
}

quint16 freeUdpPort()
{
    QUdpSocket s;
    if (!s.bind(QHostAddress::LocalHost, 0))
        return 0;
    return s.localPort();
}

// Runs the checks through the application's engine thread and returns the results by id.
QHash<int, Check> runAll(ProbeEngineThread &engine, const QList<Check> &checks, const ProfileOptions &options,
                         int waitMs = 10000)
{
    QHash<int, Check> out;
    QObject guard;
    QObject::connect(&engine, &ProbeEngineThread::checkFinished, &guard,
                     [&out](int, const Check &c) { out.insert(c.id, c); });
    QSignalSpy finished(&engine, &ProbeEngineThread::runFinished);
    engine.run(checks, options);
    if (!finished.wait(waitMs))
        qWarning("run did not finish in %d ms", waitMs);
    return out;
}
} // namespace

class TestProbeEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tcpOpenAndClosed();
    void tcpFilteredOnTimeout();
    void udpStates();
    void ipv6Loopback();
    void rangePortsProveThePath();
    void noSourceWithoutAConnection();
    void nameResolvedOncePerRun();
    void unresolvableName();
    void checkWithAnAddressTestsThatAddress();
    void proxiedCheckLeavesTheNameToTheProxy();
    void adviceNamesTheAddressOfAName();
    void linkLocalNeedsItsZone_data();
    void linkLocalNeedsItsZone();
    void onlyRunnableChecksAreProbed();
    void concurrencyLimit();
    void cancelWithin100ms();
    void newRunSupersedesOld();
    void runsAgainAfterACancelledRun();
    void exchangeTimeoutAfterConnect();
    void silentServiceEndsWithTheChecksAccount_data();
    void silentServiceEndsWithTheChecksAccount();
    void checksKeepNoClockOfTheirOwn_data();
    void checksKeepNoClockOfTheirOwn();
    void engineLivesOnNamedThread();
};

void TestProbeEngine::tcpOpenAndClosed()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const quint16 closedPort = freeTcpPort();
    QVERIFY(closedPort != 0);

    Check exposure = makeCheck(2, QStringLiteral("127.0.0.1"), server.serverPort());
    exposure.expect = Expectation::Closed;

    ProbeEngineThread engine;
    const auto results = runAll(engine,
                                {makeCheck(0, QStringLiteral("127.0.0.1"), server.serverPort()),
                                 makeCheck(1, QStringLiteral("127.0.0.1"), closedPort), exposure},
                                optionsWith(2000));
    QCOMPARE(results.size(), 3);

    const Check open = results.value(0);
    QCOMPARE(open.state, CheckState::Open);
    QCOMPARE(open.reason, QStringLiteral("syn-ack"));
    QCOMPARE(open.service, ServiceStatus::Unchecked);
    QCOMPARE(open.verdict, Verdict::Pass);
    QCOMPARE(open.address, QStringLiteral("127.0.0.1"));
    QCOMPARE(open.sourceAddress, QStringLiteral("127.0.0.1"));
    QVERIFY(open.latencyMs >= 0 && open.latencyMs < 2000);
    QVERIFY(open.advice.isEmpty());

    const Check closed = results.value(1);
    QCOMPARE(closed.state, CheckState::Closed);
    QCOMPARE(closed.reason, QStringLiteral("conn-refused"));
    QCOMPARE(closed.verdict, Verdict::Fail);
    QCOMPARE(closed.sourceAddress, QStringLiteral("127.0.0.1")); // the reset came back to it
    QVERIFY2(closed.advice.contains(QStringLiteral("tcp/%1").arg(closedPort)), qPrintable(closed.advice));

    const Check exposed = results.value(2);
    QCOMPARE(exposed.state, CheckState::Open);
    QCOMPARE(exposed.verdict, Verdict::Fail);
    QVERIFY2(exposed.advice.contains(QStringLiteral("deny rule")), qPrintable(exposed.advice));
}

void TestProbeEngine::tcpFilteredOnTimeout()
{
#ifndef Q_OS_LINUX
    TOPOCHECK_UNSUPPORTED("uses a full Linux accept queue to make the kernel drop SYNs");
#else
    // A listener with backlog 0 holding one unaccepted connection: Linux drops further SYNs,
    // which is what a filtering firewall looks like from the client.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
    QVERIFY(::listen(fd, 0) == 0);
    socklen_t len = sizeof addr;
    QVERIFY(::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0);
    const quint16 port = ntohs(addr.sin_port);
    QTcpSocket filler;
    filler.connectToHost(QHostAddress::LocalHost, port);
    QTRY_COMPARE(filler.state(), QAbstractSocket::ConnectedState);

    ProbeEngineThread engine;
    QElapsedTimer clock;
    clock.start();
    const auto results = runAll(engine, {makeCheck(0, QStringLiteral("127.0.0.1"), port)}, optionsWith(300));
    const qint64 took = clock.elapsed();
    ::close(fd);
    const Check c = results.value(0);
    QCOMPARE(c.state, CheckState::Filtered);
    QCOMPARE(c.reason, QStringLiteral("no-response"));
    QCOMPARE(c.verdict, Verdict::Fail);
    QVERIFY2(c.advice.contains(QStringLiteral("300 ms")), qPrintable(c.advice));
    QVERIFY2(took >= 280 && took < 1500, qPrintable(QString::number(took)));
    QCOMPARE(c.sourceAddress, QStringLiteral("127.0.0.1")); // the SYN left, unanswered: a rule names it
#endif
}

void TestProbeEngine::udpStates()
{
    QUdpSocket echo;
    QVERIFY(echo.bind(QHostAddress::LocalHost, 0));
    connect(&echo, &QUdpSocket::readyRead, &echo, [&echo] {
        while (echo.hasPendingDatagrams()) {
            const QNetworkDatagram d = echo.receiveDatagram();
            echo.writeDatagram(d.makeReply("pong"));
        }
    });
    QUdpSocket silent;
    QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
    const quint16 closedPort = freeUdpPort();

    ProbeEngineThread engine;
    const auto results = runAll(engine,
                                {makeCheck(0, QStringLiteral("127.0.0.1"), echo.localPort(), Transport::Udp),
                                 makeCheck(1, QStringLiteral("127.0.0.1"), closedPort, Transport::Udp),
                                 makeCheck(2, QStringLiteral("127.0.0.1"), silent.localPort(), Transport::Udp)},
                                optionsWith(400));
    QCOMPARE(results.value(0).state, CheckState::Open);
    QCOMPARE(results.value(0).reason, QStringLiteral("udp-response"));
    QCOMPARE(results.value(0).verdict, Verdict::Pass);
    QVERIFY(results.value(0).latencyMs >= 0);
    QCOMPARE(results.value(1).state, CheckState::Closed);
    QCOMPARE(results.value(1).reason, QStringLiteral("port-unreachable"));
    QCOMPARE(results.value(1).verdict, Verdict::Fail);
    QCOMPARE(results.value(2).state, CheckState::OpenFiltered);
    QCOMPARE(results.value(2).reason, QStringLiteral("no-response"));
    QCOMPARE(results.value(2).verdict, Verdict::Warn);
    for (int id = 0; id < 3; ++id)
        QCOMPARE(results.value(id).sourceAddress, QStringLiteral("127.0.0.1"));
    // the silent socket did receive our (empty) probe datagram
    QVERIFY(silent.hasPendingDatagrams());
}

void TestProbeEngine::ipv6Loopback()
{
    QTcpServer server;
    TOPOCHECK_REQUIRE(server.listen(QHostAddress::LocalHostIPv6), "an IPv6 loopback (::1) on this machine");
    ProbeEngineThread engine;
    const auto results = runAll(engine,
                                {makeCheck(0, QStringLiteral("::1"), server.serverPort()),
                                 makeCheck(1, QStringLiteral("[::1]"), freeTcpPort())},
                                optionsWith(2000));
    QCOMPARE(results.value(0).state, CheckState::Open);
    QCOMPARE(results.value(0).address, QStringLiteral("::1"));
    QCOMPARE(results.value(0).sourceAddress, QStringLiteral("::1"));
    QCOMPARE(results.value(1).state, CheckState::Closed);
    QCOMPARE(results.value(1).sourceAddress, QStringLiteral("::1"));

    QUdpSocket udp;
    QVERIFY(udp.bind(QHostAddress::LocalHostIPv6, 0));
    const auto udpResults = runAll(engine, {makeCheck(0, QStringLiteral("::1"), udp.localPort(), Transport::Udp)},
                                   optionsWith(200));
    QCOMPARE(udpResults.value(0).sourceAddress, QStringLiteral("::1"));
}

void TestProbeEngine::rangePortsProveThePath()
{
    // a range of which one port listens and the others refuse: every port's path is open
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const quint16 closedPort = freeTcpPort();
    Check listening = makeCheck(0, QStringLiteral("127.0.0.1"), server.serverPort());
    Check refusing = makeCheck(1, QStringLiteral("127.0.0.1"), closedPort);
    listening.expect = refusing.expect = Expectation::Reachable;
    ProbeEngineThread engine;
    const auto results = runAll(engine, {listening, refusing}, optionsWith(2000));
    QCOMPARE(results.value(0).state, CheckState::Open);
    QCOMPARE(results.value(0).verdict, Verdict::Pass);
    QCOMPARE(results.value(1).state, CheckState::Closed);
    QCOMPARE(results.value(1).verdict, Verdict::Pass);
    QVERIFY2(results.value(1).advice.isEmpty(), qPrintable(results.value(1).advice));
    QCOMPARE(results.value(1).sourceAddress, QStringLiteral("127.0.0.1"));
}

void TestProbeEngine::noSourceWithoutAConnection()
{
    ProbeEngineThread engine;
    const auto results = runAll(engine, {makeCheck(0, QStringLiteral("bad..name"), 443)}, optionsWith(1000));
    QCOMPARE(results.value(0).state, CheckState::Unresolved);
    QVERIFY(results.value(0).sourceAddress.isEmpty());
}

void TestProbeEngine::nameResolvedOncePerRun()
{
    // "localhost" comes from the hosts file: no DNS query leaves the machine
    const QHostInfo local = QHostInfo::fromName(QStringLiteral("localhost"));
    TOPOCHECK_REQUIRE(!local.addresses().isEmpty(), "localhost resolving here (hosts file)");
    QList<QHostAddress> addresses;
    for (const QHostAddress &a : local.addresses())
        if (!addresses.contains(a))
            addresses << a;
    QTcpServer server; // both loopbacks, if this machine has IPv6: localhost may name ::1 too
    QVERIFY(server.listen(QHostAddress::Any) || server.listen(QHostAddress::LocalHost));
    QList<Check> checks;
    for (int i = 0; i < 20; ++i)
        checks << makeCheck(i, QStringLiteral("localhost"), server.serverPort());

    // Count the lookups: QHostInfo numbers every lookupHost() call from one process-wide counter
    // (the id it returns), so the ids of two marker lookups around a run bracket the run's own.
    QObject marker;
    const auto lookupMark = [&marker] {
        const int id = QHostInfo::lookupHost(QString(), &marker, [](const QHostInfo &) {}); // empty name: no query
        QHostInfo::abortHostLookup(id);
        return id;
    };
    ProbeEngine engine; // on this thread: no other lookup runs between the marks
    QSignalSpy started(&engine, &ProbeEngine::checkStarted);
    QSignalSpy added(&engine, &ProbeEngine::checksAdded);
    QSignalSpy finished(&engine, &ProbeEngine::runFinished);
    QHash<int, Check> out;
    connect(&engine, &ProbeEngine::checkFinished, this, [&out](int, const Check &c) { out.insert(c.id, c); });
    const int before = lookupMark();
    engine.start(1, checks, optionsWith(2000), 100);
    QVERIFY(finished.wait(5000));
    QCOMPARE(lookupMark() - before - 1, 1); // 20 checks of one name: one lookup
    // each address of the name is a check of its own; the further ones are numbered from 100 on
    QCOMPARE(out.size(), 20 * addresses.size());
    QCOMPARE(added.size(), addresses.size() > 1 ? 1 : 0);
    for (const Check &c : std::as_const(out)) {
        QVERIFY(c.id < 20 || (c.id >= 100 && c.id < 100 + 20 * (addresses.size() - 1)));
        QCOMPARE(c.address, addresses.at(c.id < 20 ? 0 : 1 + (c.id - 100) / 20).toString());
        QCOMPARE(c.host, QStringLiteral("localhost"));
        if (server.serverAddress() == QHostAddress::Any || QHostAddress(c.address).protocol() == QAbstractSocket::IPv4Protocol)
            QCOMPARE(c.state, CheckState::Open);
    }
    // once per run: the next run asks again (a changed answer is seen), once, and two names twice
    finished.clear();
    QList<Check> two = checks;
    for (int i = 10; i < 20; ++i)
        two[i].host = QStringLiteral("LOCALHOST"); // the same machine, another name (hosts file, any case)
    const int again = lookupMark();
    engine.start(2, two, optionsWith(2000), 100);
    QVERIFY(finished.wait(5000));
    QCOMPARE(lookupMark() - again - 1, 2);
}

void TestProbeEngine::unresolvableName()
{
    // An empty label: Qt rejects the name itself ("Invalid hostname"), no DNS query is sent.
    ProbeEngineThread engine;
    const auto results = runAll(engine, {makeCheck(0, QStringLiteral("bad..name"), 443), makeCheck(1, QStringLiteral("bad..name"), 80)},
                                optionsWith(1000));
    QCOMPARE(results.size(), 2);
    for (const Check &c : results) {
        QCOMPARE(c.state, CheckState::Unresolved);
        QCOMPARE(c.reason, QStringLiteral("nxdomain"));
        QCOMPARE(c.verdict, Verdict::Fail);
        QVERIFY(!c.detail.isEmpty());
        QVERIFY2(c.advice.contains(QStringLiteral("bad..name")), qPrintable(c.advice));
    }
}

void TestProbeEngine::proxiedCheckLeavesTheNameToTheProxy()
{
    // Through a proxy the proxy resolves the destination: this machine must not look the name up (it may
    // not know it, or know other addresses), and the check stays one per name. "localhost" resolves here
    // from the hosts file (no DNS query leaves the machine), so a local lookup would show as an address.
    TOPOCHECK_REQUIRE(!QHostInfo::fromName(QStringLiteral("localhost")).addresses().isEmpty(),
                      "localhost resolving here (hosts file)");
    QTcpServer proxy; // answers the absolute-form request as a forwarding proxy would, with its Via
    QVERIFY(proxy.listen(QHostAddress::LocalHost));
    QByteArray request;
    connect(&proxy, &QTcpServer::newConnection, this, [&proxy, &request] {
        QTcpSocket *peer = proxy.nextPendingConnection();
        connect(peer, &QTcpSocket::readyRead, peer, [peer, &request] {
            request += peer->readAll();
            if (request.contains("\r\n\r\n")) {
                peer->write("HTTP/1.1 200 OK\r\nVia: 1.1 lab-proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                peer->disconnectFromHost();
            }
        });
    });
    Check c = makeCheck(0, QStringLiteral("localhost"), 80, Transport::Tcp, QStringLiteral("http"));
    c.via = QStringLiteral("proxy");
    ProfileOptions options = optionsWith(2000);
    options.proxy = QStringLiteral("http://127.0.0.1:%1").arg(proxy.serverPort());

    ProbeEngine engine;
    QSignalSpy added(&engine, &ProbeEngine::checksAdded);
    QSignalSpy finished(&engine, &ProbeEngine::runFinished);
    QHash<int, Check> out;
    connect(&engine, &ProbeEngine::checkFinished, this, [&out](int, const Check &r) { out.insert(r.id, r); });
    engine.start(1, {c}, options, 100);
    QVERIFY(finished.wait(5000));
    QCOMPARE(out.size(), 1);
    QCOMPARE(added.size(), 0);
    const Check r = out.value(0);
    QVERIFY2(request.startsWith("GET http://localhost/ HTTP/1.1\r\n"), request.constData());
    QCOMPARE(r.state, CheckState::Open);
    QVERIFY2(r.service == ServiceStatus::Ok, qPrintable(r.detail));
    QVERIFY2(r.address.isEmpty(), qPrintable(r.address)); // not 127.0.0.1: nothing was resolved here
    QVERIFY2(r.detail.contains(QStringLiteral("localhost was resolved by the proxy, not here: one check for the name")),
             qPrintable(r.detail));
}

void TestProbeEngine::checkWithAnAddressTestsThatAddress()
{
    // A re-run of one address of a name tests that address again, without resolving the name (here it
    // could not be resolved at all).
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    Check pinned = makeCheck(0, QStringLiteral("bad..name"), server.serverPort());
    pinned.address = QStringLiteral("127.0.0.1");
    // an address field that is no address (a hand-edited results file) is looked up like a name
    Check garbled = makeCheck(1, QStringLiteral("localhost"), server.serverPort());
    garbled.address = QStringLiteral("not..an.address");
    ProbeEngineThread engine;
    QSignalSpy added(&engine, &ProbeEngineThread::checksAdded);
    const auto results = runAll(engine, {pinned, garbled}, optionsWith(2000));
    QCOMPARE(results.size(), 2);
    QCOMPARE(results.value(0).state, CheckState::Open);
    QCOMPARE(results.value(0).address, QStringLiteral("127.0.0.1"));
    QCOMPARE(results.value(0).host, QStringLiteral("bad..name"));
    QCOMPARE(results.value(1).state, CheckState::Unresolved);
    QCOMPARE(added.size(), 0);
}

void TestProbeEngine::adviceNamesTheAddressOfAName()
{
    // each address of a name is a check of its own: the advice says which one it is about
    const quint16 closedPort = freeTcpPort();
    Check byName = makeCheck(0, QStringLiteral("localhost"), closedPort);
    byName.address = QStringLiteral("127.0.0.1");
    ProbeEngineThread engine;
    const auto results = runAll(engine, {byName, makeCheck(1, QStringLiteral("127.0.0.1"), closedPort)}, optionsWith(2000));
    QCOMPARE(results.value(0).state, CheckState::Closed);
    QVERIFY2(results.value(0).advice.contains(QLatin1String("localhost (127.0.0.1) refused tcp/")),
             qPrintable(results.value(0).advice));
    QVERIFY2(!results.value(1).advice.contains(QLatin1String("(127.0.0.1)")), qPrintable(results.value(1).advice));
}

void TestProbeEngine::linkLocalNeedsItsZone_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("udp");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("detail");
    QTest::newRow("no zone, tcp") << "fe80::1" << false << "zone-missing" << "names no interface";
    QTest::newRow("no zone, udp") << "[fe80::1]" << true << "zone-missing" << "names no interface";
    QTest::newRow("unknown zone, tcp") << "fe80::1%nosuch0" << false << "zone-unknown" << "\"nosuch0\"";
    QTest::newRow("unknown zone, udp") << "fe80::1%nosuch0" << true << "zone-unknown" << "\"nosuch0\"";
    QTest::newRow("unknown zone index") << "fe80::1%99999" << false << "zone-unknown" << "\"99999\"";
}

void TestProbeEngine::linkLocalNeedsItsZone()
{
    // A link-local address is reached through one interface, which its zone names: without a zone this
    // machine has, nothing can leave, and the result says so (not the OS's "Invalid argument").
    QFETCH(QString, host);
    QFETCH(bool, udp);
    QFETCH(QString, reason);
    QFETCH(QString, detail);
    ProbeEngineThread engine;
    const auto results = runAll(engine, {makeCheck(0, host, 445, udp ? Transport::Udp : Transport::Tcp)}, optionsWith(1000));
    QCOMPARE(results.size(), 1);
    const Check c = results.value(0);
    QCOMPARE(c.state, CheckState::Error);
    QCOMPARE(c.reason, reason);
    QVERIFY2(c.detail.contains(detail), qPrintable(c.detail));
    QCOMPARE(c.address, QHostAddress(HostSyntax::normalized(host)).toString());
    QVERIFY(c.sourceAddress.isEmpty()); // no packet left
    QCOMPARE(c.verdict, Verdict::Fail);
    QVERIFY2(c.advice.contains(QLatin1String("fe80::1%eth0")), qPrintable(c.advice));
}

void TestProbeEngine::onlyRunnableChecksAreProbed()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    Check skipped = makeCheck(1, QStringLiteral("127.0.0.1"), server.serverPort());
    skipped.runnable = false;
    skipped.decide();
    ProbeEngineThread engine;
    QSignalSpy progress(&engine, &ProbeEngineThread::progress);
    const auto results = runAll(engine, {makeCheck(0, QStringLiteral("127.0.0.1"), server.serverPort()), skipped},
                                optionsWith(1000));
    QCOMPARE(results.size(), 1);
    QVERIFY(results.contains(0));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(1).toInt(), 1);
    QCOMPARE(progress.constLast().at(2).toInt(), 1);
}

void TestProbeEngine::concurrencyLimit()
{
    QUdpSocket silent;
    QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
    QList<Check> checks;
    for (int i = 0; i < 12; ++i)
        checks << makeCheck(i, QStringLiteral("127.0.0.1"), silent.localPort(), Transport::Udp);

    ProbeEngineThread engine;
    int inFlight = 0, peak = 0;
    connect(&engine, &ProbeEngineThread::checkStarted, this, [&] { peak = std::max(peak, ++inFlight); });
    connect(&engine, &ProbeEngineThread::checkFinished, this, [&] { --inFlight; });
    QElapsedTimer clock;
    clock.start();
    const auto results = runAll(engine, checks, optionsWith(150, 3));
    QCOMPARE(results.size(), 12);
    QCOMPARE(peak, 3);
    // 12 checks, 3 at a time, 150 ms each: four waves
    QVERIFY2(clock.elapsed() >= 4 * 150 - 20, qPrintable(QString::number(clock.elapsed())));
}

void TestProbeEngine::cancelWithin100ms()
{
    QUdpSocket silent;
    QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<Check> checks{makeCheck(0, QStringLiteral("127.0.0.1"), server.serverPort())};
    for (int i = 1; i < 200; ++i)
        checks << makeCheck(i, QStringLiteral("127.0.0.1"), silent.localPort(), Transport::Udp);

    ProbeEngineThread engine;
    QHash<int, Check> out;
    connect(&engine, &ProbeEngineThread::checkFinished, this, [&out](int, const Check &c) { out.insert(c.id, c); });
    QSignalSpy finished(&engine, &ProbeEngineThread::runFinished);
    const int runId = engine.run(checks, optionsWith(10000, 256));
    QTRY_VERIFY_WITH_TIMEOUT(out.contains(0), 2000); // the open port is reported, the rest hang
    QElapsedTimer clock;
    clock.start();
    engine.cancel();
    // a correctness bound (10x the 100 ms target, which tests/bench measures): the hanging probes
    // (10 s timeout) are not waited for
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 1000);
    QVERIFY2(clock.elapsed() <= 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(finished.constFirst().at(0).toInt(), runId);
    QCOMPARE(finished.constFirst().at(1).toBool(), true);
    QVERIFY(!engine.isRunning());
    QCOMPARE(out.size(), 1); // what completed, nothing more
    QTest::qWait(200);
    QCOMPARE(out.size(), 1);
}

void TestProbeEngine::newRunSupersedesOld()
{
    QUdpSocket silent;
    QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));

    ProbeEngineThread engine;
    QList<int> finishedRuns, resultRuns;
    connect(&engine, &ProbeEngineThread::runFinished, this, [&](int runId, bool) { finishedRuns << runId; });
    connect(&engine, &ProbeEngineThread::checkFinished, this, [&](int runId, const Check &) { resultRuns << runId; });
    QList<Check> slow;
    for (int i = 0; i < 10; ++i)
        slow << makeCheck(i, QStringLiteral("127.0.0.1"), silent.localPort(), Transport::Udp);
    const int first = engine.run(slow, optionsWith(3000));
    const int second = engine.run({makeCheck(0, QStringLiteral("127.0.0.1"), server.serverPort())}, optionsWith(3000));
    QVERIFY(second != first);
    QCOMPARE(engine.currentRunId(), second);
    QTRY_COMPARE_WITH_TIMEOUT(finishedRuns, QList<int>{second}, 2000);
    QCOMPARE(resultRuns, QList<int>{second});
    QTest::qWait(300);
    QCOMPARE(finishedRuns, QList<int>{second}); // the superseded run's end was dropped too
}

void TestProbeEngine::runsAgainAfterACancelledRun()
{
    // monitor mode: the same engine runs the plan again and again
    QUdpSocket silent;
    QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    ProbeEngineThread engine;
    QSignalSpy finished(&engine, &ProbeEngineThread::runFinished);
    engine.run({makeCheck(0, QStringLiteral("127.0.0.1"), silent.localPort(), Transport::Udp)}, optionsWith(5000));
    QTest::qWait(50);
    engine.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 1000);
    for (int round = 0; round < 3; ++round) {
        const auto results = runAll(engine, {makeCheck(7, QStringLiteral("localhost"), server.serverPort())}, optionsWith(1000));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.value(7).state, CheckState::Open);
    }
}

void TestProbeEngine::exchangeTimeoutAfterConnect()
{
    // A port that accepts and then says nothing: the protocol check must give up after the timeout.
    if (!ProtocolCheck::create(QStringLiteral("ssh")))
        QFAIL("the ssh check is missing from ProtocolCheck::create");
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost));
    ProbeEngineThread engine;
    QElapsedTimer clock;
    clock.start();
    const auto results = runAll(engine, {makeCheck(0, QStringLiteral("127.0.0.1"), mute.serverPort(), Transport::Tcp,
                                                   QStringLiteral("ssh"))},
                                optionsWith(300));
    const Check c = results.value(0);
    QCOMPARE(c.state, CheckState::Open);
    QVERIFY(c.service == ServiceStatus::Error || c.service == ServiceStatus::Mismatch);
    QCOMPARE(c.verdict, Verdict::Fail);
    QVERIFY(!c.advice.isEmpty());
    QVERIFY2(clock.elapsed() >= 280 && clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
}

void TestProbeEngine::silentServiceEndsWithTheChecksAccount_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("detail");
    QTest::newRow("ssh") << "ssh" << "connected, but no SSH answer within 300 ms";
    QTest::newRow("ldap") << "ldap" << "connected, but no LDAP answer within 300 ms";
    QTest::newRow("kerberos") << "kerberos" << "connected, but no Kerberos answer within 300 ms";
    // the probe nudges it (EHLO) a third of the way in, then the deadline comes all the same
    QTest::newRow("smtp") << "smtp" << "connected, but no SMTP answer within 300 ms";
    QTest::newRow("https") << "https" << "no TLS handshake within 300 ms";
}

void TestProbeEngine::silentServiceEndsWithTheChecksAccount()
{
    // A port that accepts and never writes: the probe's deadline ends the exchange, and the result says
    // what the check was still waiting for.
    QFETCH(QString, protocol);
    QFETCH(QString, detail);
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost));
    ProbeEngineThread engine;
    QElapsedTimer clock;
    clock.start();
    const auto results = runAll(engine, {makeCheck(0, QStringLiteral("127.0.0.1"), mute.serverPort(), Transport::Tcp,
                                                   protocol)},
                                optionsWith(300));
    const qint64 took = clock.elapsed();
    const Check c = results.value(0);
    QCOMPARE(c.state, CheckState::Open);
    QCOMPARE(c.detail, detail);
    QVERIFY(c.service == ServiceStatus::Error || c.service == ServiceStatus::Mismatch);
    QCOMPARE(c.verdict, Verdict::Fail);
    QVERIFY(!c.advice.isEmpty());
    QVERIFY2(took >= 290 && took < 2000, qPrintable(QString::number(took)));
}

void TestProbeEngine::checksKeepNoClockOfTheirOwn_data()
{
    QTest::addColumn<QString>("protocol");
    for (const char *p : {"kerberos", "smb", "tds", "amqp", "rdp", "ssh", "ldap", "ldaps", "http", "https",
                          "http+websocket", "https+websocket", "opensearch", "grpc", "smtp"})
        QTest::newRow(p) << QString::fromLatin1(p);
}

void TestProbeEngine::checksKeepNoClockOfTheirOwn()
{
    // Started on a mute server, a check arms no timer and never ends by itself: the deadline is the probe's.
    QFETCH(QString, protocol);
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost));
    std::unique_ptr<ProtocolCheck> check = ProtocolCheck::create(protocol);
    QVERIFY(check);
    QTcpSocket *socket = check->createSocket();
    CheckContext ctx;
    ctx.host = QStringLiteral("127.0.0.1");
    ctx.address = QHostAddress(QHostAddress::LocalHost);
    ctx.port = mute.serverPort();
    ctx.protocol = protocol;
    ctx.timeoutMs = 100;
    QSignalSpy finished(check.get(), &ProtocolCheck::finished);
    bool started = false;
    ProtocolCheck *raw = check.get();
    connect(socket, &QTcpSocket::connected, raw, [&started, raw, socket, ctx] {
        raw->start(socket, ctx);
        started = true;
    });
    socket->connectToHost(ctx.address, ctx.port);
    QTRY_VERIFY_WITH_TIMEOUT(started, 2000);
    const QList<QTimer *> timers = check->findChildren<QTimer *>();
    for (const QTimer *timer : timers)
        QVERIFY2(!timer->isActive(), qPrintable(timer->objectName()));
    QTest::qWait(3 * ctx.timeoutMs);
    QCOMPARE(finished.size(), 0);
    // what the probe records at its deadline
    const ServiceOutcome outcome = check->timedOut();
    QVERIFY(outcome.service == ServiceStatus::Error || outcome.service == ServiceStatus::Mismatch);
    QVERIFY2(outcome.detail.contains(QLatin1String("within 100 ms")), qPrintable(outcome.detail));
    check->abort();
    QTest::qWait(20);
    QCOMPARE(finished.size(), 0);
}

void TestProbeEngine::engineLivesOnNamedThread()
{
    ProbeEngineThread engine;
    QVERIFY(engine.workerThread() != QThread::currentThread());
    QCOMPARE(engine.workerThread()->objectName(), QStringLiteral("topocheck-probes"));
    QVERIFY(engine.workerThread()->isRunning());
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QThread *seen = nullptr;
    QObject watcher;
    connect(&engine, &ProbeEngineThread::checkFinished, &watcher, [&](int, const Check &) { seen = QThread::currentThread(); });
    runAll(engine, {makeCheck(0, QStringLiteral("127.0.0.1"), server.serverPort())}, optionsWith(1000));
    QCOMPARE(seen, QThread::currentThread()); // results arrive on the caller's thread
}

QTEST_GUILESS_MAIN(TestProbeEngine)
#include "tst_probeengine.moc"
