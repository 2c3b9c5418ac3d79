// Linux: who listens on a port, from /proc (socket inodes in /proc/net/tcp*, then /proc/PID/fd).
#include "socketplatform.h"

#include <QDir>
#include <QFile>

#include <unistd.h>

namespace SocketPlatform {

namespace {
// The socket inodes listening on the port, from /proc/net/tcp and tcp6 (state 0A = LISTEN).
QList<QByteArray> listeningInodes(quint16 port)
{
    QList<QByteArray> inodes;
    const QByteArray portHex = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const char *table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile f(QString::fromLatin1(table));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        f.readLine(); // header
        while (!f.atEnd()) {
            const QList<QByteArray> cols = f.readLine().simplified().split(' ');
            if (cols.size() < 10 || cols.at(3) != "0A")
                continue;
            if (cols.at(1).mid(cols.at(1).lastIndexOf(':') + 1) == portHex)
                inodes << cols.at(9);
        }
    }
    return inodes;
}
} // namespace

QString tcpListener(quint16 port)
{
    const QList<QByteArray> inodes = listeningInodes(port);
    if (inodes.isEmpty())
        return {};
    QList<QByteArray> targets;
    for (const QByteArray &inode : inodes)
        targets << "socket:[" + inode + ']';
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        if (!pid.front().isDigit())
            continue;
        const QString fdDir = QStringLiteral("/proc/") + pid + QStringLiteral("/fd");
        const QStringList fds = QDir(fdDir).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
        for (const QString &fd : fds) {
            char buf[64];
            const QByteArray path = QFile::encodeName(fdDir + QLatin1Char('/') + fd);
            const ssize_t n = ::readlink(path.constData(), buf, sizeof buf);
            if (n <= 0)
                continue;
            const QByteArray link(buf, int(n));
            for (const QByteArray &t : targets) {
                if (link == t) {
                    QFile comm(QStringLiteral("/proc/") + pid + QStringLiteral("/comm"));
                    const QString name = comm.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(comm.readAll().trimmed())
                                                                        : QString();
                    return QStringLiteral("%1 (pid %2)").arg(name.isEmpty() ? QStringLiteral("?") : name, pid);
                }
            }
        }
    }
    return {};
}

} // namespace SocketPlatform
