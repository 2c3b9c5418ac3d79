#include "probe.h"

#include "listenerreply.h"
#include "socketplatform.h"
#include "transportadvice.h"

#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QNetworkProxy>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QThread>
#include <QUdpSocket>

#include <cmath>
#include <utility>

namespace {
constexpr qint64 maxDatagram = 65535;

double elapsedMs(const QElapsedTimer &clock)
{
    return std::round(double(clock.nsecsElapsed()) / 100000.0) / 10.0;
}
} // namespace

Probe::Probe(const Check &check, const CheckContext &context, const QList<QHostAddress> &addresses, QObject *parent)
    : QObject(parent)
    , m_check(check)
    , m_context(context)
    , m_addresses(addresses)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Probe::onTimeout);
}

Probe::~Probe()
{
    if (m_phase == Phase::Exchanging && m_protocol)
        m_protocol->abort();
    closeDescriptor();
}

void Probe::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    Q_ASSERT(!m_addresses.isEmpty());
    m_protocol = ProtocolCheck::forFlow(m_check.protocol, m_check.transport, m_check.via);
    m_timer.start(m_context.timeoutMs);
    if (m_check.transport == Transport::Udp)
        startUdp();
    else
        connectTcp();
}

// A link-local IPv6 address is reached through one interface of this machine, which its zone names
// ("fe80::1%eth0"); without one, or with one this machine lacks, no packet could leave.
bool Probe::refuseUnusableZone(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol || !address.isLinkLocal())
        return false;
    const QString zone = address.scopeId();
    if (!zone.isEmpty() && SocketPlatform::interfaceIndex(zone) != 0)
        return false;
    QStringList interfaces;
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces())
        if (i.flags().testFlag(QNetworkInterface::IsUp) && !i.flags().testFlag(QNetworkInterface::IsLoopBack))
            interfaces << i.name();
    const QString problem = zone.isEmpty()
        ? tr("%1 is a link-local address and names no interface to reach it through").arg(address.toString())
        : tr("this machine has no network interface \"%1\" (the zone of %2)").arg(zone, address.toString());
    m_check.advice = tr("Write the link-local address with the interface of this machine on its link, as in %1 "
                        "(Linux) or %2 (Windows); this machine's interfaces: %3.")
                         .arg(QStringLiteral("fe80::1%eth0"), QStringLiteral("fe80::1%12"),
                              interfaces.isEmpty() ? tr("none up") : interfaces.join(QLatin1String(", ")));
    const QString reason = zone.isEmpty() ? QStringLiteral("zone-missing") : QStringLiteral("zone-unknown");
    // reported from the event loop, never from inside start()
    QMetaObject::invokeMethod(this, [this, reason, problem] { finish(CheckState::Error, reason, problem); },
                              Qt::QueuedConnection);
    return true;
}

void Probe::connectTcp()
{
    const QHostAddress address = m_addresses.at(m_addressIndex);
    if (m_check.via.isEmpty())
        m_check.address = address.toString();
    m_context.address = address;
    if (refuseUnusableZone(address))
        return;
    m_phase = Phase::Connecting;
    m_check.sourceAddress.clear();
    const quint16 port = m_check.via.isEmpty() ? m_check.port : quint16(m_context.proxy.port(3128));
    m_clock.start();
    QString failure;
    m_descriptor = SocketPlatform::startConnect(address, port, &failure);
    if (m_descriptor < 0) {
        // reported from the event loop, never from inside start()
        QMetaObject::invokeMethod(this, [this, failure] { onConnectFailed(failure); }, Qt::QueuedConnection);
        return;
    }
    // the source address is chosen by the route at connect(); recorded now, in case the
    // destination never answers (a rule to add names it)
    m_check.sourceAddress = SocketPlatform::localAddress(m_descriptor);
    m_notifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Write, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &Probe::onWritable);
#ifdef Q_OS_WIN
    // Windows signals a failed connect as an exception, not as writability
    auto *failed = new QSocketNotifier(m_descriptor, QSocketNotifier::Exception, m_notifier);
    connect(failed, &QSocketNotifier::activated, this, &Probe::onWritable);
#endif
}

