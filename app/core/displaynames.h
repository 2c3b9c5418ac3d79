#pragma once

#include "checkstatus.h"

#include <QCoreApplication>
#include <QString>

class TopologyTemplate;

// The one place that names protocols, verdicts, states and roles for people (window, report, CSV
// headers for people, command-line messages). The contract's own strings stay in checkstatus.h.
class DisplayNames
{
    Q_DECLARE_TR_FUNCTIONS(DisplayNames)

public:
    // "ldaps" -> "LDAPS", "https+websocket" -> "HTTPS + WebSocket", "tds" -> "SQL Server (TDS)"
    static QString protocol(const QString &protocol);
    // "pass", "warn", "fail", "skipped", translated
    static QString verdict(Verdict verdict);
    // "open", "refused", "filtered", ... translated
    static QString state(CheckState state);
    static QString service(ServiceStatus service);
    // A component's label from the template; "Outside the cluster", "All roles" for the pseudo-roles.
    static QString role(const TopologyTemplate &topology, const QString &role);
};
