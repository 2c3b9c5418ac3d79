// macOS: who listens on a port (the connect half is socketplatform_posix.cpp).
#include "socketplatform.h"

#include <QProcess>

namespace SocketPlatform {

QString tcpListener(quint16 port)
{
    // macOS has no /proc; libproc needs the same privileges lsof needs, so ask lsof (part of the OS).
    QProcess lsof;
    lsof.start(QStringLiteral("/usr/sbin/lsof"),
               {QStringLiteral("-nP"), QStringLiteral("-iTCP:%1").arg(port), QStringLiteral("-sTCP:LISTEN"),
                QStringLiteral("-Fcp")});
    if (!lsof.waitForFinished(2000))
        return {};
    QString pid, name;
    for (const QByteArray &line : lsof.readAllStandardOutput().split('\n')) {
        if (line.startsWith('p') && pid.isEmpty())
            pid = QString::fromLatin1(line.mid(1));
        else if (line.startsWith('c') && name.isEmpty())
            name = QString::fromLocal8Bit(line.mid(1));
    }
    return pid.isEmpty() ? QString() : QStringLiteral("%1 (pid %2)").arg(name, pid);
}

} // namespace SocketPlatform
