#include "changerequest.h"

#include "component.h"
#include "displaynames.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QJsonValue>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace {
QString transportLabel(Transport transport)
{
    return DisplayNames::protocol(transportName(transport));
}

QString checkKey(const Check &c)
{
    return c.flowId % QLatin1Char('|') % c.host % QLatin1Char('|') % c.address % QLatin1Char('|') %
           QString::number(c.port) % QLatin1Char('|') % c.via;
}

// Finds, for every check of a merged result, the run it came from: CONTRACT.md's merge keeps the
// result of a machine whose vantage is the flow's source, so that machine is the source to name.
class SourceResolver
{
public:
    SourceResolver(const RunResults &results, const TopologyTemplate &topology)
        : m_results(results)
        , m_topology(topology)
    {
        for (const RunResults &run : results.sources) {
            QHash<QString, QString> outcomes;
            for (const Check &c : run.checks)
                if (c.state != CheckState::NotTested)
                    outcomes.insert(checkKey(c), stateName(c.state) % QLatin1Char('/') % c.reason);
            m_outcomes << outcomes;
            m_byHostname[run.vantage.hostname] << int(m_outcomes.size() - 1);
        }
    }

    // The run a check came from (the merged result itself for a single run).
    const Vantage &vantageOf(const Check &c) const
    {
        const Vantage *vantage = &m_results.vantage;
        if (!m_results.sources.isEmpty()) {
            const QString key = checkKey(c);
            const QString outcome = stateName(c.state) % QLatin1Char('/') % c.reason;
            int best = -1;
            int bestScore = 0;
            // A machine named by the check's tested_from outscores every other (16 against at most 12), so
            // only those are scored: a fleet of 1,000 machines is not searched once per check.
            const auto named = c.testedFrom.isEmpty() ? m_byHostname.cend() : m_byHostname.constFind(c.testedFrom);
            QList<int> candidates;
            if (named != m_byHostname.cend()) {
                candidates = *named;
            } else {
                candidates.reserve(m_results.sources.size());
                for (int i = 0; i < m_results.sources.size(); ++i)
                    candidates << i;
            }
            for (const int i : std::as_const(candidates)) {
                const Vantage &v = m_results.sources.at(i).vantage;
                const auto found = m_outcomes.at(i).constFind(key);
                int score = 0;
                // merged results name the machine of each check; older files are matched by outcome and role
                if (!c.testedFrom.isEmpty() && v.hostname == c.testedFrom)
                    score += 16;
                if (found != m_outcomes.at(i).cend())
                    score += *found == outcome ? 4 : 1;
                if (v.role == c.from)
                    score += 8;
                else if (v.isAll())
                    score += 2;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best >= 0)
                vantage = &m_results.sources.at(best).vantage;
        }
        return *vantage;
    }

    // The sender a rule must allow: the address the probe left from; a "--from all" run stands in
    // for every role, so there the profile's hosts of the flow's source are named (or the role).
    ChangeRequest::Source sourceOf(const Check &c, const QStringList &roleHosts) const
    {
        const Vantage &vantage = vantageOf(c);
        ChangeRequest::Source s;
        s.hostname = vantage.hostname;
        if (vantage.isAll() || vantage.role.isEmpty()) {
            s.role = c.from;
            s.addresses = roleHosts;
            // a node is no source of its own cluster traffic
            if (c.from == c.to)
                s.addresses.removeAll(c.host);
            s.origin = s.addresses.isEmpty() ? ChangeRequest::Source::Origin::Role : ChangeRequest::Source::Origin::Profile;
        } else {
            s.role = vantage.role;
            if (!c.sourceAddress.isEmpty()) {
                s.addresses = {c.sourceAddress};
            } else {
                s.addresses = vantage.addressStrings();
                s.origin = ChangeRequest::Source::Origin::MachineAddresses;
            }
        }
        s.roleLabel = DisplayNames::role(m_topology, s.role);
        return s;
    }

private:
    const RunResults &m_results;
    const TopologyTemplate &m_topology;
    QList<QHash<QString, QString>> m_outcomes;
    QHash<QString, QList<int>> m_byHostname; // source runs by their machine's hostname
};

QString transportWord(Transport t)
{
    return transportLabel(t);
}

