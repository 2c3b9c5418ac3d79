#include "socketplatform.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <windows.h>

#include <cstring>
#include <vector>

namespace SocketPlatform {

namespace {
QString failureOf(int error)
{
    switch (error) {
    case 0: return {};
    case WSAEWOULDBLOCK:
    case WSAEINPROGRESS:
    case WSAEALREADY: return QStringLiteral("in-progress");
    case WSAECONNREFUSED: return QStringLiteral("conn-refused");
    case WSAEHOSTUNREACH: return QStringLiteral("host-unreachable");
    case WSAENETUNREACH: return QStringLiteral("net-unreachable");
    // Windows retries a refused SYN and then reports a timeout; a dropped one ends here too
    case WSAETIMEDOUT: return QStringLiteral("in-progress");
    default: return QStringLiteral("socket-error: %1").arg(error);
    }
}
} // namespace

qintptr startConnect(const QHostAddress &address, quint16 port, QString *failure)
{
    sockaddr_storage storage{};
    int length = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *sa = reinterpret_cast<sockaddr_in6 *>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        const Q_IPV6ADDR ip = address.toIPv6Address();
        std::memcpy(&sa->sin6_addr, &ip, sizeof ip);
        sa->sin6_scope_id = address.scopeId().toULong();
        length = sizeof(sockaddr_in6);
    } else {
        auto *sa = reinterpret_cast<sockaddr_in *>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        sa->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    const SOCKET s = ::WSASocketW(storage.ss_family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                                  WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET) {
        *failure = failureOf(::WSAGetLastError());
        return -1;
    }
    u_long nonBlocking = 1;
    ::ioctlsocket(s, FIONBIO, &nonBlocking);
    if (::connect(s, reinterpret_cast<const sockaddr *>(&storage), length) == 0 || ::WSAGetLastError() == WSAEWOULDBLOCK)
        return qintptr(s);
    *failure = failureOf(::WSAGetLastError());
    ::closesocket(s);
    return -1;
}

QString connectFailure(qintptr descriptor)
{
    int error = 0;
    int len = sizeof error;
    if (::getsockopt(SOCKET(descriptor), SOL_SOCKET, SO_ERROR, reinterpret_cast<char *>(&error), &len) != 0)
        return failureOf(::WSAGetLastError());
    if (error != 0)
        return failureOf(error);
    sockaddr_storage peer{};
    int peerLen = sizeof peer;
    return ::getpeername(SOCKET(descriptor), reinterpret_cast<sockaddr *>(&peer), &peerLen) == 0
        ? QString()
        : QStringLiteral("in-progress");
}

void closeAbortively(qintptr descriptor)
{
    if (descriptor < 0)
        return;
    linger l{1, 0};
    ::setsockopt(SOCKET(descriptor), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&l), sizeof l);
    ::closesocket(SOCKET(descriptor));
}

void raiseDescriptorLimit(int) {}

namespace {
QString processName(DWORD pid)
{
    HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!process)
        return {};
    wchar_t path[MAX_PATH];
    DWORD size = MAX_PATH;
    QString name;
    if (::QueryFullProcessImageNameW(process, 0, path, &size))
        name = QString::fromWCharArray(path, int(size)).section(QLatin1Char('\\'), -1);
    ::CloseHandle(process);
    return name;
}

template<typename Table, typename Row>
DWORD ownerOf(ULONG family, quint16 port)
{
    DWORD size = 0;
    ::GetExtendedTcpTable(nullptr, &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
    std::vector<char> buffer(size);
    if (::GetExtendedTcpTable(buffer.data(), &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0) != NO_ERROR)
        return 0;
    const auto *table = reinterpret_cast<const Table *>(buffer.data());
    for (DWORD i = 0; i < table->dwNumEntries; ++i) {
        const Row &row = table->table[i];
        if (ntohs(u_short(row.dwLocalPort)) == port)
            return row.dwOwningPid;
    }
    return 0;
}
} // namespace

QString tcpListener(quint16 port)
{
    DWORD pid = ownerOf<MIB_TCPTABLE_OWNER_PID, MIB_TCPROW_OWNER_PID>(AF_INET, port);
    if (!pid)
        pid = ownerOf<MIB_TCP6TABLE_OWNER_PID, MIB_TCP6ROW_OWNER_PID>(AF_INET6, port);
    if (!pid)
        return {};
    const QString name = processName(pid);
    return QStringLiteral("%1 (pid %2)").arg(name.isEmpty() ? QStringLiteral("?") : name).arg(pid);
}

} // namespace SocketPlatform
