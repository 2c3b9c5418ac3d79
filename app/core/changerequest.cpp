#include "changerequest.h"

#include "component.h"
#include "displaynames.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
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
    return c.flowId % QLatin1Char('|') % c.host % QLatin1Char('|') % QString::number(c.port) % QLatin1Char('|') % c.via;
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
        }
    }

    ChangeRequest::Source sourceOf(const Check &c) const
    {
        const Vantage *vantage = &m_results.vantage;
        if (!m_results.sources.isEmpty()) {
            const QString key = checkKey(c);
            const QString outcome = stateName(c.state) % QLatin1Char('/') % c.reason;
            int best = -1;
            int bestScore = 0;
            for (int i = 0; i < m_results.sources.size(); ++i) {
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
        ChangeRequest::Source s;
        // "--from all" plays every role; the flow's own source is the role that matters.
        s.role = vantage->isAll() || vantage->role.isEmpty() ? c.from : vantage->role;
        s.roleLabel = DisplayNames::role(m_topology, s.role);
        s.hostname = vantage->hostname;
        s.addresses = vantage->addressStrings();
        return s;
    }

private:
    const RunResults &m_results;
    const TopologyTemplate &m_topology;
    QList<QHash<QString, QString>> m_outcomes;
};

QString sourceKey(const ChangeRequest::Source &s)
{
    return s.role % QLatin1Char('/') % s.hostname % QLatin1Char('/') % s.addresses.join(QLatin1Char(','));
}

QString firstAddressOr(const QStringList &addresses, const QString &fallback)
{
    return addresses.isEmpty() ? fallback : addresses.join(QLatin1String(", "));
}


ChangeRequest::Action actionFor(const Check &c)
{
    switch (c.state) {
    case CheckState::Unresolved:
        return ChangeRequest::Action::FixDns;
    case CheckState::Open:
        return ChangeRequest::Action::FixService;
    default:
        return ChangeRequest::Action::Allow;
    }
}

template <typename Row>
QList<Row> mergeRuns(const QList<QPair<QString, Row>> &keyed, const QHash<QString, QList<quint16>> &ports)
{
    QList<Row> out;
    for (const auto &[key, row] : keyed) {
        for (const PortRange &range : ChangeRequest::mergePorts(ports.value(key))) {
            Row r = row;
            r.ports = range;
            out << r;
        }
    }
    return out;
}
} // namespace

QString ChangeRequest::Source::describe() const
{
    QString out = roleLabel;
    if (!hostname.isEmpty())
        out += QLatin1Char(' ') + hostname;
    if (!addresses.isEmpty())
        out += QLatin1String(" (") + addresses.join(QLatin1String(", ")) + QLatin1Char(')');
    return out;
}

QString ChangeRequest::Opening::observed() const
{
    QString out = stateName(state);
    if (!reason.isEmpty())
        out += QLatin1String(" (") + reason + QLatin1Char(')');
    if (action == Action::FixService && !detail.isEmpty())
        out += QLatin1String("; ") + detail;
    return out;
}

QString ChangeRequest::Opening::actionText() const
{
    const QString dest = address.isEmpty() ? host : address;
    const QString proto = transportLabel(transport) % QLatin1Char(' ') % ports.toString();
    switch (action) {
    case Action::FixDns:
        return ChangeRequest::tr(
                   "Add a DNS record for %1: it does not resolve from %2, so no rule can name its address yet")
            .arg(host, source.hostname.isEmpty() ? source.roleLabel : source.hostname);
    case Action::FixService:
        return ChangeRequest::tr("No firewall change: %1 answers on %2 but not as %3. Check what listens there or what "
                                 "intercepts the connection")
            .arg(dest, proto, service);
    case Action::Allow:
        break;
    }
    if (via == QLatin1String("proxy"))
        return ChangeRequest::tr("Allow the HTTP proxy to reach %1 on %2 (and permit CONNECT to that port)")
            .arg(dest, proto);
    return ChangeRequest::tr("Allow %1 from %2 to %3")
        .arg(proto, firstAddressOr(source.addresses, source.hostname), dest);
}

