#include "hostsyntax.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace {
bool looksLikeIPv4(const QString &host)
{
    static const QRegularExpression dotted(QStringLiteral("^[0-9]+(\\.[0-9]+){3}$"));
    return dotted.match(host).hasMatch();
}

// RFC 6874 2: a ZoneID is unreserved characters; Linux interface names are at most 15 of them
bool isZoneId(const QString &zone)
{
    if (zone.isEmpty() || zone.size() > 64)
        return false;
    for (const QChar c : zone) {
        const bool ascii = c.unicode() < 0x80;
        if (!(ascii && (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('_')
                        || c == QLatin1Char('~'))))
            return false;
    }
    return true;
}

QString ipv4Problem(const QString &host)
{
    const QStringList parts = host.split(QLatin1Char('.'));
    for (const QString &part : parts) {
        if (part.toInt() > 255)
            return HostSyntax::tr("%1 is out of range (0-255)").arg(part);
        if (part.size() > 1 && part.startsWith(QLatin1Char('0')))
            return HostSyntax::tr("leading zeros in %1 are ambiguous").arg(part);
    }
    return {};
}

bool isAscii(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
}

// An internationalized label goes to DNS as punycode (RFC 5890, UTS #46, as QHostInfo sends it):
// a label Qt cannot encode, or whose encoding is too long, would never resolve.
QString idnProblem(const QString &label)
{
    if (isAscii(label))
        return {}; // plain, or punycode already ("xn--bcher-kva")
    if (label.mid(2, 2) == QLatin1String("--"))
        return HostSyntax::tr("the label \"%1\" is not a valid internationalized name ('--' in the third and fourth "
                              "places is reserved for punycode, which is plain ASCII)")
            .arg(label);
    const QByteArray encoded = QUrl::toAce(label);
    if (encoded.isEmpty())
        return HostSyntax::tr("the label \"%1\" is not a valid internationalized name (malformed, or longer than 63 "
                              "characters in its DNS form)")
            .arg(label.size() > 20 ? label.left(16) + QStringLiteral("...") : label);
    return {};
}

QString nameProblem(const QString &host)
{
    if (host.size() > 253)
        return HostSyntax::tr("longer than 253 characters");
    if (host.endsWith(QLatin1Char('.')) && host.size() > 1)
        return nameProblem(host.chopped(1));
    if (!isAscii(host) && QUrl::toAce(host).size() > 253)
        return HostSyntax::tr("longer than 253 characters in its DNS form (punycode)");
    const QStringList labels = host.split(QLatin1Char('.'));
    for (const QString &label : labels) {
        if (label.isEmpty())
            return HostSyntax::tr("empty label between dots");
        if (label.size() > 63)
            return HostSyntax::tr("the label \"%1...\" is longer than 63 characters").arg(label.left(16));
        if (label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
            return HostSyntax::tr("a label may not start or end with a hyphen");
        for (const QChar c : label) {
            // Internationalized names are accepted as typed; Qt converts them to punycode when resolving.
            if (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_'))
                continue;
            return HostSyntax::tr("the character '%1' is not allowed").arg(c);
        }
        const QString idn = idnProblem(label);
        if (!idn.isEmpty())
            return idn;
    }
    bool allNumeric = true;
    for (const QChar c : labels.constLast())
        allNumeric = allNumeric && c.isDigit();
    if (allNumeric && labels.size() > 1)
        return HostSyntax::tr("the last label may not be all digits");
    return {};
}
} // namespace

QString HostSyntax::normalized(const QString &host)
{
    QString h = host.trimmed();
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    return h;
}

QString HostSyntax::identity(const QString &host)
{
    const QString h = normalized(host);
    QHostAddress address;
    if (address.setAddress(h))
        return address.toString();
    const QByteArray ace = isAscii(h) ? QByteArray() : QUrl::toAce(h);
    return ace.isEmpty() ? h.toLower() : QString::fromLatin1(ace).toLower();
}

bool HostSyntax::isAddressLiteral(const QString &host)
{
    QHostAddress address;
    return address.setAddress(normalized(host));
}

QString HostSyntax::reason(const QString &host)
{
    if (host.trimmed().isEmpty())
        return tr("empty host name");
    if (host != host.trimmed())
        return tr("leading or trailing spaces");
    for (const QChar c : host) {
        if (c.isSpace())
            return tr("spaces are not allowed");
        // QHostAddress stops reading at a NUL: "fe80::1\0junk" would pass as an IPv6 address
        if (c.category() == QChar::Other_Control)
            return tr("control characters are not allowed");
    }
    if (host.contains(QLatin1String("://")))
        return tr("a host, not a URL: write only the name or address");
    if (host.contains(QLatin1Char('/')))
        return tr("'/' is not allowed: write only the name or address");

    const bool bracketed = host.startsWith(QLatin1Char('['));
    if (bracketed != host.endsWith(QLatin1Char(']')))
        return tr("unbalanced brackets");
    const QString h = normalized(host);
    if (bracketed || h.count(QLatin1Char(':')) >= 2) {
        QHostAddress address;
        if (!address.setAddress(h) || address.protocol() != QAbstractSocket::IPv6Protocol)
            return tr("not a valid IPv6 address");
        // QHostAddress takes any text after '%' as the zone; an interface name or index is what connects
        const qsizetype percent = h.indexOf(QLatin1Char('%'));
        if (percent >= 0 && !isZoneId(h.mid(percent + 1)))
            return tr("the zone after '%' must be an interface name or number (letters, digits, '-', '.', '_')");
        return {};
    }
    if (h.contains(QLatin1Char(':')))
        return tr("a port does not belong in the host; set it under \"ports\"");
    if (looksLikeIPv4(h))
        return ipv4Problem(h);
    return nameProblem(h);
}

QString HostSyntax::problem(const QString &host)
{
    const QString why = reason(host);
    if (why.isEmpty())
        return {};
    if (host.trimmed().isEmpty())
        return why;
    const QString h = normalized(host);
    QString kind = tr("host name");
    if (host.startsWith(QLatin1Char('[')) || h.count(QLatin1Char(':')) >= 2)
        kind = tr("IPv6 address");
    else if (looksLikeIPv4(h))
        kind = tr("IPv4 address");
    return tr("\"%1\" is not a valid %2 (%3)").arg(host, kind, why);
}
