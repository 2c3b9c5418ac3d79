#pragma once

#include "flow.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

class Profile;
class TopologyTemplate;

// One port a listener holds (or tried to hold) for `topocheck --listen`.
struct ListenPort
{
    Transport transport = Transport::Tcp;
    quint16 port = 0;
    QStringList flowIds; // the template flows this port serves
    bool held = false;   // bound on at least one of the plan's addresses
    QString problem;     // why not held (or not on every address): "in use by nginx (pid 123)"
    int connections = 0; // TCP connections accepted, or UDP datagrams answered

    friend bool operator==(const ListenPort &a, const ListenPort &b)
    {
        return a.transport == b.transport && a.port == b.port && a.flowIds == b.flowIds && a.held == b.held &&
               a.problem == b.problem && a.connections == b.connections;
    }
};

// Every port a role must accept according to a template and a profile's port overrides: the flows whose
// `to` is the role (port ranges expanded, TCP and UDP), but not the exposure checks (ports that must stay
// closed) and not the flows to `localhost` (the Control Room's own loopback services: no firewall sits on
// that path, and nothing on another machine can reach them).
struct ListenPlan
{
    Q_DECLARE_TR_FUNCTIONS(ListenPlan)

public:
    QString role;
    QList<ListenPort> ports;       // sorted: TCP first, then by port
    QList<QHostAddress> addresses; // empty = any address, IPv4 and IPv6

    int heldCount() const;

    // An empty plan and a sentence per problem in *errors (an unknown role, a role that accepts no flow).
    static ListenPlan forRole(const TopologyTemplate &topology, const Profile &profile, const QString &role,
                              QStringList *errors);
};

Q_DECLARE_METATYPE(ListenPort)
