// The Listener of `topocheck --listen`, on loopback only: the banner on TCP and UDP, ports in use skipped
// and named, memory and descriptors flat over 1,000 connections, nothing bound after a stop, the duration.
#include "listener.h"
#include "listenerbanner.h"
#include "prerequisite.h"

#include <QDir>
#include <QFile>
#include <QNetworkDatagram>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

#include <memory>
#include <vector>
#ifdef Q_OS_LINUX
#include <malloc.h>
#endif

namespace {
const QHostAddress loopback(QHostAddress::LocalHost);

// Ports nothing uses now (the OS picks them), on TCP and UDP.
QList<quint16> freePorts(int n)
{
    std::vector<std::unique_ptr<QTcpServer>> servers;
    std::vector<std::unique_ptr<QUdpSocket>> udp;
    QList<quint16> out;
    while (out.size() < n) {
        auto s = std::make_unique<QTcpServer>();
        if (!s->listen(QHostAddress::Any, 0))
            qFatal("cannot listen on a free port: %s", qPrintable(s->errorString()));
        auto u = std::make_unique<QUdpSocket>();
        if (u->bind(QHostAddress::Any, s->serverPort(), QAbstractSocket::DontShareAddress)) {
            out << s->serverPort();
            udp.push_back(std::move(u));
        }
        servers.push_back(std::move(s));
    }
    return out;
}

ListenPlan planFor(const QList<quint16> &tcp, const QList<quint16> &udp = {}, const QList<QHostAddress> &addresses = {})
{
    ListenPlan plan;
    plan.role = QStringLiteral("control-room");
    plan.addresses = addresses;
    auto add = [&plan](Transport transport, quint16 number) {
        ListenPort p;
        p.transport = transport;
        p.port = number;
        p.flowIds = QStringList{QStringLiteral("flow-%1").arg(number)};
        plan.ports << p;
    };
    for (const quint16 p : tcp)
        add(Transport::Tcp, p);
    for (const quint16 p : udp)
        add(Transport::Udp, p);
    return plan;
}

const ListenPort *find(const QList<ListenPort> &ports, Transport t, quint16 port)
{
    for (const ListenPort &p : ports)
        if (p.transport == t && p.port == port)
            return &p;
    return nullptr;
}

bool tcpFree(const QHostAddress &address, quint16 port)
{
    QTcpServer s;
    return s.listen(address, port);
}

bool udpFree(const QHostAddress &address, quint16 port)
{
    QUdpSocket s;
    return s.bind(address, port, QAbstractSocket::DontShareAddress);
}

#ifdef Q_OS_LINUX
int openDescriptors()
{
    return int(
        QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size());
}

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    return -1;
}

// Bytes allocated and not freed, all threads (glibc): unlike the resident size, not blurred by what the
// allocator keeps after a peak.
qint64 heapInUseKiB()
{
    return qint64(mallinfo2().uordblks) / 1024;
}
#endif

// A client that connects, collects what the listener sends, and (when told) closes once it has the banner.
struct Client
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray received;
    bool closedByPeer = false;
};

std::vector<std::unique_ptr<Client>> connectClients(const QHostAddress &address, quint16 port, int n,
                                                    bool closeAfterBanner, const QByteArray &send = {})
{
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < n; ++i) {
        auto c = std::make_unique<Client>();
        Client *raw = c.get();
        QObject::connect(raw->socket.get(), &QTcpSocket::connected, raw->socket.get(), [raw, send] {
            if (!send.isEmpty())
                raw->socket->write(send);
        });
        QObject::connect(raw->socket.get(), &QTcpSocket::readyRead, raw->socket.get(), [raw, closeAfterBanner] {
            raw->received += raw->socket->readAll();
            if (closeAfterBanner && raw->received.endsWith('\n'))
                raw->socket->disconnectFromHost();
        });
        QObject::connect(raw->socket.get(), &QTcpSocket::disconnected, raw->socket.get(),
                         [raw] { raw->closedByPeer = true; });
        raw->socket->connectToHost(address, port);
        clients.push_back(std::move(c));
    }
    return clients;
}

int bannersIn(const std::vector<std::unique_ptr<Client>> &clients, quint16 port)
{
    int n = 0;
    for (const auto &c : clients) {
        ListenerBanner b;
        if (ListenerBanner::match(c->received, &b) == ListenerBanner::Match::Banner && b.port == port)
            ++n;
    }
    return n;
}
} // namespace

class TestListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tcpClientGetsTheBannerFirst();
    void everyAddressByDefault();
    void clientBytesAreDiscardedAndTheConnectionClosed();
    void udpDatagramGetsTheBannerRateLimited();
    void portInUseIsSkippedAndNamed();
    void thousandConnectionsKeepMemoryAndDescriptorsFlat();
    void stopLeavesNoSocketBound();
    void destructionLeavesNoSocketBound();
    void durationIsHonoured();
    void nothingHeldStops();
};

