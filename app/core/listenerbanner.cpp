#include "listenerbanner.h"

namespace {

constexpr QByteArrayView Magic = "TOPOCHECK-LISTENER/1 ";

QString withoutTrailingDot(QString name)
{
    while (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    return name.toLower();
}

QString shortName(const QString &name)
{
    return name.section(QLatin1Char('.'), 0, 0);
}

bool printableAscii(QByteArrayView line)
{
    for (const char c : line)
        if (c < 0x20 || c > 0x7e)
            return false;
    return true;
}

} // namespace

QByteArray ListenerBanner::encode() const
{
    QStringList nameList = names;
    if (!hostName.isEmpty() && !nameList.contains(hostName))
        nameList.prepend(hostName);
    QStringList addressList;
    for (const QHostAddress &a : addresses)
        addressList << a.toString();
    QByteArray line = Magic.toByteArray();
    line += transportName(transport).toLatin1() + '/' + QByteArray::number(port);
    line += " role=" + role.toLatin1();
    line += " host=" + hostName.toLatin1();
    line += " names=" + nameList.join(QLatin1Char(',')).toLatin1();
    line += " addresses=" + addressList.join(QLatin1Char(',')).toLatin1();
    line.replace('\r', ' ').replace('\n', ' ');
    if (line.size() > MaxBytes - 2) {
        // Too many addresses or names for one line: the first ones are the ones that matter.
        line.truncate(MaxBytes - 2);
        line.truncate(line.lastIndexOf(','));
    }
    return line + "\r\n";
}

bool ListenerBanner::mayBeBanner(QByteArrayView bytes)
{
    const qsizetype n = std::min(bytes.size(), Magic.size());
    return n > 0 && bytes.first(n) == Magic.first(n);
}

ListenerBanner::Match ListenerBanner::match(QByteArrayView bytes, ListenerBanner *banner, QString *problem)
{
    if (!mayBeBanner(bytes))
        return Match::NotBanner;
    const qsizetype end = bytes.indexOf('\n');
    if (end < 0) {
        if (bytes.size() < MaxBytes)
            return Match::Incomplete;
        if (problem)
            *problem = tr("a line starting like a Topocheck listener's banner but longer than %1 bytes").arg(MaxBytes);
        return Match::Malformed;
    }
    QByteArrayView line = bytes.first(end);
    if (line.endsWith('\r'))
        line.chop(1);
    auto malformed = [problem](const QString &why) {
        if (problem)
            *problem = why;
        return Match::Malformed;
    };
    if (!printableAscii(line))
        return malformed(tr("a Topocheck listener's banner with bytes that are not printable text"));

    ListenerBanner b;
    const QList<QByteArrayView> fields = [&] {
        QList<QByteArrayView> out;
        QByteArrayView rest = line.sliced(Magic.size());
        while (!rest.isEmpty()) {
            const qsizetype space = rest.indexOf(' ');
            out << (space < 0 ? rest : rest.first(space));
            rest = space < 0 ? QByteArrayView() : rest.sliced(space + 1);
        }
        return out;
    }();
    if (fields.isEmpty())
        return malformed(tr("a Topocheck listener's banner without its port"));
    const QByteArrayView where = fields.first();
    const qsizetype slash = where.indexOf('/');
    const QByteArrayView proto = slash < 0 ? QByteArrayView() : where.first(slash);
    bool portOk = false;
    const uint port = slash < 0 ? 0 : where.sliced(slash + 1).toByteArray().toUInt(&portOk);
    if (!portOk || port == 0 || port > 65535 || (proto != "tcp" && proto != "udp"))
        return malformed(tr("a Topocheck listener's banner with an invalid port \"%1\"")
                             .arg(QString::fromLatin1(where.toByteArray())));
    b.transport = proto == "udp" ? Transport::Udp : Transport::Tcp;
    b.port = quint16(port);
    for (qsizetype i = 1; i < fields.size(); ++i) {
        const QByteArrayView field = fields.at(i);
        const qsizetype eq = field.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArrayView key = field.first(eq);
        const QString value = QString::fromLatin1(field.sliced(eq + 1).toByteArray());
        if (key == "role") {
            b.role = value;
        } else if (key == "host") {
            b.hostName = value;
        } else if (key == "names") {
            b.names = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        } else if (key == "addresses") {
            for (const QString &text : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QHostAddress address(text);
                if (!address.isNull())
                    b.addresses << address;
            }
        }
    }
    if (b.role.isEmpty() || b.hostName.isEmpty())
        return malformed(tr("a Topocheck listener's banner without its role or host name"));
    if (!b.names.contains(b.hostName))
        b.names.prepend(b.hostName);
    if (banner)
        *banner = b;
    return Match::Banner;
}

QString ListenerBanner::mismatchFor(const QString &host, const QHostAddress &address, quint16 probedPort,
                                    Transport probedTransport) const
{
    if (port != probedPort || transport != probedTransport)
        return tr("the Topocheck listener that answered holds %1/%2, not %3/%4: a port forwarding or NAT rule "
                  "sends this port elsewhere")
            .arg(transportName(transport))
            .arg(port)
            .arg(transportName(probedTransport))
            .arg(probedPort);

    QHostAddress probed = address;
    probed.setScopeId(QString());
    for (QHostAddress a : addresses) {
        a.setScopeId(QString());
        if (!probed.isNull() && a.isEqual(probed, QHostAddress::TolerantConversion))
            return {};
    }
    const QString wanted = withoutTrailingDot(host);
    const QHostAddress literal(wanted);
    if (literal.isNull()) {
        for (const QString &name : names) {
            const QString n = withoutTrailingDot(name);
            // A fully qualified probe matches the listener's full name; a short one (or a listener that
            // knows only its short name) matches on the first label.
            if (n == wanted || shortName(n) == wanted || n == shortName(wanted))
                return {};
        }
    }
    return tr("the Topocheck listener that answered is %1 (%2), not %3: a NAT rule or load balancer sends "
              "this traffic to another machine")
        .arg(hostName, role, host);
}

QString ListenerBanner::describe() const
{
    return tr("Topocheck listener on %1 (role %2, %3/%4)").arg(hostName, role, transportName(transport)).arg(port);
}
