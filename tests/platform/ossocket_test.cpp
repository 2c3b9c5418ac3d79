// OsSocket (app/engine/platform) against the real OS: open, refused and dropped connects, abortive
// close, the descriptor limit and the owner of a listening port. Plain C++ (no Qt, no QtTest) so
// that the same file is built natively and with MinGW-w64 for Wine (run-wine.sh).
//
//   ossocket_test                       loopback cases only (no root needed)
//   ossocket_test --remote ADDR [--remote ADDR6] --open-port P --refused-port P --dropped-port P
//                                       also the remote cases: a listener on P, nothing on P, and an
//                                       nftables DROP rule on P (run-wine.sh sets these up)
#include "ossocket.h"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
using Native = SOCKET;
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
using Native = int;
#endif

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {
int passed = 0;
int failed = 0;

void check(bool ok, const std::string &name, const std::string &detail)
{
    std::printf("%s %s: %s\n", ok ? "PASS" : "FAIL", name.c_str(), detail.c_str());
    std::fflush(stdout);
    (ok ? passed : failed)++;
}

void skip(const std::string &name, const std::string &why)
{
    std::printf("SKIP %s: %s\n", name.c_str(), why.c_str());
}

int lastError()
{
#ifdef _WIN32
    return WSAGetLastError();
#else
    return errno;
#endif
}

void closeNative(Native s)
{
#ifdef _WIN32
    closesocket(s);
#else
    ::close(s);
#endif
}

bool isReset(int error)
{
#ifdef _WIN32
    return error == WSAECONNRESET || error == WSAECONNABORTED;
#else
    return error == ECONNRESET;
#endif
}

long long pid()
{
#ifdef _WIN32
    return (long long)GetCurrentProcessId();
#else
    return (long long)getpid();
#endif
}

// "" natively; Wine's version under Wine (its ntdll exports wine_get_version)
std::string wineVersion()
{
#ifdef _WIN32
    using Getter = const char *(*)();
    if (HMODULE ntdll = GetModuleHandleW(L"ntdll.dll")) {
        if (FARPROC f = GetProcAddress(ntdll, "wine_get_version"))
            return reinterpret_cast<Getter>(reinterpret_cast<void *>(f))();
    }
#endif
    return {};
}

bool parse(const std::string &text, OsSocket::Address *out)
{
    if (text.find(':') != std::string::npos) {
        out->family = OsSocket::Address::Family::IPv6;
        return inet_pton(AF_INET6, text.c_str(), out->bytes.data()) == 1;
    }
    out->family = OsSocket::Address::Family::IPv4;
    return inet_pton(AF_INET, text.c_str(), out->bytes.data()) == 1;
}

std::string name(const OsSocket::Address &a, std::uint16_t port)
{
    char text[64] = {};
    inet_ntop(a.family == OsSocket::Address::Family::IPv6 ? AF_INET6 : AF_INET, a.bytes.data(), text, sizeof text);
    return a.family == OsSocket::Address::Family::IPv6 ? '[' + std::string(text) + "]:" + std::to_string(port)
                                                       : std::string(text) + ':' + std::to_string(port);
}

// A listening socket on the loopback address of the family, port chosen by the OS (0 when none).
struct Listener
{
    Native s = Native(-1);
    std::uint16_t port = 0;

    explicit Listener(bool v6, bool listening = true)
    {
        s = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (s == Native(-1))
            return;
        sockaddr_storage storage{};
        socklen_t length;
        if (v6) {
            auto *sa = reinterpret_cast<sockaddr_in6 *>(&storage);
            sa->sin6_family = AF_INET6;
            sa->sin6_addr = in6addr_loopback;
            length = sizeof *sa;
        } else {
            auto *sa = reinterpret_cast<sockaddr_in *>(&storage);
            sa->sin_family = AF_INET;
            sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            length = sizeof *sa;
        }
        if (::bind(s, reinterpret_cast<sockaddr *>(&storage), length) != 0
            || (listening && ::listen(s, SOMAXCONN) != 0)
            || ::getsockname(s, reinterpret_cast<sockaddr *>(&storage), &length) != 0) {
            closeNative(s);
            s = Native(-1);
            return;
        }
        port = ntohs(v6 ? reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port
                        : reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    }
    ~Listener()
    {
        if (s != Native(-1))
            closeNative(s);
    }
    Listener(const Listener &) = delete;
    Listener &operator=(const Listener &) = delete;
};

// Waits until the connect settles: writable, or (Winsock) an exception, or an error (POSIX).
bool waitSettled(std::intptr_t descriptor, int timeoutMs)
{
#ifdef _WIN32
    fd_set writable, failedSet;
    FD_ZERO(&writable);
    FD_ZERO(&failedSet);
    FD_SET(SOCKET(descriptor), &writable);
    FD_SET(SOCKET(descriptor), &failedSet);
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    return ::select(0, nullptr, &writable, &failedSet, &tv) > 0;
#else
    pollfd p{int(descriptor), POLLOUT, 0};
    return ::poll(&p, 1, timeoutMs) > 0;
#endif
}

bool waitReadable(Native s, int timeoutMs)
{
#ifdef _WIN32
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(s, &readable);
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    return ::select(0, &readable, nullptr, nullptr, &tv) > 0;
#else
    pollfd p{s, POLLIN, 0};
    return ::poll(&p, 1, timeoutMs) > 0;
#endif
}

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string ms(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.0f ms", value);
    return text;
}

// Connects and reports what OsSocket says once the connect settled (or waitMs passed).
std::string outcome(const OsSocket::Address &address, std::uint16_t port, int waitMs, double *elapsed)
{
    const auto start = std::chrono::steady_clock::now();
    std::string failure;
    const std::intptr_t d = OsSocket::startConnect(address, port, &failure);
    if (d < 0) {
        *elapsed = msSince(start);
        return failure.empty() ? std::string("(no failure given)") : failure;
    }
    waitSettled(d, waitMs);
    failure = OsSocket::connectFailure(d);
    *elapsed = msSince(start);
    OsSocket::closeAbortively(d);
    return failure;
}

void expectState(const std::string &test, const OsSocket::Address &address, std::uint16_t port,
                 const std::string &expected, int waitMs, double maxMs)
{
    double elapsed = 0;
    const std::string got = outcome(address, port, waitMs, &elapsed);
    check(got == expected && elapsed <= maxMs, test,
          name(address, port) + " -> \"" + got + "\" in " + ms(elapsed) + " (want \"" + expected + "\" within "
              + ms(maxMs) + ')');
}

OsSocket::Address loopback(bool v6)
{
    OsSocket::Address a;
    parse(v6 ? "::1" : "127.0.0.1", &a);
    return a;
}

void loopbackCases(bool v6)
{
    const std::string family = v6 ? "v6" : "v4";
    Listener open(v6);
    if (open.s == Native(-1)) {
        skip("loopback_" + family, "no " + family + " loopback here");
        return;
    }
    expectState("open_loopback_" + family, loopback(v6), open.port, "", 2000, 2000);
    std::uint16_t freePort = 0;
    {
        Listener bound(v6, false); // a port nobody listens on: bound once, then released
        freePort = bound.port;
    }
    expectState("refused_loopback_" + family, loopback(v6), freePort, "conn-refused", 2000, 1000);
    if (!v6)
        check(OsSocket::tcpListener(freePort).empty(), "owner_of_free_port",
              "port " + std::to_string(freePort) + " -> \"" + OsSocket::tcpListener(freePort) + '"');
}

// The peer of a connection closed with closeAbortively sees a reset, not an orderly end.
void abortiveClose()
{
    Listener server(false);
    std::string failure;
    const std::intptr_t d = OsSocket::startConnect(loopback(false), server.port, &failure);
    if (d < 0 || !waitSettled(d, 2000) || !OsSocket::connectFailure(d).empty()) {
        check(false, "abortive_close", "no connection to the local listener: " + failure);
        OsSocket::closeAbortively(d);
        return;
    }
    const Native peer = ::accept(server.s, nullptr, nullptr);
    OsSocket::closeAbortively(d);
    char byte;
    const bool readable = waitReadable(peer, 2000);
    const int n = int(::recv(peer, &byte, 1, 0));
    const int error = n < 0 ? lastError() : 0;
    const std::string detail = "peer's recv() = " + std::to_string(n) + " error " + std::to_string(error);
    if (!wineVersion().empty()) {
        // Wine's server shuts every socket down before closing it (server/sock.c, sock_destroy), so
        // the peer sees a FIN whatever SO_LINGER says; Windows and Linux send the reset.
        check(readable && (n == 0 || (n < 0 && isReset(error))), "abortive_close",
              detail + " (Wine: a FIN is all it can send; want the connection ended)");
    } else {
        check(readable && n < 0 && isReset(error), "abortive_close", detail + " (want a connection reset)");
    }
    closeNative(peer);
}

// Hundreds of probes in flight: more descriptors than the usual default soft limit of 1024.
void descriptorLimit()
{
    constexpr int wanted = 1100;
#ifdef _WIN32
    const int limit = OsSocket::raiseDescriptorLimit(wanted + 100);
    check(limit == -1, "descriptor_limit_raised", "Windows has none: " + std::to_string(limit));
#else
    rlimit hard{};
    getrlimit(RLIMIT_NOFILE, &hard);
    if (hard.rlim_cur > 1024) { // start from the usual default, so that there is something to raise
        rlimit lowered = hard;
        lowered.rlim_cur = 1024;
        setrlimit(RLIMIT_NOFILE, &lowered);
    }
    const int limit = OsSocket::raiseDescriptorLimit(wanted + 100);
    const int reachable = hard.rlim_max == RLIM_INFINITY ? wanted + 100 : int(std::min<rlim_t>(hard.rlim_max, wanted + 100));
    check(limit >= reachable, "descriptor_limit_raised",
          "soft limit " + std::to_string(limit) + " (want >= " + std::to_string(reachable) + ')');
    if (reachable < wanted + 100) {
        skip("descriptor_limit_used", "hard limit " + std::to_string(reachable) + " is below the test's need");
        return;
    }
#endif
    Listener server(false);
    std::vector<std::intptr_t> open;
    std::string failure;
    for (int i = 0; i < wanted; ++i) {
        const std::intptr_t d = OsSocket::startConnect(loopback(false), server.port, &failure);
        if (d < 0)
            break;
        open.push_back(d);
    }
    check(int(open.size()) == wanted, "descriptor_limit_used",
          std::to_string(open.size()) + " connects in flight at once" + (failure.empty() ? "" : ", then: " + failure));
    for (const std::intptr_t d : open)
        OsSocket::closeAbortively(d);
}

void portOwner()
{
    Listener server(false);
    const std::string owner = OsSocket::tcpListener(server.port);
    const std::string pidText = "(pid " + std::to_string(pid()) + ')';
    const std::string wine = wineVersion();
    if (!wine.empty() && std::atoi(wine.c_str()) < 9) {
        // An expected limitation, asserted (not skipped): Wine 8 looks for the socket in its
        // processes' /proc/PID/fd, but only its server holds a TCP socket's descriptor, so it names no
        // owner; later Wine asks its server, which knows each socket's process. If this Wine starts
        // naming one, this check fails so that the full check below is switched on for it.
        check(owner.empty(), "owner_of_own_listener_wine8_expected_limitation",
              "Wine " + wine + " names no owner of a TCP socket (known limitation of Wine < 9): port "
                  + std::to_string(server.port) + " -> \"" + owner + "\""
                  + (owner.empty() ? "" : " -- this Wine names the owner now: use the full check for it"));
        return;
    }
    check(owner.rfind("ossocket_test", 0) == 0 && owner.find(pidText) != std::string::npos, "owner_of_own_listener",
          "port " + std::to_string(server.port) + " -> \"" + owner + "\" (want ossocket_test " + pidText + ')');
}

void remoteCases(const std::string &host, int openPort, int refusedPort, int droppedPort, int dropWaitMs)
{
    OsSocket::Address a;
    if (!parse(host, &a)) {
        check(false, "remote_address", "cannot parse " + host);
        return;
    }
    const std::string family = a.family == OsSocket::Address::Family::IPv6 ? "v6" : "v4";
    if (openPort > 0)
        expectState("open_remote_" + family, a, std::uint16_t(openPort), "", 3000, 3000);
    if (refusedPort > 0)
        expectState("refused_remote_" + family, a, std::uint16_t(refusedPort), "conn-refused", 3000, 1500);
    if (droppedPort > 0) {
        // a DROP rule answers nothing: the connect must still be pending when the wait ends
        const auto start = std::chrono::steady_clock::now();
        std::string failure;
        const std::intptr_t d = OsSocket::startConnect(a, std::uint16_t(droppedPort), &failure);
        const std::string atOnce = d < 0 ? failure : OsSocket::connectFailure(d);
        const bool settled = d >= 0 && waitSettled(d, dropWaitMs);
        const std::string after = d < 0 ? failure : OsSocket::connectFailure(d);
        const double elapsed = msSince(start);
        check(d >= 0 && atOnce == "in-progress" && after == "in-progress" && elapsed >= dropWaitMs * 0.9,
              "dropped_remote_" + family,
              name(a, std::uint16_t(droppedPort)) + " -> \"" + atOnce + "\" at once, \"" + after + "\" after "
                  + ms(elapsed) + (settled ? " (the socket signalled)" : "") + " (want \"in-progress\" both times)");
        OsSocket::closeAbortively(d);
    }
}
} // namespace

int main(int argc, char **argv)
{
#ifdef _WIN32
    WSADATA data;
    WSAStartup(MAKEWORD(2, 2), &data);
#endif
    std::vector<std::string> remotes;
    int openPort = 0, refusedPort = 0, droppedPort = 0, dropWaitMs = 1500;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        const char *value = argv[i + 1];
        if (option == "--remote")
            remotes.emplace_back(value);
        else if (option == "--open-port")
            openPort = std::atoi(value);
        else if (option == "--refused-port")
            refusedPort = std::atoi(value);
        else if (option == "--dropped-port")
            droppedPort = std::atoi(value);
        else if (option == "--drop-wait-ms")
            dropWaitMs = std::atoi(value);
        else {
            std::fprintf(stderr, "ossocket_test: unknown option %s\n", option.c_str());
            return 2;
        }
    }

    loopbackCases(false);
    loopbackCases(true);
    abortiveClose();
    descriptorLimit();
    portOwner();
    for (const std::string &host : remotes)
        remoteCases(host, openPort, refusedPort, droppedPort, dropWaitMs);
    if (remotes.empty())
        skip("remote", "no --remote: the dropped case needs a DROP rule (run-wine.sh sets one up)");

    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