void TestListener::tcpClientGetsTheBannerFirst()
{
    const QList<quint16> ports = freePorts(2);
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    listener.start(planFor(ports, {}, {loopback}), 60);
    QVERIFY(listener.isRunning());
    QTRY_COMPARE(started.count(), 1);
    const auto held = started.constFirst().constFirst().value<QList<ListenPort>>();
    QCOMPARE(held.size(), 2);
    QVERIFY(held.at(0).held && held.at(1).held);
    QVERIFY(listener.remainingMs() > 0 && listener.remainingMs() <= 60000);

    const auto clients = connectClients(loopback, ports.at(1), 1, true);
    QTRY_COMPARE(bannersIn(clients, ports.at(1)), 1);
    ListenerBanner banner;
    QCOMPARE(ListenerBanner::match(clients.front()->received, &banner), ListenerBanner::Match::Banner);
    QCOMPARE(banner.transport, Transport::Tcp);
    QCOMPARE(banner.port, ports.at(1));
    QCOMPARE(banner.role, QStringLiteral("control-room"));
    QVERIFY(!banner.hostName.isEmpty());
    QCOMPARE(banner.addresses, QList<QHostAddress>{loopback});
    QCOMPARE(banner.mismatchFor(QStringLiteral("127.0.0.1"), loopback, ports.at(1), Transport::Tcp), QString());
    QTRY_VERIFY(find(listener.ports(), Transport::Tcp, ports.at(1))->connections == 1);
    QCOMPARE(find(listener.ports(), Transport::Tcp, ports.at(0))->connections, 0);
}

void TestListener::everyAddressByDefault()
{
    const QList<quint16> ports = freePorts(1);
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    listener.start(planFor(ports), 60);
    QTRY_COMPARE(started.count(), 1);
    const auto v4 = connectClients(loopback, ports.at(0), 1, true);
    const auto v6 = connectClients(QHostAddress(QHostAddress::LocalHostIPv6), ports.at(0), 1, true);
    QTRY_COMPARE(bannersIn(v4, ports.at(0)), 1);
    QTRY_COMPARE(bannersIn(v6, ports.at(0)), 1);
    ListenerBanner banner;
    ListenerBanner::match(v4.front()->received, &banner);
    // Bound to any: the banner names the machine's own addresses, so a probe of any of them matches.
    QVERIFY(banner.addresses.contains(loopback));
    QCOMPARE(banner.mismatchFor(QStringLiteral("127.0.0.1"), loopback, ports.at(0), Transport::Tcp), QString());
}

