#include "rulesnippets.h"

#include <QHash>
#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>

namespace {
const QString continuation = QStringLiteral(" \\\n    ");

QString shellQuoted(QString text)
{
    return QLatin1Char('\'') + text.replace(QLatin1String("'"), QLatin1String("'\\''")) + QLatin1Char('\'');
}

QString psQuoted(QString text)
{
    return QLatin1Char('\'') + text.replace(QLatin1String("'"), QLatin1String("''")) + QLatin1Char('\'');
}

bool isIpv6(const QString &address)
{
    QHostAddress a;
    return a.setAddress(address) && a.protocol() == QAbstractSocket::IPv6Protocol;
}

bool isAddress(const QString &text)
{
    QHostAddress a;
    return a.setAddress(text);
}

QString cidr(const QString &address)
{
    if (!isAddress(address))
        return address;
    return address + (isIpv6(address) ? QLatin1String("/128") : QLatin1String("/32"));
}

// Azure writes a single IPv4 address bare and an IPv6 host as /128.
QString azurePrefix(const QString &address)
{
    return isIpv6(address) ? cidr(address) : address;
}

QString protoWord(Transport transport, bool lower)
{
    const QString p = transport == Transport::Udp ? QStringLiteral("UDP") : QStringLiteral("TCP");
    return lower ? p.toLower() : p;
}

QString placeholder(const QString &what)
{
    return QLatin1Char('<') + what + QLatin1Char('>');
}

// At most max characters, cut at a word boundary with an ellipsis, never inside a word.
QString clipAtWord(const QString &text, int max)
{
    if (text.size() <= max)
        return text;
    QString cut = text.left(max - 3);
    const qsizetype space = cut.lastIndexOf(QLatin1Char(' '));
    if (space > max / 2)
        cut.truncate(space);
    while (cut.endsWith(QLatin1Char(',')) || cut.endsWith(QLatin1Char(';')) || cut.endsWith(QLatin1Char(':')))
        cut.chop(1);
    return cut + QStringLiteral("...");
}

QString destination(const QString &address, const QString &host)
{
    return address.isEmpty() ? placeholder(QStringLiteral("address of ") + host) : address;
}

// The senders a rule names, as addresses: the probes' own addresses, or the profile's hosts at the
// addresses the probes reached them at; what cannot be known stays a placeholder to fill in.
QStringList sourceAddresses(const ChangeRequest &request, const ChangeRequest::Rule &r)
{
    if (r.via == QLatin1String("proxy"))
        return {placeholder(QStringLiteral("address of the HTTP proxy"))};
    if (r.source.origin == ChangeRequest::Source::Origin::Role || r.source.addresses.isEmpty())
        return {placeholder(QStringLiteral("addresses of the ") + r.source.roleLabel + QStringLiteral(" machines"))};
    QStringList out;
    for (const QString &s : r.source.addresses) {
        if (isAddress(s)) {
            out << s;
            continue;
        }
        const QStringList known = request.addressesOf(s);
        if (known.isEmpty())
            out << placeholder(QStringLiteral("address of ") + s);
        for (const QString &a : known)
            if (!out.contains(a))
                out << a;
    }
    return out;
}

// Cloud rules hold one address family; the destination's decides.
QStringList sameFamily(const QStringList &sources, const QString &dest)
{
    if (!isAddress(dest))
        return sources;
    QStringList out;
    for (const QString &s : sources)
        if (!isAddress(s) || isIpv6(s) == isIpv6(dest))
            out << s;
    return out;
}

QString sourceComment(const ChangeRequest::Rule &r)
{
    QString out;
    const QString note = r.source.note();
    if (!note.isEmpty())
        out += QStringLiteral("# Sources: ") + note + QLatin1Char('\n');
    if (r.source.origin == ChangeRequest::Source::Origin::Profile)
        for (const QString &s : r.source.addresses)
            if (!isAddress(s)) {
                out += QStringLiteral("# Host names are given as the addresses the probes reached them at.\n");
                break;
            }
    return out;
}

QString ruleComment(const ChangeRequest::Rule &r)
{
    return QStringLiteral("\n# %1: %2 -> %3 (%4) %5 %6 - %7\n")
               .arg(r.id, r.source.roleLabel, r.host, r.destination(), protoWord(r.transport, false), r.portsText(),
                    clipAtWord(r.purposes.join(QLatin1String("; ")), 160)) +
           sourceComment(r);
}

QString ruleDescription(const ChangeRequest::Rule &r, int max)
{
    return clipAtWord(QStringLiteral("Topocheck ") + r.title() + QStringLiteral(": ") +
                          r.purposes.join(QLatin1String("; ")),
                      max);
}

QString cloudName(const QString &id, const QString &what, const QString &role, Transport transport,
                  const QString &firstPort)
{
    return RuleSnippets::ruleName(QStringLiteral("topocheck-%1-%2-%3-%4-%5")
                                      .arg(id, what, role, protoWord(transport, true), firstPort));
}

QString headerComment(const ChangeRequest &request, RuleDialect dialect, const QString &profileName)
{
    QString out = QStringLiteral("# ") + RuleSnippets::title(dialect) + QLatin1Char('\n');
    out += QStringLiteral("# Topocheck change request");
    if (!profileName.isEmpty())
        out += QStringLiteral(" for ") + profileName;
    out += QLatin1Char('\n');
    out += QStringLiteral("# Rules to add on the network path: %1. Exposed ports to restrict to the Control Room "
                          "nodes: %2.\n")
               .arg(request.ruleCount())
               .arg(request.exposures().size());
    out += QStringLiteral("# Sources are the addresses the probes left from (or, for a run made from elsewhere, the "
                          "profile's hosts); widen them to subnets only on purpose.\n");
    return out;
}

QString windowsPorts(const QList<PortRange> &ports)
{
    QStringList out;
    for (const PortRange &r : ports)
        out << (r.isSingle() ? r.toString() : psQuoted(r.toString()));
    return out.join(QLatin1Char(','));
}

QString windowsRules(const ChangeRequest &request)
{
    QString out;
    for (const ChangeRequest::Rule &r : request.rules()) {
        out += ruleComment(r);
        out += QStringLiteral("New-NetFirewallRule -DisplayName %1 -Description %2 -Direction Inbound -Action Allow "
                              "-Protocol %3 -LocalPort %4 -LocalAddress %5 -RemoteAddress %6\n")
                   .arg(psQuoted(QStringLiteral("Topocheck ") + r.title()), psQuoted(ruleDescription(r, 400)),
                        protoWord(r.transport, false), windowsPorts(r.ports), destination(r.address, r.host),
                        sourceAddresses(request, r).join(QLatin1Char(',')));
    }
    for (const ChangeRequest::Exposure &e : request.exposures()) {
        const QString name = QStringLiteral("Topocheck %1 block %2 %3 to %4 from outside the cluster")
                                 .arg(e.id, protoWord(e.transport, false), e.ports.toString(),
                                      destination(e.address, e.host));
        QStringList remote = RuleSnippets::ipv4Complement(e.clusterAddresses);
        out += QStringLiteral("\n# %1: on %2 (%3): %4 answered %5; only the Control Room nodes (%6) may reach it.\n")
                   .arg(e.id, e.host, destination(e.address, e.host), e.purpose, e.reachedFrom(),
                        e.clusterAddresses.join(QLatin1String(", ")));
        if (remote.isEmpty()) {
            // Block rules beat allow rules in Windows Firewall, so without the node list block the tested source only.
            out += QStringLiteral(
                "# The Control Room node addresses are unknown: this blocks the machine that reached it.\n");
            remote = e.source.addresses.isEmpty() ? QStringList{placeholder(QStringLiteral("outside address"))}
                                                  : e.source.addresses;
        }
        out += QStringLiteral("New-NetFirewallRule -DisplayName %1 -Direction Inbound -Action Block -Protocol %2 "
                              "-LocalPort %3 -RemoteAddress %4\n")
                   .arg(psQuoted(name), protoWord(e.transport, false), windowsPorts({e.ports}),
                        remote.join(QLatin1Char(',')));
    }
    return out;
}

// Azure NSG priorities: 100 (first) to 4096; the restrictions of exposed ports come first.
class AzurePriorities
{
public:
    explicit AzurePriorities(int allows)
        : m_step(allows * 10 <= 4096 - 1000 ? 10 : 1)
    {}
    int nextDeny()
    {
        const int p = m_deny;
        m_deny += 2;
        return p <= 998 ? p : -1;
    }
    int nextAllow()
    {
        const int p = m_allow;
        m_allow += m_step;
        return p <= 4096 ? p : -1;
    }

private:
    int m_step;
    int m_deny = 100;
    int m_allow = 1000;
};

QString azureRules(const ChangeRequest &request)
{
    QString out = QStringLiteral("# Lower priority numbers win: the deny rules must come before any rule that allows "
                                 "these ports today.\nRG=%1\nNSG=%2\n")
                      .arg(shellQuoted(placeholder(QStringLiteral("resource group"))),
                           shellQuoted(placeholder(QStringLiteral("network security group of the destination"))));
    auto rule = [&](const QString &name, int priority, const QString &access, Transport transport,
                    const QStringList &sources, const QString &dest, const QStringList &ports,
                    const QString &description) {
        if (priority < 0) {
            out += QStringLiteral("# %1: no NSG priority left between 100 and 4096; split it into another NSG\n")
                       .arg(name);
            return;
        }
        QStringList prefixes;
        for (const QString &s : sources)
            prefixes << (s.startsWith(QLatin1Char('<')) ? shellQuoted(s) : azurePrefix(s));
        out += QStringLiteral("az network nsg rule create --resource-group \"$RG\" --nsg-name \"$NSG\"") %
               continuation % QStringLiteral("--name ") % name % QStringLiteral(" --priority ") %
               QString::number(priority) % QStringLiteral(" --direction Inbound --access ") % access %
               QStringLiteral(" --protocol ") %
               (transport == Transport::Udp ? QStringLiteral("Udp") : QStringLiteral("Tcp")) % continuation %
               QStringLiteral("--source-address-prefixes ") % prefixes.join(QLatin1Char(' ')) %
               QStringLiteral(" --source-port-ranges '*'") % continuation %
               QStringLiteral("--destination-address-prefixes ") %
               (dest.startsWith(QLatin1Char('<')) ? shellQuoted(dest) : azurePrefix(dest)) %
               QStringLiteral(" --destination-port-ranges ") % ports.join(QLatin1Char(' ')) % continuation %
               QStringLiteral("--description ") % shellQuoted(description) % QLatin1Char('\n');
    };
    AzurePriorities priorities(int(request.rules().size()));
    for (const ChangeRequest::Exposure &e : request.exposures()) {
        const QString base = QStringLiteral("topocheck-%1-%2-%3").arg(e.id, protoWord(e.transport, true), e.ports.toString());
        out += QStringLiteral("\n# %1: %2 %3 %4 answered %5: only the Control Room nodes may reach it\n")
                   .arg(e.id, e.host, protoWord(e.transport, false), e.ports.toString(), e.reachedFrom());
        const int priority = priorities.nextDeny();
        const QString dest = destination(e.address, e.host);
        const QStringList peers = sameFamily(e.clusterAddresses, dest);
        if (!peers.isEmpty())
            rule(RuleSnippets::ruleName(base + QStringLiteral("-cluster")), priority, QStringLiteral("Allow"),
                 e.transport, peers, dest, {e.ports.toString()},
                 clipAtWord(QStringLiteral("Control Room cluster traffic: ") + e.purpose, 140));
        rule(RuleSnippets::ruleName(base + QStringLiteral("-deny")), priority < 0 ? -1 : priority + 1,
             QStringLiteral("Deny"), e.transport, {QStringLiteral("*")}, dest, {e.ports.toString()},
             QStringLiteral("Cluster-only port, must not be reachable from outside the cluster"));
    }
    for (const ChangeRequest::Rule &r : request.rules()) {
        out += ruleComment(r);
        QStringList ports;
        for (const PortRange &p : r.ports)
            ports << p.toString();
        const QString dest = destination(r.address, r.host);
        rule(cloudName(r.id, QStringLiteral("allow"), r.toRole, r.transport, QString::number(r.ports.first().first)),
             priorities.nextAllow(), QStringLiteral("Allow"), r.transport, sameFamily(sourceAddresses(request, r), dest),
             dest, ports, ruleDescription(r, 140));
    }
    return out.replace(QStringLiteral("--source-address-prefixes *"), QStringLiteral("--source-address-prefixes '*'"));
}

QString gcpRules(const ChangeRequest &request)
{
    QString out = QStringLiteral("# Lower priority numbers win: the deny rules must come before any rule that allows "
                                 "these ports today.\n# --destination-ranges names the destination's address; "
                                 "--target-tags with the instances' network tag does the same.\nNETWORK=%1\n")
                      .arg(shellQuoted(placeholder(QStringLiteral("VPC network"))));
    auto rule = [&](const QString &name, int priority, const QString &action, const QString &rules,
                    const QStringList &sources, const QString &dest, const QString &description) {
        QStringList ranges;
        for (const QString &s : sources)
            ranges << (s.startsWith(QLatin1Char('<')) ? shellQuoted(s) : cidr(s));
        out += QStringLiteral("gcloud compute firewall-rules create ") % name % continuation %
               QStringLiteral("--network=\"$NETWORK\" --direction=INGRESS --action=") % action %
               QStringLiteral(" --rules=") % rules % QStringLiteral(" --priority=") % QString::number(priority) %
               continuation % QStringLiteral("--source-ranges=") % ranges.join(QLatin1Char(',')) % continuation %
               QStringLiteral("--destination-ranges=") %
               (dest.startsWith(QLatin1Char('<')) ? shellQuoted(dest) : cidr(dest)) % continuation %
               QStringLiteral("--description=") % shellQuoted(description) % QLatin1Char('\n');
    };
    int priority = 200;
    for (const ChangeRequest::Exposure &e : request.exposures()) {
        const QString base = QStringLiteral("topocheck-%1-%2-%3").arg(e.id, protoWord(e.transport, true), e.ports.toString());
        const QString rules = protoWord(e.transport, true) + QLatin1Char(':') + e.ports.toString();
        const QString dest = destination(e.address, e.host);
        out += QStringLiteral("\n# %1: %2 %3 %4 answered %5: only the Control Room nodes may reach it\n")
                   .arg(e.id, e.host, protoWord(e.transport, false), e.ports.toString(), e.reachedFrom());
        const QStringList peers = sameFamily(e.clusterAddresses, dest);
        if (!peers.isEmpty())
            rule(RuleSnippets::ruleName(base + QStringLiteral("-cluster")), priority, QStringLiteral("ALLOW"), rules,
                 peers, dest, clipAtWord(QStringLiteral("Control Room cluster traffic: ") + e.purpose, 200));
        rule(RuleSnippets::ruleName(base + QStringLiteral("-deny")), priority + 1, QStringLiteral("DENY"), rules,
             {isIpv6(dest) ? QStringLiteral("::/0") : QStringLiteral("0.0.0.0/0")}, dest,
             QStringLiteral("Cluster-only port, must not be reachable from outside the cluster"));
        priority += 10;
    }
    for (const ChangeRequest::Rule &r : request.rules()) {
        QStringList rules;
        for (const PortRange &p : r.ports)
            rules << protoWord(r.transport, true) + QLatin1Char(':') + p.toString();
        out += ruleComment(r);
        const QString dest = destination(r.address, r.host);
        rule(cloudName(r.id, QStringLiteral("allow"), r.toRole, r.transport, QString::number(r.ports.first().first)),
             1000, QStringLiteral("ALLOW"), rules.join(QLatin1Char(',')), sameFamily(sourceAddresses(request, r), dest),
             dest, ruleDescription(r, 200));
    }
    return out;
}
} // namespace