QString ChangeRequest::Exposure::actionText() const
{
    QStringList peers = clusterAddresses;
    peers.removeAll(address);
    const QString dest = address.isEmpty() ? host : address;
    const QString proto = transportLabel(transport) % QLatin1Char(' ') % ports.toString();
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

int ChangeRequest::ruleCount() const
{
    return int(std::count_if(m_openings.cbegin(), m_openings.cend(),
                             [](const Opening &o) { return o.action == Action::Allow; }));
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
    return TlsFinding{c.flowId, c.host, c.address, c.port, DisplayNames::protocol(c.protocol), c.verdict, c.tls};
}

ChangeRequest ChangeRequest::build(const RunResults &results, const TopologyTemplate &topology)
{
    ChangeRequest cr;
    const SourceResolver resolver(results, topology);

    if (results.sources.isEmpty())
        cr.m_testedFrom << Source{results.vantage.role, DisplayNames::role(topology, results.vantage.role),
                                  results.vantage.hostname, results.vantage.addressStrings()};
    for (const RunResults &run : results.sources)
        cr.m_testedFrom << Source{run.vantage.role, DisplayNames::role(topology, run.vantage.role), run.vantage.hostname,
                                  run.vantage.addressStrings()};

    // The Control Room nodes, by address: they are the only sources a cluster port may accept.
    QStringList clusterAddresses;
    for (const Check &c : results.checks)
        if (c.to == ComponentId::controlRoom && !c.address.isEmpty() && !clusterAddresses.contains(c.address))
            clusterAddresses << c.address;
    for (const Source &s : std::as_const(cr.m_testedFrom))
        if (s.role == ComponentId::controlRoom)
            for (const QString &a : s.addresses)
                if (!clusterAddresses.contains(a))
                    clusterAddresses << a;
    std::sort(clusterAddresses.begin(), clusterAddresses.end());

    QList<QPair<QString, Opening>> openings;
    QHash<QString, QList<quint16>> openingPorts;
    QList<QPair<QString, Exposure>> exposures;
    QHash<QString, QList<quint16>> exposurePorts;
    QSet<QString> tlsSeen;

    for (const Check &c : results.checks) {
        const Flow *flow = topology.flow(c.flowId);
        const QString purpose = flow ? flow->purpose : QString();
        if (c.state == CheckState::NotTested)
            continue;

        if (!c.tls.isEmpty()) {
            const TlsFinding f = tlsFinding(c);
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
            e.source = resolver.sourceOf(c);
            e.flowId = c.flowId;
            e.host = c.host;
            e.address = c.address;
            e.transport = c.transport;
            e.purpose = purpose;
            e.reason = c.reason;
            e.clusterAddresses = clusterAddresses;
            // the machine that reached the port is outside the cluster by definition, whatever else it ran as
            for (const QString &a : std::as_const(e.source.addresses))
                e.clusterAddresses.removeAll(a);
            const QString key = sourceKey(e.source) % QLatin1Char('|') % c.flowId % QLatin1Char('|') % c.host %
                                QLatin1Char('|') % c.address % QLatin1Char('|') % transportName(c.transport);
            if (!exposurePorts.contains(key))
                exposures << qMakePair(key, e);
            exposurePorts[key] << c.port;
            continue;
        }

        if (c.verdict != Verdict::Fail)
            continue;
        Opening o;
        o.source = resolver.sourceOf(c);
        o.via = c.via;
        o.flowId = c.flowId;
        o.fromRole = c.from;
        o.toRole = c.to;
        o.toLabel = DisplayNames::role(topology, c.to);
        o.host = c.host;
        o.address = c.address;
        o.transport = c.transport;
        o.protocol = c.protocol;
        o.service = DisplayNames::protocol(c.protocol);
        o.purpose = purpose;
        o.state = c.state;
        o.reason = c.reason;
        o.detail = c.detail;
        o.advice = c.advice;
        o.action = actionFor(c);
        const QString key = sourceKey(o.source) % QLatin1Char('|') % c.via % QLatin1Char('|') % c.flowId %
                            QLatin1Char('|') % c.host % QLatin1Char('|') % c.address % QLatin1Char('|') %
                            transportName(c.transport) % QLatin1Char('|') % stateName(c.state) % QLatin1Char('|') %
                            c.reason % QLatin1Char('|') % serviceName(c.service);
        if (!openingPorts.contains(key))
            openings << qMakePair(key, o);
        openingPorts[key] << c.port;
    }
    cr.m_openings = mergeRuns(openings, openingPorts);
    cr.m_exposures = mergeRuns(exposures, exposurePorts);

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
