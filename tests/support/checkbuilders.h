#pragma once

// Builders the suites share: a planned check, profile options, and a finished run.

#include "check.h"
#include "profile.h"
#include "runresults.h"

#include <QString>

namespace TestSupport {

// A runnable check from a Bot Agent to the Control Room (flow "test>loopback:<id>").
inline Check makeCheck(int id, const QString &host, quint16 port, Transport transport = Transport::Tcp,
                       const QString &protocol = QStringLiteral("tcp"))
{
    Check c;
    c.id = id;
    c.flowId = QStringLiteral("test>loopback:%1").arg(id);
    c.from = QStringLiteral("bot-agent");
    c.to = QStringLiteral("control-room");
    c.host = host;
    c.port = port;
    c.transport = transport;
    c.protocol = protocol;
    c.runnable = true;
    return c;
}

inline ProfileOptions optionsWith(int timeoutMs, int concurrency = 64)
{
    ProfileOptions o;
    o.timeoutMs = timeoutMs;
    o.concurrency = concurrency;
    return o;
}

// A check as a run would have finished it: observed fields set and the verdict decided.
inline Check finishedCheck(Check c, CheckState state, ServiceStatus service = ServiceStatus::Unchecked,
                           const QString &reason = {})
{
    c.state = state;
    c.service = service;
    c.reason = reason;
    c.decide();
    return c;
}

// A run of the given checks, numbered by position, from the given role.
inline RunResults runOf(const QList<Check> &checks, const QString &role = QStringLiteral("bot-agent"),
                        const QString &templateId = QStringLiteral("automation360"))
{
    RunResults r;
    r.profileName = QStringLiteral("test");
    r.templateId = templateId;
    r.vantage.role = role;
    r.vantage.hostname = QStringLiteral("tester");
    r.checks = checks;
    for (int i = 0; i < r.checks.size(); ++i)
        r.checks[i].id = i;
    return r;
}

} // namespace TestSupport
