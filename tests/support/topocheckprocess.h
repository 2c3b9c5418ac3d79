#pragma once

// The topocheck executable as scripts run it (ctest sets TOPOCHECK_EXE), and the files given to it.

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace TestSupport {

struct TopocheckRun
{
    int exitCode = -1; // -1: it crashed or did not finish in time
    QByteArray out;
    QString err;
};

inline TopocheckRun runTopocheck(const QStringList &arguments, int timeoutMs = 60000)
{
    QProcess p;
    p.start(qEnvironmentVariable("TOPOCHECK_EXE"), arguments);
    TopocheckRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Writes the file whole; false when it cannot be written.
inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace TestSupport
