#include "listenplan.h"

#include "component.h"
#include "profile.h"
#include "topologytemplate.h"

#include <QMap>

#include <algorithm>
#include <utility>

int ListenPlan::heldCount() const
{
    return int(std::count_if(ports.cbegin(), ports.cend(), [](const ListenPort &p) { return p.held; }));
}

ListenPlan ListenPlan::forRole(const TopologyTemplate &topology, const Profile &profile, const QString &role,
                               QStringList *errors)
{
    auto fail = [errors](const QString &why) {
        if (errors)
            *errors << why;
        return ListenPlan{};
    };
    if (role == ComponentId::localhost)
        return fail(tr("\"%1\" is the Control Room's own loopback services, which no other machine reaches: "
                       "listen as \"%2\" on the Control Room node")
                        .arg(role, ComponentId::controlRoom));
    if (!topology.hasComponent(role)) {
        QStringList known;
        for (const Component &c : topology.components())
            if (c.id != ComponentId::localhost)
                known << c.id;
        return fail(tr("unknown role \"%1\" in template %2 (one of: %3)")
                        .arg(role, topology.id(), known.join(QStringLiteral(", "))));
    }

    // (transport, port) -> the flows it serves; QMap keeps them sorted, TCP before UDP.
    QMap<std::pair<int, int>, QStringList> wanted;
    for (const Flow &flow : topology.flows()) {
        if (flow.to != role || flow.isExposureCheck() || flow.isLocal())
            continue;
        const PortRange ports = profile.portFor(flow.portKey, flow.ports);
        for (int port = ports.first; ports.isValid() && port <= ports.last; ++port) {
            QStringList &ids = wanted[{int(flow.transport), port}];
            if (!ids.contains(flow.id))
                ids << flow.id;
        }
    }
    if (wanted.isEmpty())
        return fail(tr("role \"%1\" accepts no connection in template %2: there is nothing to listen on "
                       "(run --listen on the machines that receive connections, e.g. %3)")
                        .arg(role, topology.id(), ComponentId::controlRoom));

    ListenPlan plan;
    plan.role = role;
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        ListenPort p;
        p.transport = Transport(it.key().first);
        p.port = quint16(it.key().second);
        p.flowIds = it.value();
        plan.ports << p;
    }
    return plan;
}