QString vantageText(const Vantage &v, const TopologyTemplate &topology)
{
    if (v.isAll())
        return ChangeRequest::tr("%1 (--from all)").arg(v.hostname.isEmpty() ? ChangeRequest::tr("one machine") : v.hostname);
    const QString role = DisplayNames::role(topology, v.role);
    return v.hostname.isEmpty() ? role : role % QLatin1Char(' ') % v.hostname;
}

void addOnce(QStringList &list, const QString &value)
{
    if (!value.isEmpty() && !list.contains(value))
        list << value;
}

bool isPathFailure(const Check &c)
{
    // Only silence, or an ICMP rejection on the way, says that a network firewall stops the traffic.
    return c.state == CheckState::Filtered;
}

ChangeRequest::Action fixFor(const Check &c)
{
    if (c.to == ComponentId::localhost)
        return ChangeRequest::Action::LocalService;
    switch (c.state) {
    case CheckState::Unresolved:
        return ChangeRequest::Action::FixDns;
    case CheckState::Open:
        return ChangeRequest::Action::FixService;
    case CheckState::Closed:
        return ChangeRequest::Action::StartService;
    default:
        return ChangeRequest::Action::Retest;
    }
}

int originRank(ChangeRequest::Source::Origin o)
{
    return int(o);
}
} // namespace

QString ChangeRequest::Source::describe() const
{
    QString out = roleLabel;
    if (!hostname.isEmpty())
        out += QLatin1Char(' ') + hostname;
    if (!addresses.isEmpty() && origin != Origin::Profile)
        out += QLatin1String(" (") + addresses.join(QLatin1String(", ")) + QLatin1Char(')');
    return out;
}

QString ChangeRequest::Source::shortText() const
{
    if (origin == Origin::Role || addresses.isEmpty())
        return ChangeRequest::tr("any %1").arg(roleLabel);
    if (isGroup())
        return ChangeRequest::tr("%1: %n machines (list in appendix C)", nullptr, int(addresses.size())).arg(roleLabel);
    return roleLabel % QLatin1Char('\n') % addresses.join(QLatin1String(", "));
}

QString ChangeRequest::Source::note() const
{
    switch (origin) {
    case Origin::Probe:
        return {};
    case Origin::MachineAddresses:
        return ChangeRequest::tr("these results do not record the address each probe left from: every address of %1 is named")
            .arg(hostname.isEmpty() ? roleLabel : hostname);
    case Origin::Profile:
        return ChangeRequest::tr("tested from elsewhere (%1, --from all): the sources are the profile's %2 hosts")
            .arg(hostname.isEmpty() ? ChangeRequest::tr("another machine") : hostname, roleLabel);
    case Origin::Role:
        return ChangeRequest::tr("tested from elsewhere (%1, --from all) and the profile lists no %2: any %2")
            .arg(hostname.isEmpty() ? ChangeRequest::tr("another machine") : hostname, roleLabel);
    }
    return {};
}

QString ChangeRequest::portsText(const QList<PortRange> &ports)
{
    QStringList out;
    for (const PortRange &r : ports)
        out << r.toString();
    return out.join(QLatin1String(", "));
}

QString ChangeRequest::Rule::portsText() const
{
    return ChangeRequest::portsText(ports);
}

QString ChangeRequest::Rule::actionText() const
{
    const QString proto = transportWord(transport) % QLatin1Char(' ') % portsText();
    if (via == QLatin1String("proxy"))
        return ChangeRequest::tr("Allow the HTTP proxy to reach %1 on %2 (and permit CONNECT to that port)")
            .arg(destination(), proto);
    QString from;
    if (source.origin == Source::Origin::Role || source.addresses.isEmpty())
        from = ChangeRequest::tr("any %1").arg(source.roleLabel);
    else if (source.isGroup())
        from = ChangeRequest::tr("the %n %1 machines of appendix C", nullptr, int(source.addresses.size()))
                   .arg(source.roleLabel);
    else
        from = source.addresses.join(QLatin1String(", "));
    return ChangeRequest::tr("Allow %1 from %2 to %3").arg(proto, from, destination());
}

QString ChangeRequest::Rule::title() const
{
    // What the rule covers, as a firewall list shows it: "R3 Control Room to cr2 TCP 47100-47200 (cluster cache)"
    QStringList named;
    for (const QString &s : services)
        if (s != transportWord(transport))
            named << s;
    QString out = ChangeRequest::tr("%1 %2 to %3 %4 %5")
                      .arg(id, source.roleLabel, host.isEmpty() ? toLabel : host, transportWord(transport), portsText());
    if (!named.isEmpty())
        out += QStringLiteral(" (") + named.join(QLatin1String(", ")) + QLatin1Char(')');
    return out;
}