void Probe::onWritable()
{
    if (m_phase != Phase::Connecting)
        return;
    const QString failure = SocketPlatform::connectFailure(m_descriptor);
    if (failure == QLatin1String("in-progress"))
        return;
    // Winsock names the local address only once the connect is over; a refused socket may have lost it
    const QString local = SocketPlatform::localAddress(m_descriptor);
    if (!local.isEmpty())
        m_check.sourceAddress = local;
    // a reset right after the handshake: connected all the same (a SYN proxy completed it); the check
    // finds the connection closed
    if (failure.isEmpty() || failure == QLatin1String("conn-reset"))
        onTcpConnected();
    else
        onConnectFailed(failure);
}

void Probe::closeDescriptor()
{
    delete std::exchange(m_notifier, nullptr);
    SocketPlatform::closeAbortively(std::exchange(m_descriptor, -1));
}

void Probe::onConnectFailed(const QString &failure)
{
    if (m_phase != Phase::Connecting)
        return;
    closeDescriptor();
    const bool refused = failure == QLatin1String("conn-refused");
    const bool unreachable = failure.endsWith(QLatin1String("-unreachable")) || failure == QLatin1String("admin-prohibited");
    if ((refused || unreachable) && m_addressIndex + 1 < m_addresses.size()) {
        ++m_addressIndex;
        connectTcp();
        return;
    }
    if (refused)
        finish(CheckState::Closed, failure);
    else if (unreachable)
        finish(CheckState::Filtered, failure);
    else
        finish(CheckState::Error, QStringLiteral("socket-error"), failure.section(QLatin1String(": "), 1));
}

void Probe::onTcpConnected()
{
    m_check.latencyMs = elapsedMs(m_clock);
    m_check.state = CheckState::Open;
    m_check.reason = QStringLiteral("syn-ack");
    delete std::exchange(m_notifier, nullptr);
    if (!m_protocol) {
        if (!m_check.via.isEmpty())
            m_check.detail = tr("the proxy accepted the connection; nothing was checked through it");
        finish(CheckState::Open, QStringLiteral("syn-ack"), m_check.detail);
        return;
    }
    QTcpSocket *socket = m_protocol->createSocket();
    socket->setProxy(QNetworkProxy::NoProxy); // a proxy is ours to go through (via == "proxy"), never Qt's
    if (!socket->setSocketDescriptor(std::exchange(m_descriptor, -1))) {
        finish(CheckState::Error, QStringLiteral("socket-error"), socket->errorString());
        return;
    }
    m_phase = Phase::Exchanging;
    connect(m_protocol.get(), &ProtocolCheck::finished, this, &Probe::onServiceFinished);
    connect(m_protocol.get(), &ProtocolCheck::nudgeWanted, this, [this](int ms) {
        const bool inTime = m_exchangeClock.isValid() && m_exchangeClock.elapsed() + ms < m_context.timeoutMs;
        if (m_phase == Phase::Exchanging && inTime) {
            m_nudgePending = true;
            m_timer.start(ms);
        }
    });
    m_context.connectMs = m_check.latencyMs;
    m_protocol->start(socket, m_context);
    if (m_phase == Phase::Exchanging)
        armExchangeTimer();
}

void Probe::armExchangeTimer()
{
    m_exchangeClock.start();
    const int nudgeAt = m_protocol->nudgeAfterMs();
    m_nudgePending = nudgeAt >= 0 && nudgeAt < m_context.timeoutMs;
    m_timer.start(m_nudgePending ? nudgeAt : m_context.timeoutMs);
}

void Probe::startUdp()
{
    const QHostAddress address = m_addresses.at(m_addressIndex);
    m_check.address = address.toString();
    m_context.address = address;
    if (refuseUnusableZone(address))
        return;
    m_udp = new QUdpSocket(this);
    m_udp->setProxy(QNetworkProxy::NoProxy);
    connect(m_udp, &QIODevice::readyRead, this, &Probe::onUdpReadyRead);
    connect(m_udp, &QAbstractSocket::errorOccurred, this, &Probe::onUdpError);
    m_phase = Phase::Exchanging;
    m_clock.start();
    // A connected UDP socket: the kernel hands us the ICMP port unreachable as ECONNREFUSED.
    m_udp->connectToHost(address, m_check.port);
    if (m_phase != Phase::Exchanging)
        return;
    m_check.sourceAddress = SocketPlatform::localAddress(m_udp->socketDescriptor());
    const QByteArray request = m_protocol ? m_protocol->udpRequest(m_context) : QByteArray();
    // An empty datagram is still a datagram: enough to draw a port unreachable from a closed port.
    const qint64 sent = request.isEmpty() ? m_udp->write("", 0) : m_udp->write(request);
    if (sent < 0 && m_phase == Phase::Exchanging)
        onUdpError(m_udp->error());
}

