// Windows: Winsock connect and its errors, and who listens on a port (GetExtendedTcpTable).
//
// Why the connect is tuned: Windows answers a reset to its SYN by sending the SYN again, about
// every 500 ms for its whole SYN-retransmission budget, and reports WSAECONNREFUSED only after
// that (about 2 s; KB175523, nmap issue #2113), so with a shorter timeout a closed port looks
// filtered. What Windows offers:
//   - SIO_TCP_INITIAL_RTO (Vista+): the SYN retransmission count and initial RTT of one socket.
//     MaxSynRetransmissions = TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS (Windows 10 1709 / Server
//     2019 and later) makes the first reset final, as on Linux; Go's net package and libuv set it
//     (for loopback) and measure a refusal in ~1 ms instead of ~2 s. Older systems reject that
//     value; 1 (their minimum) leaves one retry, about 0.5 s.
//   - TCP_MAXRT / TCP_MAXRTMS: cap the whole connect, but an expired cap reports WSAETIMEDOUT even
//     after resets, so they cannot tell refused from filtered. Not used.
//   - TCP_FAIL_CONNECT_ON_ICMP_ERROR + TCP_ICMP_ERROR_INFO (Windows 10 2004 / Server 2022): fail
//     the connect on an ICMP unreachable and say which one. Without it Windows ignores the ICMP
//     error and keeps retrying, so the port ends "filtered" with reason no-response. Used.
//   - SIO_TCP_INFO (1703+): RTT and SYN retransmission counts, but no sign of a reset. Not used.
// The cost of no SYN retransmission: a SYN lost on the way is not sent again by Windows (Linux
// resends it after 1 s), so within the timeout a single lost SYN reads as filtered.
#include "ossocket.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <iphlpapi.h>
#include <windows.h>

#include <cstring>
#include <vector>

// Windows 10 2004 SDK names that MinGW-w64's headers do not have yet (ws2ipdef.h)
#ifndef TCP_FAIL_CONNECT_ON_ICMP_ERROR
#define TCP_FAIL_CONNECT_ON_ICMP_ERROR 18
#endif
#ifndef TCP_ICMP_ERROR_INFO
#define TCP_ICMP_ERROR_INFO 19
#endif

#include "ossocket_sockaddr.h"

namespace OsSocket {

namespace {
struct IcmpErrorInfo // ICMP_ERROR_INFO
{
    SOCKADDR_INET srcaddress;
    int protocol; // IPPROTO, an enum in the Windows SDK
    UINT8 type;
    UINT8 code;
};

bool winsockStarted()
{
    static const bool started = [] {
        WSADATA data;
        return ::WSAStartup(MAKEWORD(2, 2), &data) == 0;
    }();
    return started;
}

std::string utf8(const wchar_t *text, int length)
{
    const int size = ::WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
    std::string out(std::size_t(size > 0 ? size : 0), '\0');
    if (size > 0)
        ::WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), size, nullptr, nullptr);
    return out;
}

std::string messageOf(int error)
{
    wchar_t *buffer = nullptr;
    const DWORD length = ::FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM
                                              | FORMAT_MESSAGE_IGNORE_INSERTS,
                                          nullptr, DWORD(error), 0, reinterpret_cast<wchar_t *>(&buffer), 0, nullptr);
    std::string text = length ? utf8(buffer, int(length)) : std::string();
    ::LocalFree(buffer);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.'))
        text.pop_back();
    return text.empty() ? "error " + std::to_string(error) : text + " (" + std::to_string(error) + ')';
}

std::string failureOf(int error)
{
    switch (error) {
    case 0: return {};
    case WSAEWOULDBLOCK:
    case WSAEINPROGRESS:
    case WSAEALREADY:
    // Windows gave up retransmitting: still "no answer" until the engine's own timeout decides
    case WSAETIMEDOUT: return "in-progress";
    case WSAECONNREFUSED: return "conn-refused";
    case WSAECONNRESET: return "conn-reset"; // after the handshake (see ossocket_posix.cpp)
    case WSAEHOSTUNREACH: return "host-unreachable";
    case WSAENETUNREACH: return "net-unreachable";
    default: return "socket-error: " + messageOf(error);
    }
}

// The ICMP error that failed the connect (TCP_FAIL_CONNECT_ON_ICMP_ERROR), as Linux would name it.
std::string icmpFailure(SOCKET s, const std::string &fallback)
{
    IcmpErrorInfo info{};
    int length = sizeof info;
    if (::getsockopt(s, IPPROTO_TCP, TCP_ICMP_ERROR_INFO, reinterpret_cast<char *>(&info), &length) != 0)
        return fallback;
    if (info.protocol == IPPROTO_ICMP && info.type == 3) { // destination unreachable (RFC 792, 1812)
        switch (info.code) {
        case 0: return "net-unreachable";
        case 3: return "conn-refused"; // port unreachable: Linux reports ECONNREFUSED
        case 9:
        case 10:
        case 13: return "admin-prohibited";
        default: return "host-unreachable";
        }
    }
    if (info.protocol == IPPROTO_ICMPV6 && info.type == 1) { // RFC 4443 3.1
        switch (info.code) {
        case 0: return "net-unreachable";
        case 1:
        case 5:
        case 6: return "admin-prohibited";
        case 4: return "conn-refused";
        default: return "host-unreachable";
        }
    }
    return fallback;
}