QString ChangeRequest::ServiceFix::portsText() const
{
    return ChangeRequest::portsText(ports);
}

QString ChangeRequest::ServiceFix::observed() const
{
    QString out = stateName(state);
    if (!reason.isEmpty())
        out += QLatin1String(" (") + reason + QLatin1Char(')');
    if (action == Action::FixService && !detail.isEmpty())
        out += QLatin1String("; ") + detail;
    return out;
}

QString ChangeRequest::ServiceFix::actionText() const
{
    const QString dest = address.isEmpty() ? host : address;
    const QString proto = transportWord(transport) % QLatin1Char(' ') % portsText();
    const QString machines = testedFrom.join(QLatin1String(", "));
    switch (action) {
    case Action::FixDns:
        return ChangeRequest::tr(
                   "Add a DNS record for %1: it does not resolve from %2, so no rule can name its address yet")
            .arg(host, machines.isEmpty() ? ChangeRequest::tr("the machine that tested") : machines);
    case Action::FixService:
        return ChangeRequest::tr("No firewall change: %1 answers on %2 but not as %3. Check what listens there or what "
                                 "intercepts the connection")
            .arg(dest, proto, service);
    case Action::StartService:
        return ChangeRequest::tr("No rule on the path: %1 itself refused %2. Start %3 there, or allow the port in its "
                                 "host firewall (a network firewall that rejects with resets looks the same: run "
                                 "topocheck --listen on %1 to tell them apart)")
            .arg(dest, proto, service);
    case Action::LocalService:
        return ChangeRequest::tr("No firewall rule (loopback traffic crosses no firewall): start the service that "
                                 "listens on %1 %2 on %3, or free the port if another process holds it")
            .arg(dest, proto, machines.isEmpty() ? ChangeRequest::tr("the Control Room node") : machines);
    case Action::Retest:
        return ChangeRequest::tr("The probe itself failed (%1): nothing can be concluded; run the check again")
            .arg(reason.isEmpty() ? stateName(state) : reason);
    }
    return {};
}

QString ChangeRequest::Exposure::reachedFrom() const
{
    QString out = source.roleLabel;
    if (!source.hostname.isEmpty())
        out += QLatin1Char(' ') + source.hostname;
    if (!source.addresses.isEmpty())
        out += ChangeRequest::tr(" from %1").arg(source.addresses.join(QLatin1String(", ")));
    return out;
}

QString ChangeRequest::Exposure::actionText() const
{
    QStringList peers = clusterAddresses;
    peers.removeAll(address);
    const QString dest = address.isEmpty() ? host : address;
    const QString proto = transportWord(transport) % QLatin1Char(' ') % ports.toString();
    if (peers.isEmpty())
        return ChangeRequest::tr("Block %1 to %2 from everything except the other Control Room nodes").arg(proto, dest);
    return ChangeRequest::tr("Block %1 to %2 from everything except the Control Room nodes %3")
        .arg(proto, dest, peers.join(QLatin1String(", ")));
}

QString ChangeRequest::TlsFinding::notAfter() const
{
    return tls.notAfter.isValid() ? tls.notAfter.toUTC().toString(QStringLiteral("yyyy-MM-dd")) : QString();
}

QStringList ChangeRequest::TlsFinding::findings() const
{
    QStringList out;
    if (tls.expired())
        out << ChangeRequest::tr("certificate expired on %1").arg(notAfter());
    else if (tls.expiresSoon())
        out << ChangeRequest::tr("certificate expires in %n days (%1)", nullptr, *tls.daysLeft).arg(notAfter());
    if (tls.nameMismatch())
        out << ChangeRequest::tr("certificate does not name %1").arg(host);
    if (tls.untrusted())
        out << ChangeRequest::tr("certificate chain not trusted by the machine that tested (issuer %1)")
                   .arg(tls.issuer.isEmpty() ? ChangeRequest::tr("unknown") : tls.issuer);
    if (tls.oldProtocol())
        out << ChangeRequest::tr("negotiated %1; the Control Room requires TLS 1.2 or later").arg(tls.version);
    return out;
}

