#include "preinstallports.h"

#include "component.h"
#include "socketplatform.h"

#include <QHostInfo>
#include <QTcpServer>

QList<Check> PreinstallPorts::run(const TopologyTemplate &topology, const Profile &profile, int firstId)
{
    QList<Check> out;
    const QString self = QHostInfo::localHostName();
    for (const Flow &flow : topology.flows()) {
        if (flow.transport != Transport::Tcp || flow.from != ComponentId::controlRoom
            || !(flow.isCluster() || flow.isLocal()))
            continue;
        const PortRange ports = profile.portFor(flow.portKey, flow.ports);
        for (int port = ports.first; port <= ports.last; ++port) {
            Check c;
            c.id = firstId + int(out.size());
            c.flowId = flowPrefix + flow.id;
            c.from = ComponentId::controlRoom;
            c.to = flow.to;
            c.host = self;
            c.address = QStringLiteral("0.0.0.0");
            c.transport = Transport::Tcp;
            c.port = quint16(port);
            c.protocol = QStringLiteral("tcp");
            c.expect = Expectation::Closed;
            c.runnable = true;

            QTcpServer server;
            if (server.listen(QHostAddress::Any, c.port)) {
                server.close();
                c.state = CheckState::Closed;
                c.reason = QStringLiteral("port-free");
                c.detail = tr("free: nothing listens on tcp/%1").arg(port);
            } else if (server.serverError() == QAbstractSocket::AddressInUseError) {
                const QString owner = SocketPlatform::tcpListener(c.port);
                c.state = CheckState::Open;
                c.reason = QStringLiteral("in-use");
                c.detail = owner.isEmpty() ? tr("in use by another program (the OS does not say which)")
                                           : tr("in use by %1").arg(owner);
                c.advice = tr("The Control Room needs tcp/%1 (%2) but %3 already listens on it. Stop or move that "
                              "program before installing, or the Control Room service will not start.")
                               .arg(port)
                               .arg(flow.purpose, owner.isEmpty() ? tr("another program") : owner);
            } else {
                c.state = CheckState::Error;
                c.reason = QStringLiteral("listen-denied");
                c.detail = server.errorString();
                c.advice = tr("Could not try tcp/%1 on this machine (%2): run the check as the account that "
                              "will install the Control Room.")
                               .arg(port)
                               .arg(server.errorString());
            }
            c.decide();
            if (c.verdict == Verdict::Pass)
                c.advice.clear();
            out << c;
        }
    }
    return out;
}
