#include "listenerworker.h"

#include "listenerbanner.h"
#include "socketplatform.h"

#include <QHostInfo>
#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUdpSocket>

#include <algorithm>
#include <chrono>
#include <memory>

namespace {

// What a client may cost the listener: it reads at most this much of what a client sends, for at most
// this long, and keeps at most this many connections at once (a new one closes the one open longest),
// so memory and descriptors stay flat however many clients come.
constexpr qint64 maxDiscardBytes = 4 * 1024;
constexpr int readWindowMs = 3000;
constexpr int maxOpenConnections = 256;
// UDP answers per second: per source address and port held, and in all (a spoofed source cannot turn
// the listener into a reflector of any weight).
constexpr int udpAnswersPerSource = 4;
constexpr int udpAnswersTotal = 200;
constexpr qsizetype maxTrackedSources = 4096;
constexpr qint64 maxDatagramBytes = 2048;
constexpr int countsIntervalMs = 250;

struct Identity
{
    QString hostName;
    QStringList names;
    QList<QHostAddress> addresses;
};

Identity thisMachine(const QList<QHostAddress> &bound)
{
    Identity id;
    const QString host = QHostInfo::localHostName();
    const QString domain = QHostInfo::localDomainName();
    id.hostName = host.contains(QLatin1Char('.')) || domain.isEmpty() ? host : host + QLatin1Char('.') + domain;
    id.names << id.hostName;
    const QString shortName = host.section(QLatin1Char('.'), 0, 0);
    if (!shortName.isEmpty() && !id.names.contains(shortName))
        id.names << shortName;
    QList<QHostAddress> addresses = bound;
    if (addresses.isEmpty())
        addresses = QNetworkInterface::allAddresses();
    // The banner holds what fits in one line: the addresses other machines use first.
    auto rank = [](const QHostAddress &a) {
        if (a.isLoopback())
            return 3;
        if (a.isLinkLocal())
            return 2;
        return a.protocol() == QAbstractSocket::IPv4Protocol ? 0 : 1;
    };
    std::stable_sort(addresses.begin(), addresses.end(),
                     [&](const QHostAddress &a, const QHostAddress &b) { return rank(a) < rank(b); });
    id.addresses = addresses;
    return id;
}

} // namespace

void ListenerWorker::bindAll()
{
    Q_ASSERT(QThread::currentThread() == thread());
    const QList<QHostAddress> addresses =
        m_plan.addresses.isEmpty() ? QList<QHostAddress>{QHostAddress(QHostAddress::Any)} : m_plan.addresses;
    SocketPlatform::raiseDescriptorLimit(int(m_plan.ports.size() * addresses.size()) + maxOpenConnections + 64);
    const Identity self = thisMachine(m_plan.addresses);
    m_clock.start();
    for (int i = 0; i < m_plan.ports.size(); ++i) {
        ListenPort &port = m_plan.ports[i];
        ListenerBanner banner;
        banner.transport = port.transport;
        banner.port = port.port;
        banner.role = m_plan.role;
        banner.hostName = self.hostName;
        banner.names = self.names;
        banner.addresses = self.addresses;
        m_banners << banner.encode();
        port.held = false;
        port.problem.clear();
        port.connections = 0;
        for (const QHostAddress &address : addresses) {
            if (port.transport == Transport::Tcp)
                bindTcp(i, address);
            else
                bindUdp(i, address);
        }
    }
    m_countsTimer = new QTimer(this);
    m_countsTimer->setInterval(countsIntervalMs);
    connect(m_countsTimer, &QTimer::timeout, this, [this] {
        if (!m_countsDirty)
            return;
        m_countsDirty = false;
        Q_EMIT counts(m_plan.ports);
    });
    m_countsTimer->start();
    if (m_durationS > 0) {
        m_durationTimer = new QTimer(this);
        m_durationTimer->setSingleShot(true);
        connect(m_durationTimer, &QTimer::timeout, this,
                [this] { Q_EMIT expired(tr("the listening time of %1 s ended").arg(m_durationS)); });
        m_durationTimer->start(std::chrono::seconds(m_durationS));
    }
    Q_EMIT bound(m_plan.ports);
}

void ListenerWorker::closeAll()
{
    Q_ASSERT(QThread::currentThread() == thread());
    // Deleting a server deletes the connections it accepted (its children): nothing stays bound.
    qDeleteAll(m_sockets);
    m_sockets.clear();
    delete m_countsTimer;
    m_countsTimer = nullptr;
    delete m_durationTimer;
    m_durationTimer = nullptr;
    m_openSockets.clear();
}

void ListenerWorker::noteProblem(int index, const QHostAddress &address, const QString &problem)
{
    ListenPort &port = m_plan.ports[index];
    const QString text = m_plan.addresses.isEmpty() ? problem : tr("%1: %2").arg(address.toString(), problem);
    port.problem = port.problem.isEmpty() ? text : port.problem + QStringLiteral("; ") + text;
}

