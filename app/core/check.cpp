#include "check.h"

#include "component.h"

#include <QJsonValue>

#include <cmath>

void Check::applyListenerRules(bool expectListener)
{
    if (isExposure() || verdict == Verdict::Skipped)
        return;
    if (reason == QLatin1String("listener")) {
        if (service != ServiceStatus::Ok)
            verdict = Verdict::Fail;
        return;
    }
    // The listener holds what other machines must reach; a Control Room's own loopback services are not
    // among them (ListenPlan leaves the localhost flows out), so they are judged as in any run.
    if (!expectListener || to == ComponentId::localhost)
        return;
    const QString where = tr("port %1 on %2").arg(port).arg(host);
    switch (state) {
    case CheckState::Open:
        service = ServiceStatus::Mismatch;
        detail = detail.isEmpty()
            ? tr("something other than the listener completed the connection")
            : tr("something other than the listener completed the connection (%1)").arg(detail);
        advice = tr("The connection to %1 was accepted but no Topocheck listener banner came back: a firewall that "
                    "completes TCP handshakes itself (SYN proxy), a load balancer, or another program holding the "
                    "port. Check that `topocheck --listen` runs there for this role and holds this port.")
                     .arg(where);
        break;
    case CheckState::Closed:
        detail = tr("refused: no Topocheck listener answered");
        advice = tr("The connection to %1 was refused: the listener does not hold this port (its output names the "
                    "ports in use it skipped), or a firewall rejects the connection with a reset.")
                     .arg(where);
        break;
    case CheckState::OpenFiltered:
        detail = tr("no answer from the Topocheck listener");
        advice = tr("No answer came back from %1: a firewall drops the datagram or its answer, or the listener does "
                    "not hold this port.")
                     .arg(where);
        break;
    default:
        return; // filtered, unresolved, error: already failed, with their own advice
    }
    verdict = Verdict::Fail;
}

QJsonObject Check::toJson() const
{
    QJsonObject o{{QStringLiteral("flow"), flowId},
                  {QStringLiteral("from"), from},
                  {QStringLiteral("to"), to},
                  {QStringLiteral("host"), host},
                  {QStringLiteral("address"), address},
                  {QStringLiteral("transport"), transportName(transport)},
                  {QStringLiteral("port"), int(port)},
                  {QStringLiteral("protocol"), protocol},
                  {QStringLiteral("expect"), expectationName(expect)},
                  {QStringLiteral("state"), stateName(state)},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("service"), serviceName(service)},
                  {QStringLiteral("detail"), detail},
                  {QStringLiteral("verdict"), verdictName(verdict)},
                  {QStringLiteral("latency_ms"), latencyMs < 0 ? QJsonValue(QJsonValue::Null)
                                                               : QJsonValue(std::round(latencyMs * 10.0) / 10.0)},
                  {QStringLiteral("advice"), advice},
                  // "" when no connection was made (not tested, unresolved, failed before a packet left)
                  {QStringLiteral("source_address"), sourceAddress}};
    if (!via.isEmpty())
        o.insert(QStringLiteral("via"), via);
    if (!portRange.isEmpty())
        o.insert(QStringLiteral("ports"), portRange);
    if (!tls.isEmpty())
        o.insert(QStringLiteral("tls"), tls.toJson());
    if (!testedFrom.isEmpty())
        o.insert(QStringLiteral("tested_from"), testedFrom);
    return o;
}

Check Check::fromJson(const QJsonObject &o, const QString &path, QStringList *errors)
{
    Check c;
    auto text = [&](const char *key) -> QString {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || !v.isString()) {
            errors->append(path + QLatin1Char('.') + QLatin1String(key) + QLatin1String(": ") + tr("missing or not a string"));
            return {};
        }
        return v.toString();
    };
    c.flowId = text("flow");
    c.from = text("from");
    c.to = text("to");
    c.host = text("host");
    c.address = o.value(QStringLiteral("address")).toString();
    c.sourceAddress = o.value(QStringLiteral("source_address")).toString();
    c.transport = text("transport") == QLatin1String("udp") ? Transport::Udp : Transport::Tcp;
    const double port = o.value(QStringLiteral("port")).toDouble(-1);
    if (port < 0 || port > 65535 || std::floor(port) != port)
        errors->append(path + QStringLiteral(".port: ") + tr("not a port number"));
    else
        c.port = quint16(port);
    c.protocol = o.value(QStringLiteral("protocol")).toString(QStringLiteral("tcp"));
    c.expect = expectationFromName(o.value(QStringLiteral("expect")).toString());
    bool ok = false;
    c.state = stateFromName(text("state"), &ok);
    if (!ok)
        errors->append(path + QStringLiteral(".state: ") + tr("not a known state"));
    c.reason = o.value(QStringLiteral("reason")).toString();
    c.service = serviceFromName(o.value(QStringLiteral("service")).toString(QStringLiteral("unchecked")), &ok);
    if (!ok)
        errors->append(path + QStringLiteral(".service: ") + tr("not a known service status"));
    c.detail = o.value(QStringLiteral("detail")).toString();
    c.verdict = verdictFromName(text("verdict"), &ok);
    if (!ok)
        errors->append(path + QStringLiteral(".verdict: ") + tr("not a known verdict"));
    const QJsonValue latency = o.value(QStringLiteral("latency_ms"));
    c.latencyMs = latency.isDouble() ? latency.toDouble() : -1;
    c.advice = o.value(QStringLiteral("advice")).toString();
    c.via = o.value(QStringLiteral("via")).toString();
    c.portRange = o.value(QStringLiteral("ports")).toString();
    c.tls = TlsFacts::fromJson(o.value(QStringLiteral("tls")).toObject());
    c.testedFrom = o.value(QStringLiteral("tested_from")).toString();
    c.runnable = c.state != CheckState::NotTested;
    c.softFinding = c.verdict == Verdict::Warn && c.state == CheckState::Open;
    return c;
}

QStringList Check::csvHeader()
{
    return {QStringLiteral("flow"),     QStringLiteral("from"),     QStringLiteral("to"),      QStringLiteral("host"),
            QStringLiteral("address"),  QStringLiteral("transport"), QStringLiteral("port"),   QStringLiteral("protocol"),
            QStringLiteral("via"),      QStringLiteral("expect"),   QStringLiteral("state"),   QStringLiteral("reason"),
            QStringLiteral("service"),  QStringLiteral("detail"),   QStringLiteral("verdict"), QStringLiteral("latency_ms"),
            QStringLiteral("advice"),   QStringLiteral("source_address")};
}

QStringList Check::csvFields() const
{
    return {flowId,
            from,
            to,
            host,
            address,
            transportName(transport),
            portRange.isEmpty() ? QString::number(port) : portRange,
            protocol,
            via,
            expectationName(expect),
            stateName(state),
            reason,
            serviceName(service),
            detail,
            verdictName(verdict),
            latencyMs < 0 ? QString() : QString::number(latencyMs, 'f', 1),
            advice,
            sourceAddress};
}