void TestListener::clientBytesAreDiscardedAndTheConnectionClosed()
{
    const QList<quint16> ports = freePorts(1);
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    listener.start(planFor(ports, {}, {loopback}), 60);
    QTRY_COMPARE(started.count(), 1);
    // A TLS or HTTP client speaks first and waits: it gets the banner, never an answer to its bytes, and the
    // listener closes the connection (after more than a few KiB at once, after a few seconds otherwise).
    const auto talkative = connectClients(loopback, ports.at(0), 1, false, QByteArray(64 * 1024, 'x'));
    const auto quiet = connectClients(loopback, ports.at(0), 1, false, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(talkative.front()->closedByPeer, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(quiet.front()->closedByPeer, 10000);
    QCOMPARE(bannersIn(talkative, ports.at(0)), 1);
    QCOMPARE(bannersIn(quiet, ports.at(0)), 1);
    QVERIFY(quiet.front()->received.endsWith("\r\n"));
    QCOMPARE(quiet.front()->received.count('\n'), 1); // the banner and nothing else
}

void TestListener::udpDatagramGetsTheBannerRateLimited()
{
    const QList<quint16> ports = freePorts(1);
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    QSignalSpy changed(&listener, &Listener::portsChanged);
    listener.start(planFor({}, ports, {loopback}), 60);
    QTRY_COMPARE(started.count(), 1);
    QVERIFY(find(listener.ports(), Transport::Udp, ports.at(0))->held);

    QUdpSocket client;
    QVERIFY(client.bind(loopback, 0));
    QList<QByteArray> answers;
    connect(&client, &QUdpSocket::readyRead, &client, [&] {
        while (client.hasPendingDatagrams())
            answers << client.receiveDatagram().data();
    });
    client.writeDatagram(QByteArray("kerberos?"), loopback, ports.at(0));
    QTRY_COMPARE(answers.size(), 1);
    ListenerBanner banner;
    QCOMPARE(ListenerBanner::match(answers.constFirst(), &banner), ListenerBanner::Match::Banner);
    QCOMPARE(banner.transport, Transport::Udp);
    QCOMPARE(banner.port, ports.at(0));

    // A burst from one source: only a few answers a second (the burst may straddle two seconds), so a
    // spoofed source cannot use the listener to reflect traffic.
    for (int i = 0; i < 50; ++i)
        client.writeDatagram(QByteArray("burst"), loopback, ports.at(0));
    QTest::qWait(400);
    QVERIFY2(answers.size() >= 4 && answers.size() <= 8, qPrintable(QString::number(answers.size())));
    QTRY_VERIFY(!changed.isEmpty());
    QTRY_COMPARE(find(listener.ports(), Transport::Udp, ports.at(0))->connections, int(answers.size()));

    // Another listener's banner is never answered (two listeners would echo each other forever); from
    // another source address, so that the rate limit is not what keeps it silent.
    QUdpSocket other;
    QVERIFY(other.bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    int otherAnswers = 0;
    connect(&other, &QUdpSocket::readyRead, &other, [&] {
        while (other.hasPendingDatagrams())
            otherAnswers += other.receiveDatagram().isValid() ? 1 : 0;
    });
    other.writeDatagram(answers.constFirst(), loopback, ports.at(0));
    QTest::qWait(300);
    QCOMPARE(otherAnswers, 0);
    other.writeDatagram(QByteArray("hello"), loopback, ports.at(0));
    QTRY_COMPARE(otherAnswers, 1);
}

void TestListener::portInUseIsSkippedAndNamed()
{
    const QList<quint16> ports = freePorts(3);
    QTcpServer other;
    QVERIFY(other.listen(QHostAddress::Any, ports.at(0)));
    QUdpSocket otherUdp;
    QVERIFY(otherUdp.bind(QHostAddress::Any, ports.at(2), QAbstractSocket::DontShareAddress));

    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    listener.start(planFor({ports.at(0), ports.at(1)}, {ports.at(2)}), 60);
    QTRY_COMPARE(started.count(), 1);
    const QList<ListenPort> result = listener.ports();
    const ListenPort *taken = find(result, Transport::Tcp, ports.at(0));
    QVERIFY(!taken->held);
    // The OS names the holder: this test process.
    const QString self = QStringLiteral("(pid %1)").arg(QCoreApplication::applicationPid());
    QVERIFY2(taken->problem.startsWith(QStringLiteral("in use by")) && taken->problem.contains(self),
             qPrintable(taken->problem));
    QVERIFY(find(result, Transport::Tcp, ports.at(1))->held);
    QVERIFY(find(result, Transport::Tcp, ports.at(1))->problem.isEmpty());
    const ListenPort *udp = find(result, Transport::Udp, ports.at(2));
    QVERIFY(!udp->held);
    QVERIFY2(udp->problem.startsWith(QStringLiteral("in use")), qPrintable(udp->problem));

    // The other program keeps its port: its clients still reach it, not the listener.
    QTcpSocket client;
    client.connectToHost(loopback, ports.at(0));
    QTRY_VERIFY(other.hasPendingConnections());
    QVERIFY(listener.isRunning());
}

void TestListener::thousandConnectionsKeepMemoryAndDescriptorsFlat()
{
#ifndef Q_OS_LINUX
    TOPOCHECK_UNSUPPORTED("counts descriptors in /proc/self/fd");
#else
    const QList<quint16> ports = freePorts(1);
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    listener.start(planFor(ports, {}, {loopback}), 300);
    QTRY_COMPARE(started.count(), 1);
    const quint16 port = ports.at(0);

    // 1,000 connections: 300 clients at once that never close (more than the 256 the listener keeps open:
    // every one still gets the banner, the oldest are closed at once to make room, and the listener closes
    // the rest itself after their read window), then 700 in waves of 100 that close once they have the banner.
    auto thousand = [port] {
        {
            const auto idle = connectClients(loopback, port, 300, false);
            QTRY_COMPARE_WITH_TIMEOUT(bannersIn(idle, port), 300, 10000);
            auto closed = [&idle] {
                return std::count_if(idle.cbegin(), idle.cend(), [](const auto &c) { return c->closedByPeer; });
            };
            QTRY_VERIFY_WITH_TIMEOUT(closed() >= 300 - 256, 2000);
            QTRY_VERIFY_WITH_TIMEOUT(
                std::all_of(idle.cbegin(), idle.cend(), [](const auto &c) { return c->closedByPeer; }), 15000);
        }
        for (int wave = 0; wave < 7; ++wave) {
            const auto clients = connectClients(loopback, port, 100, true);
            QTRY_COMPARE_WITH_TIMEOUT(bannersIn(clients, port), 100, 10000);
        }
    };
    // The first thousand sets the allocators' high-water mark (this process is the clients too); a
    // listener that kept anything per connection would grow again over the second thousand.
    const int descriptorsAtStart = openDescriptors();
    thousand();
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(listener.ports().constFirst().connections, 1000, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), descriptorsAtStart, 10000);
    const qint64 rssBefore = residentKiB();
    const qint64 heapBefore = heapInUseKiB();
    thousand();
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(listener.ports().constFirst().connections, 2000, 5000);
    // The listener's side of every closed connection is gone too.
    QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), descriptorsAtStart, 10000);
    const qint64 rssAfter = residentKiB();
    const qint64 heapAfter = heapInUseKiB();
    qInfo("2 x 1,000 connections: descriptors %d before and after; after the first and the second thousand: "
          "heap in use %lld / %lld KiB, resident %lld / %lld KiB",
          descriptorsAtStart, heapBefore, heapAfter, rssBefore, rssAfter);
    // A listener keeping a socket object per connection would grow by megabytes here.
    QVERIFY2(heapAfter - heapBefore < 256,
             qPrintable(QStringLiteral("heap grew by %1 KiB").arg(heapAfter - heapBefore)));
    // The resident size only catches gross growth: the allocator keeps freed pages at will.
    QVERIFY2(rssAfter - rssBefore < 16 * 1024, qPrintable(QStringLiteral("grew by %1 KiB").arg(rssAfter - rssBefore)));
#endif
}

