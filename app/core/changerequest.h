#pragma once

#include "check.h"
#include "portrange.h"
#include "profile.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// What a firewall team has to do, derived from a run (or a merge of runs) and its template:
// the rules to add on the network path (only what nothing answered), the services and host
// firewalls to fix (what the destination refused or answered wrongly), the exposed cluster
// ports to restrict, the certificates to fix, the port ranges in one line each, and every check
// grouped by diagram link. GUI-free: the PDF and the rule snippets both read it.
class ChangeRequest
{
    Q_DECLARE_TR_FUNCTIONS(ChangeRequest)

public:
    // Who sends the traffic a rule must let through.
    struct Source
    {
        enum class Origin {
            Probe,            // the local addresses the probes left from (source_address)
            MachineAddresses, // older results without source_address: every address of the machine
            Profile,          // --from all: the profile's hosts of the source role (tested from elsewhere)
            Role,             // --from all and no host listed: any machine of that role
        };
        QString role;
        QString roleLabel;
        QString hostname;      // the machine that ran the checks (several: joined with ", ")
        QStringList addresses; // addresses or, for Origin::Profile, the profile's host entries
        Origin origin = Origin::Probe;

        QString describe() const; // "Bot Agent ws-042 (10.0.9.42)"
        // For a table cell: the addresses, or "Bot Agent: 12 machines (appendix C)", or "any Bot Agent".
        QString shortText() const;
        // Why these sources, when it is not simply "the addresses the probes left from".
        QString note() const;
        bool isGroup() const { return addresses.size() > groupThreshold; }
        static constexpr int groupThreshold = 4;
        friend bool operator==(const Source &a, const Source &b)
        {
            return a.role == b.role && a.hostname == b.hostname && a.addresses == b.addresses && a.origin == b.origin;
        }
    };

    // A rule to add on the network path: nothing answered (filtered, no response, or an ICMP
    // admin-prohibited / host-unreachable). One per source set, destination, transport and merged ports.
    struct Rule
    {
        QString id; // "R1"
        Source source;
        QString via; // "" direct, "proxy"
        QString fromRole;
        QString toRole;
        QString toLabel;
        QString host;
        QString address;
        Transport transport = Transport::Tcp;
        QList<PortRange> ports;
        QStringList services; // protocols, spelled for people
        QStringList purposes;
        QStringList flowIds;
        QStringList evidence;   // "filtered (no-response): 101 ports"
        QStringList testedFrom; // the machines whose probes saw it
        int checkCount = 0;

        QString portsText() const; // "445, 47100-47200"
        QString destination() const { return address.isEmpty() ? host : address; }
        QString actionText() const; // "Allow TCP 445 from 10.0.9.42 to 10.0.2.20"
        QString title() const;      // "R3 Control Room to File share TCP 445 (SMB)"
    };

    enum class Action {
        FixDns,        // the destination name does not resolve, so no rule can be written yet
        StartService,  // refused by the destination: nothing listens, or its host firewall rejects
        FixService,    // the port answers but the expected service does not
        LocalService,  // a loopback service of a Control Room node: start it, or free its port
        Retest,        // the probe itself failed (error): nothing to conclude yet
    };

    // A failure no rule on the path fixes.
    struct ServiceFix
    {
        QString id; // "S1"
        Action action = Action::StartService;
        QString via;
        QString flowId;
        QString fromRole;
        QString toRole;
        QString toLabel;
        QString host;
        QString address;
        Transport transport = Transport::Tcp;
        QList<PortRange> ports;
        QString protocol;
        QString service;
        QString purpose;
        CheckState state = CheckState::NotTested;
        QString reason;
        QString detail;
        QString advice;
        QStringList testedFrom;
        int checkCount = 0;

        QString portsText() const;
        QString observed() const; // "closed (conn-refused)"
        QString actionText() const;
    };

    // A cluster-internal port that answered from a machine outside the cluster.
    struct Exposure
    {
        QString id; // "E1"
        Source source;  // the machine outside the cluster that reached it, and the address it left from
        QString flowId;
        QString host;
        QString address;
        Transport transport = Transport::Tcp;
        PortRange ports;
        QString purpose;
        QString reason;
        QStringList clusterAddresses; // the Control Room nodes that may keep reaching it