QString RuleSnippets::title(RuleDialect dialect)
{
    switch (dialect) {
    case RuleDialect::WindowsFirewall:
        return tr("Windows Defender Firewall (PowerShell, run on each destination host)");
    case RuleDialect::AzureNsg:
        return tr("Azure network security group (Azure CLI)");
    case RuleDialect::GcpFirewall:
        return tr("Google Cloud VPC firewall (gcloud)");
    }
    return {};
}

QString RuleSnippets::generate(const ChangeRequest &request, RuleDialect dialect, const QString &profileName)
{
    QString out = headerComment(request, dialect, profileName);
    switch (dialect) {
    case RuleDialect::WindowsFirewall:
        out += windowsRules(request);
        break;
    case RuleDialect::AzureNsg:
        out += azureRules(request);
        break;
    case RuleDialect::GcpFirewall:
        out += gcpRules(request);
        break;
    }
    QStringList skipped;
    for (const ChangeRequest::ServiceFix &f : request.serviceFixes())
        skipped << QStringLiteral("#   %1 %2 %3 %4: %5")
                       .arg(f.id, f.host, protoWord(f.transport, false), f.portsText(), f.actionText());
    if (!skipped.isEmpty())
        out += QStringLiteral("\n# Failures no firewall rule on the path fixes (services or host firewalls):\n") +
               skipped.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return out;
}

