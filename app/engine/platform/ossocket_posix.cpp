// The POSIX half of OsSocket, shared by Linux and macOS: non-blocking connect and its errors.
#include "ossocket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "ossocket_sockaddr.h"

namespace OsSocket {

namespace {
std::string failureOf(int error)
{
    switch (error) {
    case 0: return {};
    case EINPROGRESS:
    case EALREADY: return "in-progress";
    case ECONNREFUSED: return "conn-refused";
    // a reset in SYN_SENT is ECONNREFUSED: this one came after the handshake completed (a SYN proxy
    // whose server refused, or a server that resets at once)
    case ECONNRESET: return "conn-reset";
    // Linux and macOS answer EHOSTUNREACH to ICMP host-unreachable and to admin-prohibited alike
    // (TCP sockets get no error queue), so both are reported as host-unreachable.
    case EHOSTUNREACH: return "host-unreachable";
    case ENETUNREACH: return "net-unreachable";
    default: return std::string("socket-error: ") + std::strerror(error);
    }
}
} // namespace

std::intptr_t startConnect(const Address &address, std::uint16_t port, std::string *failure)
{
    sockaddr_storage storage;
    const socklen_t length = toSockaddr<socklen_t>(address, port, &storage);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM, 0);
    if (fd < 0) {
        *failure = failureOf(errno);
        return -1;
    }
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
#ifdef SO_NOSIGPIPE
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    int rc;
    do {
        rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&storage), length);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0 || errno == EINPROGRESS)
        return fd;
    *failure = failureOf(errno);
    ::close(fd);
    return -1;
}

std::string connectFailure(std::intptr_t descriptor)
{
    int error = 0;
    socklen_t len = sizeof error;
    if (::getsockopt(int(descriptor), SOL_SOCKET, SO_ERROR, &error, &len) != 0)
        return failureOf(errno);
    if (error != 0)
        return failureOf(error);
    // no error: connected, or still waiting
    sockaddr_storage peer{};
    socklen_t peerLen = sizeof peer;
    return ::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&peer), &peerLen) == 0 ? std::string()
                                                                                                : "in-progress";
}

std::string localAddress(std::intptr_t descriptor)
{
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (descriptor < 0 || ::getsockname(int(descriptor), reinterpret_cast<sockaddr *>(&local), &length) != 0)
        return {};
    return numericHost(local, length);
}

void closeAbortively(std::intptr_t descriptor)
{
    if (descriptor < 0)
        return;
    const linger l{1, 0};
    ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(int(descriptor));
}

int raiseDescriptorLimit(int needed)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < rlim_t(needed)) {
        limit.rlim_cur = std::min<rlim_t>(rlim_t(needed), limit.rlim_max);
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
            ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur == RLIM_INFINITY ? INT_MAX : int(std::min<rlim_t>(limit.rlim_cur, INT_MAX));
}

} // namespace OsSocket