QString ChangeRequest::TlsFinding::actionText() const
{
    QStringList out;
    if (tls.expired() || tls.expiresSoon())
        out << ChangeRequest::tr("Renew the certificate");
    if (tls.nameMismatch())
        out << ChangeRequest::tr("issue a certificate whose subject alternative names include %1").arg(host);
    if (tls.untrusted())
        out << ChangeRequest::tr("install the issuing CA on the Control Room and client machines, or use a "
                                 "certificate from a trusted CA");
    if (tls.oldProtocol())
        out << ChangeRequest::tr("enable TLS 1.2 or 1.3 on %1:%2").arg(host).arg(port);
    QString text = out.join(QLatin1String("; "));
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QString ChangeRequest::RangeSummary::text() const
{
    QString out = ChangeRequest::tr("%1: path open to %2 of %n ports", nullptr, tested)
                      .arg(ports.toString())
                      .arg(pathOpen);
    out += QStringLiteral(", ") + ChangeRequest::tr("%n answering", nullptr, answering);
    if (listener > 0)
        out += QStringLiteral(", ") + ChangeRequest::tr("%n proven by a Topocheck listener", nullptr, listener);
    if (filtered > 0)
        out += QStringLiteral(", ") + ChangeRequest::tr("%n dropped", nullptr, filtered);
    return out;
}

void ChangeRequest::PathProof::add(const Check &check)
{
    if (check.verdict != Verdict::Pass || check.isExposure())
        return;
    if (check.provenByListener())
        ++listener;
    else if (check.state == CheckState::Closed)
        ++reset;
    else
        ++answer;
}

ChangeRequest::PathProof::Kind ChangeRequest::PathProof::kind() const
{
    const int kinds = (listener > 0) + (reset > 0) + (answer > 0);
    if (kinds == 0)
        return Kind::None;
    if (kinds > 1)
        return Kind::Mixed;
    return listener > 0 ? Kind::Listener : reset > 0 ? Kind::ResetOnly : Kind::Answer;
}

QString ChangeRequest::PathProof::text() const
{
    switch (kind()) {
    case Kind::None:
        return {};
    case Kind::Listener:
        return ChangeRequest::tr("Path proven end to end by a Topocheck listener (%n checks).", nullptr, listener);
    case Kind::ResetOnly:
        return ChangeRequest::tr("Path proven only by a reset (%n checks): the destination, or a firewall rejecting "
                                 "for it, refused the connection; a Topocheck listener there would prove the path "
                                 "end to end.",
                                 nullptr, reset);
    case Kind::Answer:
        return ChangeRequest::tr("Path proven by the services that answered (%n checks).", nullptr, answer);
    case Kind::Mixed:
        break;
    }
    QStringList parts;
    if (listener > 0)
        parts << ChangeRequest::tr("%n by a Topocheck listener", nullptr, listener);
    if (answer > 0)
        parts << ChangeRequest::tr("%n by the service that answered", nullptr, answer);
    if (reset > 0)
        parts << ChangeRequest::tr("%n only by a reset", nullptr, reset);
    return ChangeRequest::tr("Passing checks proven %1.").arg(parts.join(QLatin1String(", ")));
}

int ChangeRequest::linkCount(PathProof::Kind kind) const
{
    return int(std::count_if(m_links.cbegin(), m_links.cend(),
                             [kind](const Link &l) { return !l.exposure && l.proof.kind() == kind; }));
}

QString ChangeRequest::proofSummary() const
{
    using K = PathProof::Kind;
    const int listener = linkCount(K::Listener);
    const int reset = linkCount(K::ResetOnly);
    const int answer = linkCount(K::Answer);
    const int mixed = linkCount(K::Mixed);
    if (listener + reset + answer + mixed == 0)
        return {};
    QStringList parts;
    parts << tr("%n proven end to end by a Topocheck listener", nullptr, listener);
    if (mixed > 0)
        parts << tr("%n partly by a listener or the services, partly only by a reset", nullptr, mixed);
    if (answer > 0)
        parts << tr("%n by the services that answered", nullptr, answer);
    parts << tr("%n only by a reset", nullptr, reset);
    QString out = tr("Links that passed: %1.").arg(parts.join(QLatin1String("; ")));
    if (reset + mixed > 0)
        out += QLatin1Char(' ') + tr("A reset proves only that something answered for the destination: run "
                                     "`topocheck --listen` there and check again with --expect-listener.");
    return out;
}

QString ChangeRequest::skipReasonText(const QString &reason)
{
    if (reason == QLatin1String("other-vantage"))
        return tr("the flow's source is another role than the machine that ran the checks");
    if (reason == QLatin1String("no-host"))
        return tr("the profile lists no host for the destination");
    if (reason == QLatin1String("self"))
        return tr("a Control Room node does not test itself");
    if (reason == QLatin1String("inside-cluster"))
        return tr("exposure checks need a machine outside the cluster");
    if (reason.isEmpty())
        return tr("not run");
    return reason;
}

QList<PortRange> ChangeRequest::mergePorts(QList<quint16> ports)
{
    std::sort(ports.begin(), ports.end());
    ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
    QList<PortRange> out;
    for (const quint16 port : std::as_const(ports)) {
        if (port == 0)
            continue;
        if (!out.isEmpty() && int(out.last().last) + 1 == int(port))
            out.last().last = port;
        else
            out << PortRange::single(port);
    }
    return out;
}

ChangeRequest::TlsFinding ChangeRequest::tlsFinding(const Check &c)
{
    return TlsFinding{{}, c.flowId, c.host, c.address, c.port, DisplayNames::protocol(c.protocol), c.verdict, c.tls};
}

namespace {
// Rules are gathered per (role, via, destination, transport), with the senders of each port; ports
// that share the same senders become one rule.
struct RuleGroup
{
    ChangeRequest::Rule base;
    QMap<quint16, QStringList> senders; // port -> sorted sender tokens
    QHash<QString, ChangeRequest::Source::Origin> origin;
    QMap<QString, int> evidence;
};

struct FixGroup
{
    ChangeRequest::ServiceFix fix;
    QList<quint16> ports;
};
} // namespace

ChangeRequest ChangeRequest::build(const RunResults &results, const TopologyTemplate &topology, const Profile *profile)
{
    ChangeRequest cr;
    const SourceResolver resolver(results, topology);

    // "Tested from": the addresses the probes left from, not every interface of the machine; a results
    // file without source addresses (an older version) names the machine's addresses instead
    const auto usedAddresses = [](const RunResults &run) {
        QStringList used;
        for (const Check &c : run.checks) {
            const QHostAddress a(c.sourceAddress);
            if (!c.sourceAddress.isEmpty() && !a.isLoopback())
                addOnce(used, c.sourceAddress);
        }
        return used.isEmpty() ? run.vantage.addressStrings() : used;
    };
    if (results.sources.isEmpty())
        cr.m_testedFrom << Source{results.vantage.role, DisplayNames::role(topology, results.vantage.role),
                                  results.vantage.hostname, usedAddresses(results), Source::Origin::Probe};
    for (const RunResults &run : results.sources)
        cr.m_testedFrom << Source{run.vantage.role, DisplayNames::role(topology, run.vantage.role), run.vantage.hostname,
                                  usedAddresses(run), Source::Origin::Probe};

    // What the probes know of each host of the profile: its role and the addresses they reached it at.
    QHash<QString, QStringList> hostsOfRole;
    for (const Check &c : results.checks) {
        if (!c.host.isEmpty() && c.to != ComponentId::localhost) {
            addOnce(hostsOfRole[c.to], c.host);
            if (!c.address.isEmpty())
                addOnce(cr.m_hostAddresses[c.host], c.address);
        }
    }
    auto roleHosts = [&](const QString &role) {
        if (profile && !profile->hostsOf(role).isEmpty())
            return profile->hostsOf(role);
        return hostsOfRole.value(role);
    };

    // The Control Room nodes, by address: they are the only sources a cluster port may accept.
    QStringList clusterAddresses;
    for (const Check &c : results.checks)
        if (c.to == ComponentId::controlRoom && !c.address.isEmpty() && !clusterAddresses.contains(c.address))
            clusterAddresses << c.address;
    // A node's own address is the one its probes left from; older results only know all of the machine's.
    QSet<QString> nodesWithProbeAddresses;
    for (const Check &c : results.checks) {
        if (c.sourceAddress.isEmpty() || c.to == ComponentId::localhost || c.state == CheckState::NotTested)
            continue;
        const Vantage &v = resolver.vantageOf(c);
        if (v.role != ComponentId::controlRoom)
            continue;
        nodesWithProbeAddresses.insert(v.hostname);
        if (!clusterAddresses.contains(c.sourceAddress))
            clusterAddresses << c.sourceAddress;
    }
    for (const Source &s : std::as_const(cr.m_testedFrom))
        if (s.role == ComponentId::controlRoom && !nodesWithProbeAddresses.contains(s.hostname))
            for (const QString &a : s.addresses)
                if (!clusterAddresses.contains(a))
                    clusterAddresses << a;
    std::sort(clusterAddresses.begin(), clusterAddresses.end());

    QList<QString> ruleOrder;
    QHash<QString, RuleGroup> ruleGroups;
    QList<QString> fixOrder;
    QHash<QString, FixGroup> fixGroups;
    QList<QPair<QString, Exposure>> exposures;
    QHash<QString, QList<quint16>> exposurePorts;
    QSet<QString> tlsSeen;
    QList<QString> rangeOrder;
    QHash<QString, RangeSummary> rangeGroups;
    QHash<QString, int> skipped;

    for (const Check &c : results.checks) {
        if (c.state == CheckState::NotTested) {
            const QString reason = c.reason.isEmpty() ? QStringLiteral("not-run") : c.reason;
            if (!skipped.contains(reason))
                cr.m_skipped << qMakePair(reason, 0);
            ++skipped[reason];
            continue;
        }
        ++cr.m_testedCount;
        const Flow *flow = topology.flow(c.flowId);
        const QString purpose = flow ? flow->purpose : QString();

        if (c.expect == Expectation::Reachable) {
            const QString key = c.flowId % QLatin1Char('|') % c.host % QLatin1Char('|') % c.address %
                                QLatin1Char('|') % c.via;
            auto it = rangeGroups.find(key);
            if (it == rangeGroups.end()) {
                RangeSummary r;
                r.flowId = c.flowId;
                r.host = c.host;
                r.address = c.address;
                r.via = c.via;
                r.transport = c.transport;
                r.ports = PortRange::single(c.port);
                rangeOrder << key;
                it = rangeGroups.insert(key, r);
            }
            RangeSummary &r = *it;
            r.ports.first = qMin(r.ports.first, c.port);
            r.ports.last = qMax(r.ports.last, c.port);
            ++r.tested;
            if (c.state == CheckState::Open || c.state == CheckState::Closed)
                ++r.pathOpen;
            if (c.state == CheckState::Open)
                ++r.answering;
            if (c.provenByListener())
                ++r.listener;
            if (c.state == CheckState::Filtered)
                ++r.filtered;
            r.worst = r.tested == 1 ? c.verdict : worseVerdict(r.worst, c.verdict);
        }

        if (!c.tls.isEmpty()) {
            TlsFinding f = tlsFinding(c);
            if (!f.findings().isEmpty()) {
                const QString key = f.host % QLatin1Char(':') % QString::number(f.port) % QLatin1Char('|') %
                                    f.findings().join(QLatin1Char('|'));
                if (!tlsSeen.contains(key)) {
                    tlsSeen.insert(key);
                    cr.m_tlsFindings << f;
                }
                continue; // a certificate problem is not a firewall rule
            }
        }

        if (c.isExposure()) {
            if (c.state != CheckState::Open)
                continue;
            Exposure e;
            e.source = resolver.sourceOf(c, {});
            if (e.source.origin != Source::Origin::Probe && e.source.origin != Source::Origin::MachineAddresses)
                e.source.addresses.clear();
            e.flowId = c.flowId;
            e.host = c.host;
            e.address = c.address;
            e.transport = c.transport;
            e.purpose = purpose;
            e.reason = c.reason;
            e.clusterAddresses = clusterAddresses;
            // the machine that reached the port is outside the cluster by definition, whatever else it ran as
            for (const QString &a : resolver.vantageOf(c).addressStrings())
                e.clusterAddresses.removeAll(a);
            for (const QString &a : std::as_const(e.source.addresses))
                e.clusterAddresses.removeAll(a);
            const QString key = e.source.role % QLatin1Char('/') % e.source.hostname % QLatin1Char('/') %
                                e.source.addresses.join(QLatin1Char(',')) % QLatin1Char('|') % c.flowId %
                                QLatin1Char('|') % c.host % QLatin1Char('|') % c.address % QLatin1Char('|') %
                                transportName(c.transport);
            if (!exposurePorts.contains(key))
                exposures << qMakePair(key, e);
            exposurePorts[key] << c.port;
            continue;
        }

        if (c.verdict != Verdict::Fail)
            continue;
        const Vantage &vantage = resolver.vantageOf(c);
        if (isPathFailure(c) && c.to != ComponentId::localhost) {
            const Source source = resolver.sourceOf(c, roleHosts(c.from));
            const QString dest = c.address.isEmpty() ? c.host : c.address;
            const QString key = source.role % QLatin1Char('|') % c.via % QLatin1Char('|') % dest % QLatin1Char('|') %
                                transportName(c.transport) % QLatin1Char('|') % c.to;
            auto it = ruleGroups.find(key);
            if (it == ruleGroups.end()) {
                RuleGroup g;
                g.base.source = source;
                g.base.via = c.via;
                g.base.fromRole = c.from;
                g.base.toRole = c.to;
                g.base.toLabel = DisplayNames::role(topology, c.to);
                g.base.host = c.host;
                g.base.address = c.address;
                g.base.transport = c.transport;
                ruleOrder << key;
                it = ruleGroups.insert(key, g);
            }
            RuleGroup &g = *it;
            QStringList &senders = g.senders[c.port];
            if (source.origin == Source::Origin::Role) {
                addOnce(senders, QStringLiteral("*"));
                g.origin.insert(QStringLiteral("*"), source.origin);
            }
            for (const QString &a : source.addresses) {
                addOnce(senders, a);
                auto o = g.origin.constFind(a);
                if (o == g.origin.cend() || originRank(*o) < originRank(source.origin))
                    g.origin.insert(a, source.origin);
            }
            addOnce(g.base.services, DisplayNames::protocol(c.protocol));
            addOnce(g.base.purposes, purpose);
            addOnce(g.base.flowIds, c.flowId);
            addOnce(g.base.testedFrom, vantageText(vantage, topology));
            ++g.evidence[stateName(c.state) % QStringLiteral(" (") % c.reason % QLatin1Char(')')];
            ++g.base.checkCount;
            continue;
        }

        const Action action = fixFor(c);
        const QString key = QString::number(int(action)) % QLatin1Char('|') % c.via % QLatin1Char('|') % c.host %
                            QLatin1Char('|') % c.address % QLatin1Char('|') % transportName(c.transport) %
                            QLatin1Char('|') % c.protocol % QLatin1Char('|') % stateName(c.state) % QLatin1Char('|') %
                            c.reason % QLatin1Char('|') % serviceName(c.service) % QLatin1Char('|') %
                            (action == Action::FixService ? c.detail : QString()); // what answered, per port
        auto it = fixGroups.find(key);
        if (it == fixGroups.end()) {
            ServiceFix f;
            f.action = action;
            f.via = c.via;
            f.flowId = c.flowId;
            f.fromRole = c.from;
            f.toRole = c.to;
            f.toLabel = DisplayNames::role(topology, c.to);
            f.host = c.host;
            f.address = c.address;
            f.transport = c.transport;
            f.protocol = c.protocol;
            f.service = DisplayNames::protocol(c.protocol);
            f.purpose = purpose;
            f.state = c.state;
            f.reason = c.reason;
            f.detail = c.detail;
            f.advice = c.advice;
            fixOrder << key;
            it = fixGroups.insert(key, FixGroup{f, {}});
        }
        it->ports << c.port;
        ++it->fix.checkCount;
        // flows to the same port of the same host (a browser's and a Bot Agent's) are one fix
        if (!purpose.isEmpty() && !it->fix.purpose.split(QStringLiteral("; ")).contains(purpose))
            it->fix.purpose += (it->fix.purpose.isEmpty() ? QString() : QStringLiteral("; ")) + purpose;
        addOnce(it->fix.testedFrom,
                vantage.hostname.isEmpty() ? DisplayNames::role(topology, vantage.role) : vantage.hostname);
    }

    int n = 0;
    for (const QString &key : std::as_const(ruleOrder)) {
        const RuleGroup &g = ruleGroups[key];
        // ports with the same senders share a rule
        QList<QString> setOrder;
        QHash<QString, QList<quint16>> portsOfSet;
        QHash<QString, QStringList> sendersOfSet;
        for (auto p = g.senders.cbegin(); p != g.senders.cend(); ++p) {
            QStringList senders = p.value();
            std::sort(senders.begin(), senders.end());
            const QString setKey = senders.join(QLatin1Char(','));
            if (!portsOfSet.contains(setKey)) {
                setOrder << setKey;
                sendersOfSet.insert(setKey, senders);
            }
            portsOfSet[setKey] << p.key();
        }
        QStringList evidence;
        for (auto e = g.evidence.cbegin(); e != g.evidence.cend(); ++e)
            evidence << tr("%1: %n checks", nullptr, e.value()).arg(e.key());
        for (const QString &setKey : std::as_const(setOrder)) {
            Rule r = g.base;
            r.id = QStringLiteral("R%1").arg(++n);
            r.ports = mergePorts(portsOfSet.value(setKey));
            r.evidence = evidence;
            QStringList senders = sendersOfSet.value(setKey);
            Source::Origin origin = Source::Origin::Probe;
            for (const QString &s : std::as_const(senders))
                origin = std::max(origin, g.origin.value(s), [](Source::Origin a, Source::Origin b) {
                    return originRank(a) < originRank(b);
                });
            senders.removeAll(QStringLiteral("*"));
            r.source.addresses = senders;
            r.source.origin = origin;
            if (origin == Source::Origin::Role)
                r.source.addresses.clear();
            cr.m_rules << r;
        }
    }

    int s = 0;
    for (const QString &key : std::as_const(fixOrder)) {
        FixGroup &g = fixGroups[key];
        g.fix.ports = mergePorts(g.ports);
        g.fix.id = QStringLiteral("S%1").arg(++s);
        cr.m_serviceFixes << g.fix;
    }

    int e = 0;
    for (const auto &[key, row] : std::as_const(exposures)) {
        for (const PortRange &range : mergePorts(exposurePorts.value(key))) {
            Exposure x = row;
            x.ports = range;
            x.id = QStringLiteral("E%1").arg(++e);
            cr.m_exposures << x;
        }
    }
    for (int i = 0; i < cr.m_tlsFindings.size(); ++i)
        cr.m_tlsFindings[i].id = QStringLiteral("T%1").arg(i + 1);
    for (const QString &key : std::as_const(rangeOrder))
        cr.m_ranges << rangeGroups.value(key);
    for (auto &[reason, count] : cr.m_skipped)
        count = skipped.value(reason);

    // Links group checks by Check::linkId(), in the order of the template's flows; a link whose flows
    // the template does not know comes last.
    QList<Link> links;
    QHash<QString, int> linkRow;
    QHash<QString, QString> linkOfFlow;
    for (const Check &c : results.checks) {
        const QString id = c.linkId();
        auto row = linkRow.constFind(id);
        if (row == linkRow.cend()) {
            Link l;
            l.id = id;
            const qsizetype gt = id.indexOf(QLatin1Char('>'));
            l.from = id.left(gt);
            l.to = id.mid(gt + 1);
            l.exposure = c.isExposure();
            l.title =
                DisplayNames::role(topology, l.from) % QStringLiteral(" \u2192 ") % DisplayNames::role(topology, l.to);
            if (l.exposure)
                l.title += tr(" (must be closed)");
            row = linkRow.insert(id, int(links.size()));
            links << l;
        }
        Link &l = links[*row];
        l.checks << c;
        l.worst = worseVerdict(l.worst, c.verdict);
        l.proof.add(c);
        linkOfFlow.insert(c.flowId, id);
    }
    QHash<QString, int> firstFlow;
    const QString separator = QStringLiteral(" \u00b7 ");
    for (int i = 0; i < topology.flows().size(); ++i) {
        const Flow &f = topology.flows().at(i);
        const auto id = linkOfFlow.constFind(f.id);
        if (id == linkOfFlow.cend())
            continue;
        if (!firstFlow.contains(*id))
            firstFlow.insert(*id, i);
        Link &l = links[linkRow.value(*id)];
        QString label = DisplayNames::protocol(f.protocol) % QLatin1Char(' ') % f.ports.toString();
        if (f.transport == Transport::Udp)
            label += QLatin1String("/udp");
        if (f.isExposureCheck())
            label = f.ports.toString();
        if (!l.ports.split(separator).contains(label))
            l.ports = l.ports.isEmpty() ? label : l.ports % separator % label;
    }
    const int unknown = int(topology.flows().size());
    std::stable_sort(links.begin(), links.end(), [&](const Link &a, const Link &b) {
        return firstFlow.value(a.id, unknown) < firstFlow.value(b.id, unknown);
    });
    cr.m_links = links;
    return cr;
}
