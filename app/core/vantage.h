#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

// The machine that runs the checks: its role in the template and how it recognises itself.
struct Vantage
{
    static inline const QString all = QStringLiteral("all");
    // The pseudo-role of exposure checks: any machine outside the Control Room cluster.
    static inline const QString outside = QStringLiteral("outside");

    QString role; // a component id, or "all"
    QString hostname;
    QList<QHostAddress> addresses; // every local address, loopback included

    bool isAll() const { return role == all; }
    bool isOutsideCluster() const { return !isAll() && role != QLatin1String("control-room"); }
    // Is this host name or address this machine? (a Control Room node skips itself in cluster checks)
    bool isSelf(const QString &host) const;
    QStringList addressStrings(bool includeLoopback = false) const;

    static Vantage current(const QString &role);
};
