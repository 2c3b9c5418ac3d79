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

QString cidr(const QString &address)
{
    QHostAddress a;
    if (!a.setAddress(address))
        return address;
    return address + (a.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1String("/128") : QLatin1String("/32"));
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

QStringList sourceAddresses(const ChangeRequest::Opening &o)
{
    if (o.via == QLatin1String("proxy"))
        return {placeholder(QStringLiteral("address of the HTTP proxy"))};
    if (!o.source.addresses.isEmpty())
        return o.source.addresses;
    return {placeholder(QStringLiteral("address of ") +
                        (o.source.hostname.isEmpty() ? o.source.roleLabel : o.source.hostname))};
}

QString destination(const QString &address, const QString &host)
{
    return address.isEmpty() ? placeholder(QStringLiteral("address of ") + host) : address;
}

// Openings between the same two addresses share one rule listing all their ports (at most
// maxPorts entries each: cloud firewalls cap the ports a single rule may hold).
struct AllowRule
{
    const ChangeRequest::Opening *first = nullptr;
    QStringList ports;
    QStringList purposes;
};

QList<AllowRule> allowRules(const ChangeRequest &request)
{
    constexpr int maxPorts = 50;
    QList<AllowRule> rules;
    QHash<QString, int> open;
    for (const ChangeRequest::Opening &o : request.openings()) {
        if (o.action != ChangeRequest::Action::Allow)
            continue;
        const QString key = sourceAddresses(o).join(QLatin1Char(',')) % QLatin1Char('|') %
                            destination(o.address, o.host) % QLatin1Char('|') % protoWord(o.transport, true) %
                            QLatin1Char('|') % o.toRole;
        const auto found = open.constFind(key);
        if (found == open.cend() || rules.at(*found).ports.size() >= maxPorts) {
            open.insert(key, int(rules.size()));
            rules << AllowRule{&o, {}, {}};
        }
        AllowRule &rule = rules[open.value(key)];
        rule.ports << o.ports.toString();
        if (!rule.purposes.contains(o.purpose))
            rule.purposes << o.purpose;
    }
    return rules;
}

QString headerComment(const ChangeRequest &request, RuleDialect dialect, const QString &profileName)
{
    QString out = QStringLiteral("# ") + RuleSnippets::title(dialect) + QLatin1Char('\n');
    out += QStringLiteral("# Topocheck change request");
    if (!profileName.isEmpty())
        out += QStringLiteral(" for ") + profileName;
    out += QLatin1Char('\n');
    out += QStringLiteral("# Rules to add for connections Automation 360 needs that failed: %1. Exposed port ranges "
                          "to restrict to the Control Room nodes: %2.\n")
               .arg(request.ruleCount())
               .arg(request.exposures().size());
    out +=
        QStringLiteral("# Sources are the machines that ran the checks; widen them to their subnets if other machines "
                       "of the same role need the same access.\n");
    return out;
}

QString windowsRules(const ChangeRequest &request)
{
    QString out;
    int n = 0;
    for (const AllowRule &r : allowRules(request)) {
        const ChangeRequest::Opening &o = *r.first;
        const QString name = QStringLiteral("Topocheck %1 %2 to %3 %4 %5")
                                 .arg(QString::number(++n).rightJustified(3, QLatin1Char('0')), o.source.roleLabel,
                                      o.toLabel, protoWord(o.transport, false), r.ports.first());
        out += QStringLiteral("\n# On %1 (%2): %3 %4 - %5\n")
                   .arg(o.host, destination(o.address, o.host), o.service, r.ports.join(QLatin1Char(',')),
                        r.purposes.join(QLatin1String("; ")));
        out += QStringLiteral("New-NetFirewallRule -DisplayName %1 -Direction Inbound -Action Allow -Protocol %2 "
                              "-LocalPort %3 -LocalAddress %4 -RemoteAddress %5\n")
                   .arg(psQuoted(name), protoWord(o.transport, false), r.ports.join(QLatin1Char(',')),
                        destination(o.address, o.host), sourceAddresses(o).join(QLatin1Char(',')));
    }
    for (const ChangeRequest::Exposure &e : request.exposures()) {
        const QString name = QStringLiteral("Topocheck block outside cluster %1 %2")
                                 .arg(protoWord(e.transport, false), e.ports.toString());
        QStringList remote = RuleSnippets::ipv4Complement(e.clusterAddresses);
        out +=
            QStringLiteral("\n# On %1 (%2): %3 must only be reachable from the Control Room nodes (%4).\n")
                .arg(e.host, destination(e.address, e.host), e.purpose, e.clusterAddresses.join(QLatin1String(", ")));
        if (remote.isEmpty()) {
            // Block rules beat allow rules in Windows Firewall, so without the node list block the tested source only.
            out += QStringLiteral(
                "# The Control Room node addresses are unknown: this blocks the machine that reached it.\n");
            remote = e.source.addresses.isEmpty() ? QStringList{placeholder(QStringLiteral("outside address"))}
                                                  : e.source.addresses;
        }
        out +=
            QStringLiteral("New-NetFirewallRule -DisplayName %1 -Direction Inbound -Action Block -Protocol %2 "
                           "-LocalPort %3 -RemoteAddress %4\n")
                .arg(psQuoted(name), protoWord(e.transport, false), e.ports.toString(), remote.join(QLatin1Char(',')));
    }
    return out;
}

QString azureRules(const ChangeRequest &request)
{
    QString out =
        QStringLiteral("# Lower priority numbers win: the deny rules must come before any rule that allows these "
                       "ports today.\nRG=%1\nNSG=%2\n")
            .arg(shellQuoted(placeholder(QStringLiteral("resource group"))),
                 shellQuoted(placeholder(QStringLiteral("network security group of the destination"))));
    auto rule = [&](const QString &name, int priority, const QString &access, Transport transport,
                    const QStringList &sources, const QString &dest, const QString &ports, const QString &description) {
        out +=
            QStringLiteral("az network nsg rule create --resource-group \"$RG\" --nsg-name \"$NSG\"") % continuation %
            QStringLiteral("--name ") % name % QStringLiteral(" --priority ") % QString::number(priority) %
            QStringLiteral(" --direction Inbound --access ") % access % QStringLiteral(" --protocol ") %
            (transport == Transport::Udp ? QStringLiteral("Udp") : QStringLiteral("Tcp")) % continuation %
            QStringLiteral("--source-address-prefixes ") % sources.join(QLatin1Char(' ')) %
            QStringLiteral(" --source-port-ranges '*'") % continuation %
            QStringLiteral("--destination-address-prefixes ") % dest % QStringLiteral(" --destination-port-ranges ") %
            ports % continuation % QStringLiteral("--description ") % shellQuoted(description) % QLatin1Char('\n');
    };
    int n = 0;
    int priority = 1000;
    for (const AllowRule &r : allowRules(request)) {
        const ChangeRequest::Opening &o = *r.first;
        ++n;
        const QString description = o.source.roleLabel + QStringLiteral(" to ") % o.toLabel % QStringLiteral(": ") %
                                                             r.purposes.join(QLatin1String("; "));
        out += QStringLiteral("\n# %1 -> %2 %3 %4\n")
                   .arg(o.source.describe(), o.host, protoWord(o.transport, false), r.ports.join(QLatin1Char(',')));
        rule(RuleSnippets::ruleName(QStringLiteral("topocheck-allow-%1-%2-%3-%4")
                                        .arg(n, 3, 10, QLatin1Char('0'))
                                        .arg(o.toRole, protoWord(o.transport, true), r.ports.first())),
             priority, QStringLiteral("Allow"), o.transport, sourceAddresses(o), destination(o.address, o.host),
             r.ports.join(QLatin1Char(' ')), description.left(140));
        priority += 10;
    }
    priority = 200;
    int m = 0;
    for (const ChangeRequest::Exposure &e : request.exposures()) {
        ++m;
        const QString base = QStringLiteral("topocheck-%1-%2-%3")
                                 .arg(m, 3, 10, QLatin1Char('0'))
                                 .arg(protoWord(e.transport, true), e.ports.toString());
        out += QStringLiteral("\n# %1 %2 %3 answered from %4: only the Control Room nodes may reach it\n")
                   .arg(e.host, protoWord(e.transport, false), e.ports.toString(), e.source.describe());
        if (!e.clusterAddresses.isEmpty())
            rule(RuleSnippets::ruleName(base + QStringLiteral("-cluster")), priority, QStringLiteral("Allow"),
                 e.transport, e.clusterAddresses, destination(e.address, e.host), e.ports.toString(),
                 QStringLiteral("Control Room cluster traffic: ") + e.purpose.left(100));
        rule(RuleSnippets::ruleName(base + QStringLiteral("-deny")), priority + 1, QStringLiteral("Deny"), e.transport,
             {QStringLiteral("'*'")}, destination(e.address, e.host), e.ports.toString(),
             QStringLiteral("Cluster-only port, must not be reachable from outside the cluster"));
        priority += 10;
    }
    return out;
}

QString gcpRules(const ChangeRequest &request)
{
    QString out =
        QStringLiteral("# Lower priority numbers win: the deny rules must come before any rule that allows these "
                       "ports today.\nNETWORK=%1\n")
            .arg(shellQuoted(placeholder(QStringLiteral("VPC network"))));
    auto rule = [&](const QString &name, int priority, const QString &action, const QString &rules,
                    const QStringList &sources, const QString &dest, const QString &description) {
        QStringList ranges;
        for (const QString &s : sources)
            ranges << cidr(s);
        out += QStringLiteral("gcloud compute firewall-rules create ") % name % continuation %
               QStringLiteral("--network=\"$NETWORK\" --direction=INGRESS --action=") % action %
               QStringLiteral(" --rules=") % rules % QStringLiteral(" --priority=") % QString::number(priority) %
               continuation % QStringLiteral("--source-ranges=") % ranges.join(QLatin1Char(',')) % continuation %
               QStringLiteral("--destination-ranges=") % cidr(dest) % continuation % QStringLiteral("--description=") %
               shellQuoted(description) % QLatin1Char('\n');
    };
    int n = 0;
    int priority = 1000;
    for (const AllowRule &r : allowRules(request)) {
        const ChangeRequest::Opening &o = *r.first;
        ++n;
        QStringList rules;
        for (const QString &ports : r.ports)
            rules << protoWord(o.transport, true) + QLatin1Char(':') + ports;
        out += QStringLiteral("\n# %1 -> %2 %3 %4\n")
                   .arg(o.source.describe(), o.host, protoWord(o.transport, false), r.ports.join(QLatin1Char(',')));
        rule(RuleSnippets::ruleName(QStringLiteral("topocheck-allow-%1-%2-%3-%4")
                                        .arg(n, 3, 10, QLatin1Char('0'))
                                        .arg(o.toRole, protoWord(o.transport, true), r.ports.first())),
             priority, QStringLiteral("ALLOW"), rules.join(QLatin1Char(',')), sourceAddresses(o),
             destination(o.address, o.host),
             QString(o.source.roleLabel % QStringLiteral(" to ") % o.toLabel % QStringLiteral(": ") %
                     r.purposes.join(QLatin1String("; ")))
                 .left(200));
        priority += 10;
    }
    priority = 200;
    int m = 0;
    for (const ChangeRequest::Exposure &e : request.exposures()) {
        ++m;
        const QString base = QStringLiteral("topocheck-%1-%2-%3")
                                 .arg(m, 3, 10, QLatin1Char('0'))
                                 .arg(protoWord(e.transport, true), e.ports.toString());
        const QString rules = protoWord(e.transport, true) + QLatin1Char(':') + e.ports.toString();
        out += QStringLiteral("\n# %1 %2 %3 answered from %4: only the Control Room nodes may reach it\n")
                   .arg(e.host, protoWord(e.transport, false), e.ports.toString(), e.source.describe());
        if (!e.clusterAddresses.isEmpty())
            rule(RuleSnippets::ruleName(base + QStringLiteral("-cluster")), priority, QStringLiteral("ALLOW"), rules,
                 e.clusterAddresses, destination(e.address, e.host),
                 QStringLiteral("Control Room cluster traffic: ") + e.purpose.left(100));
        rule(RuleSnippets::ruleName(base + QStringLiteral("-deny")), priority + 1, QStringLiteral("DENY"), rules,
             {QStringLiteral("0.0.0.0/0")}, destination(e.address, e.host),
             QStringLiteral("Cluster-only port, must not be reachable from outside the cluster"));
        priority += 10;
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
    for (const ChangeRequest::Opening &o : request.openings())
        if (o.action != ChangeRequest::Action::Allow)
            skipped << QStringLiteral("#   %1 %2 %3: %4")
                           .arg(o.host, protoWord(o.transport, false), o.ports.toString(), o.actionText());
    if (!skipped.isEmpty())
        out += QStringLiteral("\n# Failures no firewall rule fixes:\n") + skipped.join(QLatin1Char('\n')) +
               QLatin1Char('\n');
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

QString RuleSnippets::forRun(const RunResults &results, const TopologyTemplate &topology, RuleDialect dialect)
{
    return generate(ChangeRequest::build(results, topology), dialect, results.profileName);
}
