#pragma once

// The one part the POSIX and the Winsock halves of OsSocket share: an Address and a port as the
// sockaddr that connect() takes, and a sockaddr back as text. Each includes this after its own
// system headers (getnameinfo: netdb.h, ws2tcpip.h).

#include "ossocket.h"

#include <cstring>
#include <string>

namespace OsSocket {

// Fills storage; returns the length of the sockaddr inside it.
template<typename Length>
Length toSockaddr(const Address &address, std::uint16_t port, sockaddr_storage *storage)
{
    *storage = sockaddr_storage{};
    if (address.family == Address::Family::IPv6) {
        auto *sa = reinterpret_cast<sockaddr_in6 *>(storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        std::memcpy(&sa->sin6_addr, address.bytes.data(), 16);
        sa->sin6_scope_id = address.scopeId;
        return Length(sizeof(sockaddr_in6));
    }
    auto *sa = reinterpret_cast<sockaddr_in *>(storage);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(port);
    std::memcpy(&sa->sin_addr, address.bytes.data(), 4);
    return Length(sizeof(sockaddr_in));
}

// The numeric form of the address in a sockaddr, "" for the unspecified address (nothing bound yet;
// Winsock gives that for a connect still in progress).
template<typename Length>
std::string numericHost(const sockaddr_storage &storage, Length length)
{
    if (storage.ss_family == AF_INET) {
        if (reinterpret_cast<const sockaddr_in *>(&storage)->sin_addr.s_addr == 0)
            return {};
    } else if (storage.ss_family == AF_INET6) {
        static const std::uint8_t zero[16] = {};
        if (std::memcmp(&reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_addr, zero, 16) == 0)
            return {};
    } else {
        return {};
    }
    char host[NI_MAXHOST];
    if (::getnameinfo(reinterpret_cast<const sockaddr *>(&storage), length, host, sizeof host, nullptr, 0,
                      NI_NUMERICHOST)
        != 0)
        return {};
    return host;
}

} // namespace OsSocket
