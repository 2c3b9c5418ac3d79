#pragma once

// Hand-built runs for the report tests and the report benchmark: a real plan from the built-in
// template, with outcomes assigned so that results vary from port to port.

#include "checkplan.h"
#include "profile.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QHostAddress>
#include <QJsonObject>

namespace ReportFixture {

inline TopologyTemplate onPremises()
{
    return TopologyTemplate::builtin(QStringLiteral("automation360"));
}

inline Profile profile(int nodes = 3)
{
    Profile p;
    p.name = QStringLiteral("Contoso production");
    for (int i = 1; i <= nodes; ++i)
        p.hosts[QStringLiteral("control-room")] << QStringLiteral("cr%1.contoso.local").arg(i);
    p.hosts[QStringLiteral("load-balancer")] = {QStringLiteral("automation.contoso.com")};
    p.hosts[QStringLiteral("active-directory")] = {QStringLiteral("dc1.contoso.local")};
    p.hosts[QStringLiteral("file-share")] = {QStringLiteral("files.contoso.local")};
    p.hosts[QStringLiteral("sql-server")] = {QStringLiteral("sql.contoso.local")};
    return p;
}

inline Vantage vantage(const QString &role, const QString &hostname, const QString &address)
{
    Vantage v;
    v.role = role;
    v.hostname = hostname;
    v.addresses << QHostAddress(address);
    return v;
}

inline QString addressOf(const QString &host)
{
    if (host.startsWith(QLatin1String("cr")))
        return QStringLiteral("10.0.4.%1").arg(10 + host.mid(2, host.indexOf(QLatin1Char('.')) - 2).toInt());
    if (host.startsWith(QLatin1String("automation")))
        return QStringLiteral("10.0.1.5");
    if (host.startsWith(QLatin1String("dc1")))
        return QStringLiteral("10.0.2.10");
    if (host.startsWith(QLatin1String("files")))
        return QStringLiteral("10.0.2.20");
    if (host.startsWith(QLatin1String("sql")))
        return QStringLiteral("10.0.2.30");
    return QStringLiteral("127.0.0.1");
}

// fragmented: alternate outcomes port by port, so that nothing merges (the worst case for pages).
inline void observe(Check &c, bool fragmented)
{
    c.address = addressOf(c.host);
    c.latencyMs = 0.4 + (c.port % 17) / 10.0;
    const bool odd = c.port % 2 == 1;
    if (c.expect == Expectation::Closed) {
        c.state = c.port == 5672 || c.port == 47599 ? CheckState::Open : CheckState::Filtered;
        c.reason = c.state == CheckState::Open ? QStringLiteral("syn-ack") : QStringLiteral("no-response");
    } else if (c.to == QLatin1String("file-share")) {
        c.state = CheckState::Filtered;
        c.reason = QStringLiteral("no-response");
    } else if (c.protocol == QLatin1String("ldaps")) {
        c.state = CheckState::Open;
        c.reason = QStringLiteral("syn-ack");
        c.service = ServiceStatus::Error;
        c.detail = QStringLiteral("TLS 1.2, certificate expired");
        c.tls = TlsFacts::fromJson(QJsonObject{{QStringLiteral("version"), QStringLiteral("TLS 1.2")},
                            {QStringLiteral("subject"), QStringLiteral("CN=dc1.contoso.local")},
                            {QStringLiteral("issuer"), QStringLiteral("CN=Contoso Issuing CA")},
                            {QStringLiteral("not_after"), QStringLiteral("2026-10-01T00:00:00Z")},
                            {QStringLiteral("days_left"), -58.0},
                            {QStringLiteral("trusted"), true},
                            {QStringLiteral("name_ok"), true}});
    } else if (c.flowId.contains(QLatin1String("cache-47500")) && c.host.startsWith(QLatin1String("cr2"))) {
        c.state = fragmented && odd ? CheckState::Closed : CheckState::Filtered;
        c.reason = c.state == CheckState::Closed ? QStringLiteral("conn-refused") : QStringLiteral("no-response");
    } else if (fragmented && c.flowId.contains(QLatin1String("cache-47100")) && odd) {
        c.state = CheckState::Closed;
        c.reason = QStringLiteral("conn-refused");
    } else {
        c.state = CheckState::Open;
        c.reason = QStringLiteral("syn-ack");
        c.service = c.protocol == QLatin1String("tcp") ? ServiceStatus::Unchecked : ServiceStatus::Ok;
        c.detail =
            c.protocol == QLatin1String("tcp") ? QString() : QStringLiteral("%1 answered").arg(c.protocol.toUpper());
    }
    c.advice =
        c.state == CheckState::Filtered ? QStringLiteral("A firewall drops the connection: allow it.") : QString();
    c.decide();
}

// Every check of the template from one machine playing every role (about 1100 checks with 3 nodes).
inline RunResults run(int nodes = 3, bool fragmented = true)
{
    const TopologyTemplate t = onPremises();
    Vantage v = vantage(QStringLiteral("all"), QStringLiteral("lab-runner"), QStringLiteral("10.0.9.42"));
    const CheckPlan plan = CheckPlan::build(t, profile(nodes), v);
    RunResults r;
    r.profileName = QStringLiteral("Contoso production");
    r.templateId = t.id();
    r.vantage = v;
    r.started = QDateTime(QDate(2026, 11, 28), QTime(10, 0), Qt::UTC);
    r.finished = r.started.addSecs(2);
    for (Check c : plan.checks()) {
        if (c.expect == Expectation::Closed)
            continue;
        if (c.runnable)
            observe(c, fragmented);
        r.checks << c;
    }
    // the exposure checks need a machine outside the cluster: add them as a Bot Agent saw them
    Vantage bot = vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), QStringLiteral("10.0.9.42"));
    const CheckPlan botPlan = CheckPlan::build(t, profile(nodes), bot);
    for (Check c : botPlan.checks()) {
        if (c.expect != Expectation::Closed || !c.runnable || !c.host.startsWith(QLatin1String("cr1")))
            continue;
        observe(c, fragmented);
        r.checks << c;
    }
    return r;
}

} // namespace ReportFixture
