#pragma once

#include "check.h"
#include "profile.h"
#include "topologytemplate.h"

#include <QCoreApplication>
#include <QList>

// --preinstall: on a machine about to become a Control Room node, is every TCP port the Control
// Room will listen on still free? Each port is tried with a real listen() on all interfaces.
//
// The results are ordinary checks (topocheck-results/1), one per port:
//   flow "preinstall:<template flow id>" (the cluster and localhost flows), from "control-room",
//   to "control-room" or "localhost", host = this machine's name, address "0.0.0.0",
//   expect "closed"; state "closed" reason "port-free" (pass), or state "open" reason "in-use"
//   with the listening process in detail where the OS tells (fail), or state "error" reason
//   "listen-denied" and the OS message (warn).
class PreinstallPorts
{
    Q_DECLARE_TR_FUNCTIONS(PreinstallPorts)

public:
    static inline const QString flowPrefix = QStringLiteral("preinstall:");

    // firstId: the id of the first check (they follow the plan's checks).
    static QList<Check> run(const TopologyTemplate &topology, const Profile &profile, int firstId);
};
