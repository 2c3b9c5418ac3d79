#include "socketplatform.h"

#include "ossocket.h"
#include "profile.h"

#include <QNetworkInterface>
#include <QtEndian>

#include <cstring>

#ifdef Q_OS_WIN
// Without SIO_TCP_INITIAL_RTO (ossocket_windows.cpp) Windows reports a refused port only after
// about 2 s of SYN retries; the default timeout must outlast them, or closed ports read as filtered.
static_assert(ProfileOptions::defaultTimeoutMs >= 2500,
              "on Windows the default timeout must outlast the SYN retries after a reset (about 2 s)");
#endif

namespace SocketPlatform {

namespace {
OsSocket::Address toOs(const QHostAddress &address)
{
    OsSocket::Address os;
    bool isIPv4 = false;
    // an IPv4-mapped IPv6 address is connected as IPv4: Windows sockets are IPv6-only by default
    const quint32 ipv4 = address.toIPv4Address(&isIPv4);
    if (isIPv4) {
        const quint32 big = qToBigEndian(ipv4);
        std::memcpy(os.bytes.data(), &big, 4);
        return os;
    }
    os.family = OsSocket::Address::Family::IPv6;
    const Q_IPV6ADDR ip = address.toIPv6Address();
    std::memcpy(os.bytes.data(), ip.c, 16);
    const QString scope = address.scopeId();
    if (!scope.isEmpty())
        os.scopeId = interfaceIndex(scope);
    return os;
}
} // namespace

uint interfaceIndex(const QString &zone)
{
    bool numeric = false;
    const uint index = zone.toUInt(&numeric);
    if (numeric)
        return QNetworkInterface::interfaceFromIndex(int(index)).isValid() ? index : 0;
    if (const int byName = QNetworkInterface::interfaceIndexFromName(zone); byName > 0)
        return uint(byName);
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &i : interfaces)
        if (i.humanReadableName().compare(zone, Qt::CaseInsensitive) == 0)
            return uint(i.index());
    return 0;
}

qintptr startConnect(const QHostAddress &address, quint16 port, QString *failure)
{
    std::string why;
    const std::intptr_t descriptor = OsSocket::startConnect(toOs(address), port, &why);
    if (descriptor < 0)
        *failure = QString::fromStdString(why);
    return qintptr(descriptor);
}

QString connectFailure(qintptr descriptor)
{
    return QString::fromStdString(OsSocket::connectFailure(std::intptr_t(descriptor)));
}

QString localAddress(qintptr descriptor)
{
    const std::string local = OsSocket::localAddress(std::intptr_t(descriptor));
    if (local.empty())
        return {};
    // written as the probe writes the destination's address (QHostAddress::toString)
    const QHostAddress address(QString::fromStdString(local));
    return address.isNull() ? QString::fromStdString(local) : address.toString();
}

void closeAbortively(qintptr descriptor)
{
    OsSocket::closeAbortively(std::intptr_t(descriptor));
}

void raiseDescriptorLimit(int needed)
{
    OsSocket::raiseDescriptorLimit(needed);
}

QString tcpListener(quint16 port)
{
    return QString::fromStdString(OsSocket::tcpListener(port));
}

} // namespace SocketPlatform
