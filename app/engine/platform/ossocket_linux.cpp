// Linux: who listens on a port, from /proc (socket inodes in /proc/net/tcp*, then /proc/PID/fd).
#include "ossocket.h"

#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace OsSocket {

namespace {
// The socket inodes listening on the port, from /proc/net/tcp and tcp6 (state 0A = LISTEN).
std::vector<std::string> listeningInodes(std::uint16_t port)
{
    std::vector<std::string> inodes;
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        std::ifstream f(table);
        std::string line;
        std::getline(f, line); // header
        while (std::getline(f, line)) {
            std::istringstream row(line);
            std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
            if (!(row >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode))
                continue;
            const std::string::size_type colon = local.rfind(':');
            if (state != "0A" || colon == std::string::npos)
                continue;
            if (std::strtoul(local.c_str() + colon + 1, nullptr, 16) == port)
                inodes.push_back("socket:[" + inode + ']');
        }
    }
    return inodes;
}

std::vector<std::string> entries(const std::string &dir)
{
    std::vector<std::string> names;
    if (DIR *d = ::opendir(dir.c_str())) {
        while (const dirent *e = ::readdir(d))
            if (e->d_name[0] != '.')
                names.emplace_back(e->d_name);
        ::closedir(d);
    }
    return names;
}
} // namespace

std::string tcpListener(std::uint16_t port)
{
    const std::vector<std::string> targets = listeningInodes(port);
    if (targets.empty())
        return {};
    for (const std::string &pid : entries("/proc")) {
        if (!std::isdigit(static_cast<unsigned char>(pid.front())))
            continue;
        const std::string fdDir = "/proc/" + pid + "/fd";
        for (const std::string &fd : entries(fdDir)) {
            char buf[64];
            const ssize_t n = ::readlink((fdDir + '/' + fd).c_str(), buf, sizeof buf);
            if (n <= 0)
                continue;
            const std::string link(buf, std::size_t(n));
            for (const std::string &t : targets) {
                if (link != t)
                    continue;
                std::string name;
                std::ifstream comm("/proc/" + pid + "/comm");
                std::getline(comm, name);
                return (name.empty() ? std::string("?") : name) + " (pid " + pid + ')';
            }
        }
    }
    return {};
}

} // namespace OsSocket
