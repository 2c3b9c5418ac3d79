#pragma once

#include <array>
#include <cstdint>
#include <string>

// What the probe engine needs from the operating system beyond Qt's sockets, in plain C++ over the
// OS API: no Qt type crosses this interface, so the Windows implementation is built into a small
// test executable with MinGW-w64 and run under Wine (tests/platform), and every implementation is
// tested the same way natively. The engine's Qt adapter is SocketPlatform (../socketplatform.h).
// One implementation per OS: ossocket_windows.cpp; ossocket_posix.cpp with ossocket_linux.cpp or
// ossocket_macos.cpp for the part that differs between those two. Strings are UTF-8.
//
// The TCP connect is done here, not by QTcpSocket: the engine needs the exact error of a failed
// connect (reset, ICMP host/admin unreachable, network unreachable), which Qt folds into one
// NetworkError or, on some network stacks (gVisor), loses entirely.
namespace OsSocket {

struct Address
{
    enum class Family { IPv4, IPv6 };
    Family family = Family::IPv4;
    std::array<std::uint8_t, 16> bytes{}; // network order; IPv4 uses the first 4
    std::uint32_t scopeId = 0;            // IPv6 interface index (link-local addresses), else 0
};

// Starts a non-blocking connect. Returns the descriptor, to be watched for writability (on Windows
// also for an exception: that is how Winsock reports a failed connect); or -1 with *failure set
// (see connectFailure) when the connect failed at once.
std::intptr_t startConnect(const Address &address, std::uint16_t port, std::string *failure);

// After the descriptor became writable (or the timeout expired): "" when connected, else
// "conn-refused", "host-unreachable", "admin-prohibited", "net-unreachable", "in-progress"
// (nothing yet: still waiting) or "socket-error: <message>".
std::string connectFailure(std::intptr_t descriptor);

// The local address the descriptor's connection left from (numeric, "10.0.9.42", "fe80::1%eth0"),
// known once connect() has started; "" when there is none yet (unbound, or the unspecified address).
std::string localAddress(std::intptr_t descriptor);

// Closes with a reset instead of a FIN (SO_LINGER 0): a scan of hundreds of ports leaves no
// TIME_WAIT sockets behind on this machine. For probes that exchanged no data.
void closeAbortively(std::intptr_t descriptor);

// Lifts the soft limit on open descriptors towards `needed` (hundreds of probes in flight).
// Returns the limit now in effect, or -1 when the OS has no such limit (Windows).
int raiseDescriptorLimit(int needed);

// The process that listens on this TCP port on this machine ("java (pid 4242)"), or "" when the
// OS does not tell (not found, or another user's process without the right to see it).
std::string tcpListener(std::uint16_t port);

} // namespace OsSocket
