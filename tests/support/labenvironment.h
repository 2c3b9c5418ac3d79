#pragma once

// What the lab (tests/lab/lab.sh up) provides to a lab test: the environment file it writes, the
// facts in it, and a profile of its hosts. A lab test that finds the lab down fails, naming what is
// missing; it never skips. Needs topocheck_core only (see labharness.h for the probe engine).

#include "profile.h"

#include <QFile>
#include <QHash>
#include <QStandardPaths>
#include <QStringList>

#ifndef TOPOCHECK_LAB_ENV_FILE
#error "TOPOCHECK_LAB_ENV_FILE names the lab's environment file (tests/lab/CMakeLists.txt defines it)"
#endif

namespace LabEnvironment {

inline QString envFile()
{
    return QStringLiteral(TOPOCHECK_LAB_ENV_FILE);
}

// The KEY=VALUE lines of the environment file; empty when the lab is not up.
inline QHash<QString, QString> variables()
{
    QHash<QString, QString> out;
    QFile f(envFile());
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const int eq = line.indexOf('=');
        if (eq > 0)
            out.insert(QString::fromUtf8(line.left(eq).trimmed()), QString::fromUtf8(line.mid(eq + 1).trimmed()));
    }
    return out;
}

inline QString value(const char *key)
{
    return variables().value(QLatin1String(key));
}

// The lab CA's certificate, in a place the client namespace can read.
inline QString caFile()
{
    return value("TOPOCHECK_LAB_CA_COPY");
}

inline QString realm()
{
    return value("TOPOCHECK_LAB_REALM");
}

// What this test needs from the lab and does not find, one item a line ("" when all is there): the
// environment file, the CA copy, the given environment keys and the given programs on PATH.
inline QString missing(const QStringList &keys = {}, const QStringList &programs = {})
{
    QStringList out;
    const QHash<QString, QString> env = variables();
    if (env.isEmpty()) {
        out << QStringLiteral("the lab is not up: no %1 (run tests/lab/lab.sh up)").arg(envFile());
    } else {
        for (const QString &key :
             QStringList{QStringLiteral("TOPOCHECK_LAB_CA_COPY"), QStringLiteral("TOPOCHECK_LAB_REALM")} + keys)
            if (env.value(key).isEmpty())
                out << QStringLiteral("%1 does not set %2").arg(envFile(), key);
        const QString ca = env.value(QStringLiteral("TOPOCHECK_LAB_CA_COPY"));
        if (!ca.isEmpty() && !QFile::exists(ca))
            out << QStringLiteral("the lab's CA certificate %1 is missing").arg(ca);
    }
    for (const QString &program : programs)
        if (QStandardPaths::findExecutable(program).isEmpty())
            out << QStringLiteral("%1 is not installed (installer/debian-deps.sh test)").arg(program);
    return out.join(QLatin1Char('\n'));
}

// The lab's hosts, one of each component and both Control Room nodes, with the lab's realm and CA.
inline Profile profile(const QString &name, const QString &vantage = {})
{
    Profile p;
    p.name = name;
    p.vantage = vantage;
    p.hosts[QStringLiteral("control-room")] = {QStringLiteral("cr1.lab.test"), QStringLiteral("cr2.lab.test")};
    p.hosts[QStringLiteral("load-balancer")] = {QStringLiteral("lb.lab.test")};
    p.hosts[QStringLiteral("active-directory")] = {QStringLiteral("dc1.lab.test")};
    p.hosts[QStringLiteral("file-share")] = {QStringLiteral("files.lab.test")};
    p.hosts[QStringLiteral("sql-server")] = {QStringLiteral("sql.lab.test")};
    p.options.timeoutMs = 1500;
    p.options.concurrency = 256;
    p.options.kerberosRealm = realm();
    p.options.caFile = caFile();
    return p;
}

} // namespace LabEnvironment