void Probe::onUdpReadyRead()
{
    if (m_phase != Phase::Exchanging)
        return;
    // Straight to recvmsg(): a peek (hasPendingDatagrams) would swallow the pending ECONNREFUSED
    // that a connected UDP socket gets from an ICMP port unreachable.
    const QNetworkDatagram datagram = m_udp->receiveDatagram(maxDatagram);
    if (m_phase != Phase::Exchanging) // receiveDatagram() reported an error through onUdpError
        return;
    if (!datagram.isValid()) {
        if (m_udp->error() == QAbstractSocket::ConnectionRefusedError)
            onUdpError(QAbstractSocket::ConnectionRefusedError);
        return;
    }
    m_check.latencyMs = elapsedMs(m_clock);
    m_check.state = CheckState::Open;
    m_check.reason = QStringLiteral("udp-response");
    // a Topocheck listener answers every datagram with its banner, whatever the protocol asked
    if (const std::optional<ServiceOutcome> listener = ListenerReply::fromDatagram(datagram.data(), m_context))
        onServiceFinished(*listener);
    else if (m_protocol)
        onServiceFinished(m_protocol->udpReply(datagram.data(), m_context));
    else
        finish(CheckState::Open, QStringLiteral("udp-response"),
               tr("%n byte(s) answered", nullptr, int(datagram.data().size())));
}

void Probe::onUdpError(QAbstractSocket::SocketError error)
{
    if (m_phase != Phase::Exchanging)
        return;
    if (error == QAbstractSocket::ConnectionRefusedError)
        finish(CheckState::Closed, QStringLiteral("port-unreachable"));
    else if (error == QAbstractSocket::NetworkError)
        finish(CheckState::Filtered,
               m_udp->errorString().contains(QLatin1String("Network unreachable")) ? QStringLiteral("net-unreachable")
                                                                                   : QStringLiteral("host-unreachable"),
               m_udp->errorString());
    else
        finish(CheckState::Error, QStringLiteral("socket-error"), m_udp->errorString());
}

void Probe::onTimeout()
{
    if (m_phase == Phase::Connecting) {
        // an error the OS holds but never signalled still beats "no response"
        const QString failure = m_descriptor >= 0 ? SocketPlatform::connectFailure(m_descriptor) : QString();
        if (failure.isEmpty() || failure == QLatin1String("in-progress")) {
            closeDescriptor();
            finish(CheckState::Filtered, QStringLiteral("no-response"));
        } else {
            m_addressIndex = int(m_addresses.size()); // no time left for another address
            onConnectFailed(failure);
        }
    } else if (m_phase == Phase::Exchanging && m_check.transport == Transport::Udp) {
        finish(CheckState::OpenFiltered, QStringLiteral("no-response"));
    } else if (m_phase == Phase::Exchanging && m_nudgePending) {
        m_nudgePending = false;
        m_timer.start(int(qMax<qint64>(0, m_context.timeoutMs - m_exchangeClock.elapsed())));
        m_protocol->nudge();
    } else if (m_phase == Phase::Exchanging) {
        // the check says what it was waiting for (and what TLS showed) before it is stopped
        const ServiceOutcome timedOut = m_protocol->timedOut();
        m_protocol->abort();
        onServiceFinished(timedOut);
    }
}

void Probe::onServiceFinished(const ServiceOutcome &outcome)
{
    if (m_phase != Phase::Exchanging)
        return;
    m_check.service = outcome.service;
    m_check.detail = outcome.detail;
    m_check.advice = outcome.advice;
    m_check.softFinding = outcome.softFinding;
    m_check.tls = outcome.tls;
    if (!outcome.reason.isEmpty())
        m_check.reason = outcome.reason;
    finish(m_check.state, m_check.reason, m_check.detail);
}

void Probe::finish(CheckState state, const QString &reason, const QString &detail)
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_timer.stop();
    closeDescriptor();
    m_check.state = state;
    m_check.reason = reason;
    m_check.detail = detail;
    if (m_udp)
        m_udp->abort();
    m_check.decide();
    m_check.applyListenerRules(m_context.expectListener);
    if (m_check.advice.isEmpty() || m_check.verdict == Verdict::Pass)
        m_check.advice = TransportAdvice::forCheck(m_check, m_context.timeoutMs);
    Q_EMIT finished(this);
}
