#include "vantage.h"

#include "hostsyntax.h"

#include <QHostInfo>
#include <QNetworkInterface>

bool Vantage::isSelf(const QString &host) const
{
    const QString h = HostSyntax::normalized(host);
    QHostAddress literal;
    if (literal.setAddress(h)) {
        if (literal.isLoopback())
            return true;
        for (const QHostAddress &a : addresses)
            if (a.isEqual(literal, QHostAddress::TolerantConversion))
                return true;
        return false;
    }
    if (h.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    if (hostname.isEmpty())
        return false;
    if (h.compare(hostname, Qt::CaseInsensitive) == 0)
        return true;
    // "cr1" names the machine "cr1.contoso.local" and the other way round
    const bool oneIsShort = !h.contains(QLatin1Char('.')) || !hostname.contains(QLatin1Char('.'));
    return oneIsShort
        && h.section(QLatin1Char('.'), 0, 0).compare(hostname.section(QLatin1Char('.'), 0, 0), Qt::CaseInsensitive) == 0;
}

QStringList Vantage::addressStrings(bool includeLoopback) const
{
    QStringList out;
    for (const QHostAddress &a : addresses)
        if (includeLoopback || !a.isLoopback())
            out << a.toString();
    return out;
}

Vantage Vantage::current(const QString &role)
{
    Vantage v;
    v.role = role;
    v.hostname = QHostInfo::localHostName();
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.isLinkLocal())
            continue;
        v.addresses << a;
    }
    return v;
}
