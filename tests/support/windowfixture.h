#pragma once

// The window suites' site: a two-node Control Room profile and a finished run of it.

#include "checkplan.h"
#include "component.h"
#include "profile.h"
#include "runresults.h"
#include "topologytemplate.h"
#include "vantage.h"

namespace TestSupport {

inline Profile siteProfile(const QString &name, bool withFileShare = true)
{
    Profile p;
    p.name = name;
    p.vantage = QStringLiteral("control-room");
    p.hosts[ComponentId::controlRoom] = {QStringLiteral("cr1.example.test"), QStringLiteral("cr2.example.test")};
    p.hosts[ComponentId::activeDirectory] = {QStringLiteral("dc1.example.test")};
    if (withFileShare)
        p.hosts[ComponentId::fileShare] = {QStringLiteral("files.example.test")};
    p.hosts[ComponentId::sqlServer] = {QStringLiteral("sql.example.test")};
    return p;
}

// A finished run where every AD check failed and every other runnable check passed.
inline RunResults fabricatedRun(const Profile &p)
{
    Vantage v;
    v.role = Vantage::all;
    RunResults r;
    r.profileName = p.name;
    r.templateId = p.templateId;
    r.vantage = v;
    r.checks = CheckPlan::build(TopologyTemplate::builtin(p.templateId), p, v).checks();
    for (int i = 0; i < r.checks.size(); ++i) {
        Check &c = r.checks[i];
        c.id = i;
        if (!c.runnable)
            continue;
        const bool ad = c.to == ComponentId::activeDirectory;
        c.state = ad ? CheckState::Filtered : CheckState::Open;
        c.reason = ad ? QStringLiteral("no-response") : QStringLiteral("syn-ack");
        c.latencyMs = 1.5;
        c.decide();
    }
    return r;
}

} // namespace TestSupport
