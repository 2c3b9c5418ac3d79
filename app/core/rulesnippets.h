#pragma once

#include "changerequest.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

enum class RuleDialect {
    WindowsFirewall, // New-NetFirewallRule (PowerShell, on the destination host)
    AzureNsg,        // az network nsg rule create
    GcpFirewall,     // gcloud compute firewall-rules create
};

// The change request as commands a firewall team can paste: allow rules for the flows to open,
// and for every exposed cluster port an allow for the Control Room nodes plus a deny for the rest.
class RuleSnippets
{
    Q_DECLARE_TR_FUNCTIONS(RuleSnippets)

public:
    static QString generate(const ChangeRequest &request, RuleDialect dialect, const QString &profileName = {});
    // The rules of a run (or a merge of runs) against its template.
    static QString forRun(const RunResults &results, const TopologyTemplate &topology, RuleDialect dialect,
                          const Profile *profile = nullptr);
    static QString title(RuleDialect dialect);
    static QList<RuleDialect> dialects()
    {
        return {RuleDialect::WindowsFirewall, RuleDialect::AzureNsg, RuleDialect::GcpFirewall};
    }

    // Every IPv4 address except these, as inclusive "a-b" ranges (Windows Firewall cannot say "all but").
    static QStringList ipv4Complement(const QStringList &addresses);
    // A name GCP and Azure accept: lowercase letters, digits and hyphens, starting with a letter, at most 63.
    static QString ruleName(const QString &text);
};
