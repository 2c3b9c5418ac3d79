// The POSIX half of SocketPlatform, shared by Linux and macOS: non-blocking connect and its errors.
#include "socketplatform.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace SocketPlatform {

namespace {
QString failureOf(int error)
{
    switch (error) {
    case 0: return {};
    case EINPROGRESS:
    case EALREADY: return QStringLiteral("in-progress");
    case ECONNREFUSED: return QStringLiteral("conn-refused");
    // Linux and macOS answer EHOSTUNREACH to ICMP host-unreachable and to admin-prohibited alike
    // (TCP sockets get no error queue), so both are reported as host-unreachable.
    case EHOSTUNREACH: return QStringLiteral("host-unreachable");
    case ENETUNREACH: return QStringLiteral("net-unreachable");
    default: return QStringLiteral("socket-error: ") + QString::fromLocal8Bit(std::strerror(error));
    }
}
} // namespace

qintptr startConnect(const QHostAddress &address, quint16 port, QString *failure)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *sa = reinterpret_cast<sockaddr_in6 *>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        const Q_IPV6ADDR ip = address.toIPv6Address();
        std::memcpy(&sa->sin6_addr, &ip, sizeof ip);
        sa->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
    } else {
        auto *sa = reinterpret_cast<sockaddr_in *>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        sa->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
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

QString connectFailure(qintptr descriptor)
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
    return ::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&peer), &peerLen) == 0 ? QString()
                                                                                                : QStringLiteral("in-progress");
}

void closeAbortively(qintptr descriptor)
{
    if (descriptor < 0)
        return;
    const linger l{1, 0};
    ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(int(descriptor));
}

void raiseDescriptorLimit(int needed)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= rlim_t(needed))
        return;
    limit.rlim_cur = std::min<rlim_t>(rlim_t(needed), limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace SocketPlatform
