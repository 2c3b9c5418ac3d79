#include "checkplan.h"

#include "component.h"
#include "hostsyntax.h"

namespace {
bool isWebProtocol(const QString &protocol)
{
    return protocol == QLatin1String("http") || protocol == QLatin1String("https")
        || protocol == QLatin1String("http+websocket") || protocol == QLatin1String("https+websocket");
}

bool usesProxy(const Flow &flow, const Profile &profile)
{
    return !profile.options.proxy.isEmpty() && isWebProtocol(flow.protocol)
        && (flow.from == ComponentId::botAgent || flow.from == ComponentId::webBrowser);
}

// Whether this machine can run the flow, per CONTRACT.md's --from rules.
bool runsFrom(const Flow &flow, const Vantage &vantage)
{
    if (flow.isExposureCheck())
        return vantage.isOutsideCluster();
    if (flow.isLocal())
        return vantage.role == ComponentId::controlRoom;
    return vantage.isAll() || vantage.role == flow.from;
}
} // namespace

CheckPlan CheckPlan::build(const TopologyTemplate &topology, const Profile &profile, const Vantage &vantage)
{
    CheckPlan plan;
    plan.m_vantage = vantage;
    for (const Flow &flow : topology.flows()) {
        const bool runnable = runsFrom(flow, vantage);
        const QStringList hosts = flow.isLocal() ? QStringList{loopbackHost} : profile.hostsOf(flow.to);
        const PortRange ports = profile.portFor(flow.portKey, flow.ports);

        Check base;
        base.flowId = flow.id;
        base.from = flow.isExposureCheck() && runnable ? vantage.role : flow.from;
        base.to = flow.to;
        base.transport = flow.transport;
        base.protocol = flow.protocol;
        base.expect = flow.expect;
        base.runnable = runnable;
        if (!runnable)
            base.reason = flow.isExposureCheck() ? QStringLiteral("inside-cluster") : QStringLiteral("other-vantage");

        if (profile.hostsOf(flow.to).isEmpty() && !flow.isLocal()) {
            Check placeholder = base;
            placeholder.id = int(plan.m_checks.size());
            placeholder.port = ports.first;
            if (!ports.isSingle())
                placeholder.portRange = ports.toString();
            placeholder.runnable = false;
            placeholder.reason = QStringLiteral("no-host");
            placeholder.decide();
            plan.m_checks << placeholder;
            continue;
        }
        const QStringList vias = usesProxy(flow, profile) ? QStringList{QString(), QStringLiteral("proxy")} : QStringList{QString()};
        for (const QString &host : hosts) {
            // A Control Room node tests its peers, not itself; "all" plays every source and tests every node.
            // The node itself keeps its checks, skipped: one check per (flow, host, port) whatever the vantage.
            const bool self = flow.isCluster() && runnable && !vantage.isAll() && vantage.isSelf(host);
            for (const QString &via : vias) {
                for (int port = ports.first; port <= ports.last; ++port) {
                    Check c = base;
                    c.id = int(plan.m_checks.size());
                    c.host = HostSyntax::normalized(host);
                    c.port = quint16(port);
                    c.via = via;
                    if (self) {
                        c.runnable = false;
                        c.reason = QStringLiteral("self");
                    }
                    c.decide();
                    plan.m_checks << c;
                }
            }
        }
    }
    return plan;
}

int CheckPlan::runnableCount() const
{
    return int(std::count_if(m_checks.cbegin(), m_checks.cend(), [](const Check &c) { return c.runnable; }));
}