void tuneConnect(SOCKET s)
{
    TCP_INITIAL_RTO_PARAMETERS rto{};
    rto.Rtt = TCP_INITIAL_RTO_UNSPECIFIED_RTT;
    rto.MaxSynRetransmissions = TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS;
    DWORD returned = 0;
    if (::WSAIoctl(s, SIO_TCP_INITIAL_RTO, &rto, sizeof rto, nullptr, 0, &returned, nullptr, nullptr) != 0) {
        rto.MaxSynRetransmissions = 1;
        ::WSAIoctl(s, SIO_TCP_INITIAL_RTO, &rto, sizeof rto, nullptr, 0, &returned, nullptr, nullptr);
    }
    const DWORD on = TRUE;
    ::setsockopt(s, IPPROTO_TCP, TCP_FAIL_CONNECT_ON_ICMP_ERROR, reinterpret_cast<const char *>(&on), sizeof on);
}
} // namespace

std::intptr_t startConnect(const Address &address, std::uint16_t port, std::string *failure)
{
    if (!winsockStarted()) {
        *failure = "socket-error: Winsock did not start";
        return -1;
    }
    sockaddr_storage storage;
    const int length = toSockaddr<int>(address, port, &storage);
    const SOCKET s = ::WSASocketW(storage.ss_family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                                  WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET) {
        *failure = failureOf(::WSAGetLastError());
        return -1;
    }
    u_long nonBlocking = 1;
    ::ioctlsocket(s, FIONBIO, &nonBlocking);
    tuneConnect(s);
    if (::connect(s, reinterpret_cast<const sockaddr *>(&storage), length) == 0 || ::WSAGetLastError() == WSAEWOULDBLOCK)
        return std::intptr_t(s);
    const int error = ::WSAGetLastError();
    *failure = error == WSAEHOSTUNREACH || error == WSAENETUNREACH ? icmpFailure(s, failureOf(error)) : failureOf(error);
    ::closesocket(s);
    return -1;
}

std::string connectFailure(std::intptr_t descriptor)
{
    const SOCKET s = SOCKET(descriptor);
    int error = 0;
    int len = sizeof error;
    if (::getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char *>(&error), &len) != 0)
        return failureOf(::WSAGetLastError());
    if (error == WSAEHOSTUNREACH || error == WSAENETUNREACH)
        return icmpFailure(s, failureOf(error));
    if (error != 0)
        return failureOf(error);
    sockaddr_storage peer{};
    int peerLen = sizeof peer;
    return ::getpeername(s, reinterpret_cast<sockaddr *>(&peer), &peerLen) == 0 ? std::string() : "in-progress";
}

std::string localAddress(std::intptr_t descriptor)
{
    sockaddr_storage local{};
    int length = sizeof local;
    if (descriptor < 0 || ::getsockname(SOCKET(descriptor), reinterpret_cast<sockaddr *>(&local), &length) != 0)
        return {};
    return numericHost(local, length);
}

void closeAbortively(std::intptr_t descriptor)
{
    if (descriptor < 0)
        return;
    const linger l{1, 0};
    ::setsockopt(SOCKET(descriptor), SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&l), sizeof l);
    ::closesocket(SOCKET(descriptor));
}

int raiseDescriptorLimit(int)
{
    return -1; // Winsock sockets are kernel handles: no per-process descriptor limit to raise
}

namespace {
std::string processName(DWORD pid)
{
    if (pid == 4)
        return "System"; // the kernel: http.sys (IIS, WinRM, ...) or another driver holds the port
    HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!process)
        return {};
    wchar_t path[MAX_PATH];
    DWORD size = MAX_PATH;
    std::string name;
    if (::QueryFullProcessImageNameW(process, 0, path, &size)) {
        name = utf8(path, int(size));
        const std::string::size_type slash = name.find_last_of("\\/");
        if (slash != std::string::npos)
            name.erase(0, slash + 1);
    }
    ::CloseHandle(process);
    return name;
}

template<typename Table>
DWORD ownerOf(ULONG family, std::uint16_t port)
{
    std::vector<char> buffer;
    DWORD size = 0;
    DWORD rc = ERROR_INSUFFICIENT_BUFFER;
    // the table may grow between the size query and the read
    for (int attempt = 0; attempt < 3 && rc == ERROR_INSUFFICIENT_BUFFER; ++attempt) {
        buffer.resize(size ? size : 1);
        rc = ::GetExtendedTcpTable(buffer.data(), &size, FALSE, family, TCP_TABLE_OWNER_PID_LISTENER, 0);
    }
    if (rc != NO_ERROR)
        return 0;
    const auto *table = reinterpret_cast<const Table *>(buffer.data());
    for (DWORD i = 0; i < table->dwNumEntries; ++i) {
        if (ntohs(u_short(table->table[i].dwLocalPort)) == port)
            return table->table[i].dwOwningPid;
    }
    return 0;
}
} // namespace

std::string tcpListener(std::uint16_t port)
{
    DWORD pid = ownerOf<MIB_TCPTABLE_OWNER_PID>(AF_INET, port);
    if (!pid)
        pid = ownerOf<MIB_TCP6TABLE_OWNER_PID>(AF_INET6, port);
    if (!pid)
        return {};
    const std::string name = processName(pid);
    return (name.empty() ? std::string("?") : name) + " (pid " + std::to_string(pid) + ')';
}

} // namespace OsSocket