void TestListener::stopLeavesNoSocketBound()
{
    const QList<quint16> ports = freePorts(4);
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    QSignalSpy stopped(&listener, &Listener::stopped);
    listener.start(planFor({ports.at(0), ports.at(1), ports.at(2)}, {ports.at(3)}), 60);
    QTRY_COMPARE(started.count(), 1);
    QVERIFY(!tcpFree(QHostAddress::Any, ports.at(0)));
    QVERIFY(!udpFree(QHostAddress::Any, ports.at(3)));
    // A connection in its read window when the stop comes.
    const auto clients = connectClients(loopback, ports.at(1), 1, false);
    QTRY_COMPARE(bannersIn(clients, ports.at(1)), 1);

    listener.stop();
    QVERIFY(!listener.isRunning());
    QCOMPARE(stopped.count(), 1);
    QCOMPARE(listener.remainingMs(), -1);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(tcpFree(QHostAddress::Any, ports.at(i)), qPrintable(QString::number(ports.at(i))));
    QVERIFY(udpFree(QHostAddress::Any, ports.at(3)));
    QTRY_VERIFY(clients.front()->closedByPeer);
    listener.stop(); // a second stop is harmless and says nothing
    QCOMPARE(stopped.count(), 1);

    // And it starts again on the same ports.
    listener.start(planFor({ports.at(0)}), 60);
    QTRY_COMPARE(started.count(), 2);
    QVERIFY(find(listener.ports(), Transport::Tcp, ports.at(0))->held);
}

void TestListener::destructionLeavesNoSocketBound()
{
    const QList<quint16> ports = freePorts(2);
    auto listener = std::make_unique<Listener>();
    QSignalSpy started(listener.get(), &Listener::started);
    listener->start(planFor({ports.at(0)}, {ports.at(1)}), 60);
    QTRY_COMPARE(started.count(), 1);
    QVERIFY(!tcpFree(QHostAddress::Any, ports.at(0)));
    listener.reset();
    QVERIFY(tcpFree(QHostAddress::Any, ports.at(0)));
    QVERIFY(udpFree(QHostAddress::Any, ports.at(1)));
}

void TestListener::durationIsHonoured()
{
    const QList<quint16> ports = freePorts(1);
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    QSignalSpy stopped(&listener, &Listener::stopped);
    listener.start(planFor(ports), 1);
    QTRY_COMPARE(started.count(), 1);
    QVERIFY(listener.remainingMs() <= 1000);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 5000);
    QVERIFY2(stopped.constFirst().constFirst().toString().contains(QLatin1String("listening time of 1 s ended")),
             qPrintable(stopped.constFirst().constFirst().toString()));
    QVERIFY(!listener.isRunning());
    QVERIFY(tcpFree(QHostAddress::Any, ports.at(0)));
}

void TestListener::nothingHeldStops()
{
    const QList<quint16> ports = freePorts(1);
    QTcpServer other;
    QVERIFY(other.listen(QHostAddress::Any, ports.at(0)));
    Listener listener;
    QSignalSpy started(&listener, &Listener::started);
    QSignalSpy stopped(&listener, &Listener::stopped);
    listener.start(planFor(ports), 60);
    QTRY_COMPARE(stopped.count(), 1);
    QCOMPARE(started.count(), 1);
    QVERIFY(!listener.isRunning());
    QCOMPARE(stopped.constFirst().constFirst().toString(), QStringLiteral("no port could be held"));
}

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
