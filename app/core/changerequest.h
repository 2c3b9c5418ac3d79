#pragma once

#include "check.h"
#include "portrange.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

// What a firewall team has to do, derived from a run (or a merge of runs) and its template:
// the connections to open, the exposed cluster ports to close, the certificates to fix, and
// every check grouped by diagram link. GUI-free: the PDF and the rule snippets both read it.
class ChangeRequest
{
    Q_DECLARE_TR_FUNCTIONS(ChangeRequest)

public:
    // The machine a check ran from (in merged results, the run whose role is the flow's source).
    struct Source
    {
        QString role;
        QString roleLabel;
        QString hostname;
        QStringList addresses;

        QString describe() const; // "Bot Agent ws-042 (10.0.9.42)"
        friend bool operator==(const Source &a, const Source &b)
        {
            return a.role == b.role && a.hostname == b.hostname && a.addresses == b.addresses;
        }
    };

    enum class Action {
        Allow,      // nothing answered: a firewall drops or rejects it
        FixDns,     // the destination name does not resolve, so no rule can be written yet
        FixService, // the port answers but the expected service does not
    };

    // One rule to add: a failing flow, consecutive ports of the same outcome merged into a range.
    struct Opening
    {
        Source source;
        QString via; // "" direct, "proxy"
        QString flowId;
        QString fromRole;
        QString toRole;
        QString toLabel;
        QString host;
        QString address;
        Transport transport = Transport::Tcp;
        PortRange ports;
        int checkCount = 0;
        QString protocol;
        QString service; // the protocol, spelled for people
        QString purpose;
        CheckState state = CheckState::NotTested;
        QString reason;
        QString detail;
        QString advice;
        Action action = Action::Allow;

        QString observed() const;   // "filtered (no-response)"
        QString actionText() const; // "Allow TCP 445 from 10.0.9.42 to 10.0.2.20"
    };

    // A cluster-internal port that answered from a machine outside the cluster.
    struct Exposure
    {
        Source source;
        QString flowId;
        QString host;
        QString address;
        Transport transport = Transport::Tcp;
        PortRange ports;
        QString purpose;
        QString reason;
        QStringList clusterAddresses; // the Control Room nodes that may keep reaching it

        QString actionText() const;
    };

    // Certificate and protocol facts of a TLS check that need attention (TlsFacts says which).
    struct TlsFinding
    {
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
        QList<Check> checks;
    };

    static ChangeRequest build(const RunResults &results, const TopologyTemplate &topology);

    const QList<Opening> &openings() const { return m_openings; }
    const QList<Exposure> &exposures() const { return m_exposures; }
    const QList<TlsFinding> &tlsFindings() const { return m_tlsFindings; }
    const QList<Link> &links() const { return m_links; }
    const QList<Source> &testedFrom() const { return m_testedFrom; }
    int ruleCount() const; // openings with action Allow

    // Sorted, de-duplicated ports as the fewest inclusive ranges: 1,2,3,5 -> 1-3, 5.
    static QList<PortRange> mergePorts(QList<quint16> ports);
    static TlsFinding tlsFinding(const Check &check);

private:
    QList<Opening> m_openings;
    QList<Exposure> m_exposures;
    QList<TlsFinding> m_tlsFindings;
    QList<Link> m_links;
    QList<Source> m_testedFrom;
};