void ListenerWorker::bindTcp(int index, const QHostAddress &address)
{
    const quint16 number = m_plan.ports.at(index).port;
    auto *server = new QTcpServer(this);
    // A checker probes with hundreds of connections in flight: a burst must not overflow the accept queue.
    server->setListenBacklogSize(maxOpenConnections);
    server->setMaxPendingConnections(maxOpenConnections);
    if (!server->listen(address, number)) {
        QString problem;
        if (server->serverError() == QAbstractSocket::AddressInUseError) {
            const QString owner = SocketPlatform::tcpListener(number);
            problem = owner.isEmpty() ? tr("in use by another program (the OS does not say which)")
                                      : tr("in use by %1").arg(owner);
        } else if (server->serverError() == QAbstractSocket::SocketAccessError) {
            problem = tr("not allowed to listen (%1): ports below 1024 need administrator rights "
                         "(on Linux root or CAP_NET_BIND_SERVICE)")
                          .arg(server->errorString());
        } else {
            problem = tr("could not listen: %1").arg(server->errorString());
        }
        noteProblem(index, address, problem);
        delete server;
        return;
    }
    m_plan.ports[index].held = true;
    m_sockets << server;
    connect(server, &QTcpServer::newConnection, this, [this, server, index] {
        while (server->hasPendingConnections())
            accept(server->nextPendingConnection(), index);
    });
}

void ListenerWorker::bindUdp(int index, const QHostAddress &address)
{
    const quint16 number = m_plan.ports.at(index).port;
    auto *socket = new QUdpSocket(this);
    // DontShareAddress: never share a port with a program that already uses it.
    if (!socket->bind(address, number, QAbstractSocket::DontShareAddress)) {
        QString problem;
        if (socket->error() == QAbstractSocket::AddressInUseError)
            problem = tr("in use by another program");
        else if (socket->error() == QAbstractSocket::SocketAccessError)
            problem = tr("not allowed to listen (%1): ports below 1024 need administrator rights "
                         "(on Linux root or CAP_NET_BIND_SERVICE)")
                          .arg(socket->errorString());
        else
            problem = tr("could not listen: %1").arg(socket->errorString());
        noteProblem(index, address, problem);
        delete socket;
        return;
    }
    m_plan.ports[index].held = true;
    m_sockets << socket;
    connect(socket, &QUdpSocket::readyRead, this, [this, socket, index] { answer(socket, index); });
}

void ListenerWorker::accept(QTcpSocket *socket, int index)
{
    ++m_plan.ports[index].connections;
    countChanged();
    socket->write(m_banners.at(index));
    socket->flush();
    if (m_openSockets.size() >= maxOpenConnections) {
        // Full: the connection open longest has had its banner the longest; it makes room.
        QTcpSocket *oldest = m_openSockets.takeFirst();
        oldest->disconnect(this);
        oldest->disconnectFromHost();
        oldest->deleteLater();
    }
    m_openSockets << socket;
    auto bytesRead = std::make_shared<qint64>(0);
    connect(socket, &QTcpSocket::readyRead, socket, [socket, bytesRead] {
        // The client's bytes are never interpreted: read and dropped, up to a bound.
        *bytesRead += socket->skip(socket->bytesAvailable());
        if (*bytesRead > maxDiscardBytes)
            socket->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_openSockets.removeOne(socket);
        socket->deleteLater();
    });
    QTimer::singleShot(readWindowMs, socket, [socket] { socket->disconnectFromHost(); });
}

bool ListenerWorker::udpAllowed(const QHostAddress &source, quint16 localPort)
{
    const qint64 now = m_clock.elapsed();
    auto allowed = [now](SourceWindow &w, int limit) {
        if (now - w.startMs >= 1000) {
            w.startMs = now;
            w.answers = 0;
        }
        return w.answers < limit;
    };
    if (!allowed(m_allSources, udpAnswersTotal))
        return false;
    if (m_sources.size() >= maxTrackedSources)
        m_sources.removeIf([now](const auto &it) { return now - it.value().startMs >= 1000; });
    if (m_sources.size() >= maxTrackedSources)
        return false;
    SourceWindow &w = m_sources[{source, localPort}];
    if (!allowed(w, udpAnswersPerSource))
        return false;
    ++w.answers;
    ++m_allSources.answers;
    return true;
}

void ListenerWorker::answer(QUdpSocket *socket, int index)
{
    while (socket->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = socket->receiveDatagram(maxDatagramBytes);
        // Never answer another listener's banner (two listeners would echo each other forever), nor a
        // well-known port (an echo or chargen service would do the same).
        if (!datagram.isValid() || datagram.senderPort() < 1024 ||
            ListenerBanner::match(datagram.data()) != ListenerBanner::Match::NotBanner)
            continue;
        if (!udpAllowed(datagram.senderAddress(), m_plan.ports.at(index).port))
            continue;
        socket->writeDatagram(datagram.makeReply(m_banners.at(index)));
        ++m_plan.ports[index].connections;
        countChanged();
    }
}

void ListenerWorker::countChanged()
{
    m_countsDirty = true;
}