QStringList RuleSnippets::ipv4Complement(const QStringList &addresses)
{
    QList<quint32> excluded;
    for (const QString &text : addresses) {
        QHostAddress a;
        if (!a.setAddress(text) || a.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        excluded << a.toIPv4Address();
    }
    if (excluded.isEmpty())
        return {};
    std::sort(excluded.begin(), excluded.end());
    excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
    auto text = [](quint64 from, quint64 to) {
        const QString a = QHostAddress(quint32(from)).toString();
        return from == to ? a : a + QLatin1Char('-') + QHostAddress(quint32(to)).toString();
    };
    QStringList out;
    quint64 next = 0;
    for (const quint32 e : std::as_const(excluded)) {
        if (e > next)
            out << text(next, quint64(e) - 1);
        next = quint64(e) + 1;
    }
    if (next <= 0xffffffffULL)
        out << text(next, 0xffffffffULL);
    return out;
}

QString RuleSnippets::ruleName(const QString &text)
{
    static const QRegularExpression notAllowed(QStringLiteral("[^a-z0-9]+"));
    QString name = text.toLower().replace(notAllowed, QStringLiteral("-"));
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    if (name.isEmpty() || !name.front().isLetter())
        name.prepend(QLatin1String("r-"));
    name.truncate(63);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    return name;
}

QString RuleSnippets::forRun(const RunResults &results, const TopologyTemplate &topology, RuleDialect dialect,
                             const Profile *profile)
{
    return generate(ChangeRequest::build(results, topology, profile), dialect, results.profileName);
}
