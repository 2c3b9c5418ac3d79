#pragma once

#include "check.h"
#include "profile.h"
#include "topologytemplate.h"
#include "vantage.h"

#include <QList>

// Template + profile + vantage expanded into every (flow, host, port) check, following CONTRACT.md's
// --from rules: checks this machine cannot run are planned too, as not-tested/skipped.
class CheckPlan
{
public:
    static CheckPlan build(const TopologyTemplate &topology, const Profile &profile, const Vantage &vantage);

    const QList<Check> &checks() const { return m_checks; }
    int runnableCount() const;
    const Vantage &vantage() const { return m_vantage; }

    // The loopback host the localhost flows of a Control Room node are tested against.
    static inline const QString loopbackHost = QStringLiteral("127.0.0.1");

private:
    QList<Check> m_checks;
    Vantage m_vantage;
};
