#include "displaynames.h"

#include "component.h"
#include "topologytemplate.h"
#include "vantage.h"

#include <QHash>

QString DisplayNames::protocol(const QString &protocol)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("tcp"), QStringLiteral("TCP")},
        {QStringLiteral("udp"), QStringLiteral("UDP")},
        {QStringLiteral("http"), QStringLiteral("HTTP")},
        {QStringLiteral("https"), QStringLiteral("HTTPS")},
        {QStringLiteral("http+websocket"), QStringLiteral("HTTP + WebSocket")},
        {QStringLiteral("https+websocket"), QStringLiteral("HTTPS + WebSocket")},
        {QStringLiteral("ldap"), QStringLiteral("LDAP")},
        {QStringLiteral("ldaps"), QStringLiteral("LDAPS")},
        {QStringLiteral("kerberos"), QStringLiteral("Kerberos")},
        {QStringLiteral("smb"), QStringLiteral("SMB 2/3")},
        {QStringLiteral("tds"), QStringLiteral("SQL Server (TDS)")},
        {QStringLiteral("amqp"), QStringLiteral("AMQP")},
        {QStringLiteral("opensearch"), QStringLiteral("OpenSearch")},
        {QStringLiteral("grpc"), QStringLiteral("gRPC")},
        {QStringLiteral("smtp"), QStringLiteral("SMTP")},
        {QStringLiteral("ssh"), QStringLiteral("SSH")},
        {QStringLiteral("rdp"), QStringLiteral("RDP")},
    };
    return labels.value(protocol, protocol.toUpper());
}

QString DisplayNames::verdict(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return tr("pass");
    case Verdict::Warn:
        return tr("warn");
    case Verdict::Fail:
        return tr("fail");
    case Verdict::Skipped:
        break;
    }
    return tr("skipped");
}

QString DisplayNames::state(CheckState state)
{
    switch (state) {
    case CheckState::NotTested:
        return tr("not tested");
    case CheckState::Open:
        return tr("open");
    case CheckState::Closed:
        return tr("refused");
    case CheckState::Filtered:
        return tr("filtered");
    case CheckState::OpenFiltered:
        return tr("open or filtered");
    case CheckState::Unresolved:
        return tr("name not resolved");
    case CheckState::Error:
        break;
    }
    return tr("error");
}

QString DisplayNames::service(ServiceStatus service)
{
    switch (service) {
    case ServiceStatus::Ok:
        return tr("expected service");
    case ServiceStatus::Mismatch:
        return tr("another service");
    case ServiceStatus::Error:
        return tr("service error");
    case ServiceStatus::Unchecked:
        break;
    }
    return tr("not checked");
}

QString DisplayNames::role(const TopologyTemplate &topology, const QString &role)
{
    if (const Component *c = topology.component(role))
        return c->label;
    if (role == Vantage::outside)
        return tr("Outside the cluster");
    if (role == Vantage::all)
        return tr("All roles");
    return role;
}