        QString reachedFrom() const; // "Bot Agent ws-042 from 10.0.9.42"
        QString actionText() const;
    };

    // Certificate and protocol facts of a TLS check that need attention (TlsFacts says which).
    struct TlsFinding
    {
        QString id; // "T1"
        QString flowId;
        QString host;
        QString address;
        quint16 port = 0;
        QString service;
        Verdict verdict = Verdict::Skipped;
        TlsFacts tls;

        QString notAfter() const; // "2026-12-08", empty when unknown
        QStringList findings() const;
        QString actionText() const;
    };

    // A port range of one flow and host (expect reachable): one line instead of a row per port.
    struct RangeSummary
    {
        QString flowId;
        QString host;
        QString address;
        QString via;
        Transport transport = Transport::Tcp;
        PortRange ports;
        int tested = 0;
        int pathOpen = 0;  // open or refused by the destination
        int answering = 0; // open
        int filtered = 0;
        int listener = 0; // open, answered by a Topocheck listener that names this host and port
        Verdict worst = Verdict::Skipped;

        QString text() const; // "47100-47200: path open to 101 of 101 ports, 2 answering"
    };

    // What proved a path that passed (issue 12): a Topocheck listener's banner proves it end to end; a
    // refusal (TCP reset, ICMP port unreachable) only that something answered for the destination, the
    // destination or a firewall rejecting for it; any other answer, that a service answered there.
    struct PathProof
    {
        enum class Kind { None, Listener, ResetOnly, Answer, Mixed };
        int listener = 0;
        int reset = 0;
        int answer = 0;

        void add(const Check &check);
        Kind kind() const;
        QString text() const; // "proven end to end by a Topocheck listener (12 checks)"; empty for None
    };

    // One line of the diagram: the checks that share a Check::linkId().
    struct Link
    {
        QString id; // "from>to"
        QString from;
        QString to;
        QString title; // "Bot Agent -> Load balancer / firewall"
        QString ports; // "HTTP 80 · HTTPS 443"
        bool exposure = false;
        Verdict worst = Verdict::Skipped;
        PathProof proof; // of its checks that passed
        QList<Check> checks;
    };

    // profile: the hosts a "--from all" run names as sources (without it, the hosts the checks name).
    static ChangeRequest build(const RunResults &results, const TopologyTemplate &topology,
                               const Profile *profile = nullptr);

    const QList<Rule> &rules() const { return m_rules; }
    const QList<ServiceFix> &serviceFixes() const { return m_serviceFixes; }
    const QList<Exposure> &exposures() const { return m_exposures; }
    const QList<TlsFinding> &tlsFindings() const { return m_tlsFindings; }
    const QList<RangeSummary> &ranges() const { return m_ranges; }
    const QList<Link> &links() const { return m_links; }
    const QList<Source> &testedFrom() const { return m_testedFrom; }
    int ruleCount() const { return int(m_rules.size()); }
    int testedCount() const { return m_testedCount; }
    // Over the links that are not exposure checks: how many links each kind of proof covers, and one
    // sentence for the summary (empty when no link passed).
    int linkCount(PathProof::Kind kind) const;
    QString proofSummary() const;
    // Checks not run, by reason ("other-vantage", "no-host", ...), in first-seen order.
    const QList<QPair<QString, int>> &skippedByReason() const { return m_skipped; }
    // The addresses a name of the profile was reached at by the probes (for rule snippets).
    QStringList addressesOf(const QString &host) const { return m_hostAddresses.value(host); }

    // Sorted, de-duplicated ports as the fewest inclusive ranges: 1,2,3,5 -> 1-3, 5.
    static QList<PortRange> mergePorts(QList<quint16> ports);
    static QString portsText(const QList<PortRange> &ports);
    static TlsFinding tlsFinding(const Check &check);
    static QString skipReasonText(const QString &reason);

private:
    QList<Rule> m_rules;
    QList<ServiceFix> m_serviceFixes;
    QList<Exposure> m_exposures;
    QList<TlsFinding> m_tlsFindings;
    QList<RangeSummary> m_ranges;
    QList<Link> m_links;
    QList<Source> m_testedFrom;
    QList<QPair<QString, int>> m_skipped;
    QHash<QString, QStringList> m_hostAddresses;
    int m_testedCount = 0;
};
