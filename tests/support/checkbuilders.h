#pragma once

// Builders the suites share: a planned check, profile options, and a finished run.

#include "check.h"
#include "profile.h"
#include "runresults.h"

#include <QDateTime>
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

// A runnable TCP check of a template flow ("from>to:name"): from and to follow the flow id.
inline Check flowCheck(const QString &flowId, const QString &host, quint16 port, const QString &protocol)
{
    Check c;
    c.flowId = flowId;
    const QString link = flowId.section(QLatin1Char(':'), 0, 0);
    c.from = link.section(QLatin1Char('>'), 0, 0);
    c.to = link.section(QLatin1Char('>'), 1);
    c.host = host;
    c.port = port;
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

// When the hand-built runs start: 2026-11-28, 10:<minute> UTC.
inline QDateTime runStart(int minute = 0)
{
    return QDateTime(QDate(2026, 11, 28), QTime(10, minute), Qt::UTC);
}

// A two-second run of the given checks (ids as given) from one machine.
inline RunResults runFrom(const QString &role, const QString &hostname, const QList<Check> &checks,
                          const QDateTime &started = runStart())
{
    RunResults r;
    r.profileName = QStringLiteral("test");
    r.templateId = QStringLiteral("automation360");
    r.vantage.role = role;
    r.vantage.hostname = hostname;
    r.started = started;
    r.finished = started.addSecs(2);
    r.checks = checks;
    return r;
}

// A run of the given checks, numbered by position, from the given role (no times).
inline RunResults runOf(const QList<Check> &checks, const QString &role = QStringLiteral("bot-agent"),
                        const QString &templateId = QStringLiteral("automation360"))
{
    RunResults r = runFrom(role, QStringLiteral("tester"), checks, QDateTime());
    r.templateId = templateId;
    for (int i = 0; i < r.checks.size(); ++i)
        r.checks[i].id = i;
    return r;
}

} // namespace TestSupport
