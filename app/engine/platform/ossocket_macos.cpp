// macOS: who listens on a port (the connect half is ossocket_posix.cpp).
#include "ossocket.h"

#include <cstdio>
#include <string>

namespace OsSocket {

std::string tcpListener(std::uint16_t port)
{
    // macOS has no /proc; libproc needs the same privileges lsof needs, so ask lsof (part of the OS).
    // The command line holds nothing but a number, so popen's shell sees no untrusted text.
    const std::string command =
        "/usr/sbin/lsof -nP -iTCP:" + std::to_string(port) + " -sTCP:LISTEN -Fcp 2>/dev/null";
    FILE *lsof = ::popen(command.c_str(), "r");
    if (!lsof)
        return {};
    std::string pid, name;
    char line[512];
    while (std::fgets(line, sizeof line, lsof)) {
        std::string field(line);
        while (!field.empty() && (field.back() == '\n' || field.back() == '\r'))
            field.pop_back();
        if (field.size() > 1 && field.front() == 'p' && pid.empty())
            pid = field.substr(1);
        else if (field.size() > 1 && field.front() == 'c' && name.empty())
            name = field.substr(1);
    }
    ::pclose(lsof);
    return pid.empty() ? std::string() : name + " (pid " + pid + ')';
}

} // namespace OsSocket
