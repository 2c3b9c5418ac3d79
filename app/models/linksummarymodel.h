#pragma once

#include "checkresultsmodel.h"
#include "checkstatus.h"
#include "fleettally.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QStringList>

class TopologyTemplate;

// One row per diagram link ("from>to"): the counts of its checks by verdict, what is pending or
// running, and the latency of its finished checks. It observes a CheckResultsModel and follows
// it incrementally: each check's last contribution is kept, so a change subtracts the old one
// and adds the new one. The diagram and the monitor charts read links from here.
//
// Merged results (issue 15) also say how the machines of each role saw each link (FleetTally): the
// link's summary lists them, the deciding role first, so a tooltip reads "Bot Agent (decides): 412 of
// 415 machines pass; 3 fail: ws-017, ws-233, ws-380".
class LinkSummaryModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkSummaryModel)

public:
    // How a link is drawn: the worst verdict of its checks, or running/idle.
    enum class LinkState { Idle, Running, Pass, Warn, Fail, Skipped };
    Q_ENUM(LinkState)

    enum Role {
        LinkIdRole = Qt::UserRole + 1,
        FromRole,
        ToRole,
        StateRole, // LinkState as int
        PassRole,
        WarnRole,
        FailRole,
        SkippedRole, // skipped or not tested, pending ones excluded
        PendingRole, // runnable, not tested yet
        RunningRole,
        TotalRole,
        ExposureRole,   // bool: the link of the expect-closed checks
        MinLatencyRole, // double, < 0 when nothing was measured
        AvgLatencyRole,
        MaxLatencyRole,
        SummaryRole // "3 pass · 1 fail", then one line per port range (see Tally::summary)
    };
    Q_ENUM(Role)

    // The runnable checks of one reachable port range (a flow with expect "reachable"), counted:
    // the path to a port is open when the port answered or the destination refused it.
    struct RangeTally
    {
        QMap<quint16, int> ports; // a multiset: the span survives removals
        QMap<QString, int> hosts; // a multiset of the hosts probed
        int planned = 0;
        int pathOpen = 0;
        int answering = 0;

        bool isEmpty() const { return planned == 0; }
        QString span() const; // "47100-47200"
        // "47100-47200: path open to 101 of 101 ports, 2 answering" (with "on N hosts" for several)
        QString summary() const;
        bool operator==(const RangeTally &other) const;
        bool operator!=(const RangeTally &other) const { return !(*this == other); }
    };

    // The checks of a link (or of one host of a link), counted.
    struct Tally
    {
        int verdicts[4] = {0, 0, 0, 0}; // indexed by Verdict
        int pending = 0;
        int running = 0;
        double minMs = -1; // latency of the finished checks; filled in by link() only
        double avgMs = -1;
        double maxMs = -1;
        QHash<QString, RangeTally> ranges; // by flow id: the reachable port ranges of the link
        QStringList fleet; // merged results: fleetLines() of the link; filled in by link() only

        int count(Verdict verdict) const { return verdicts[int(verdict)]; }
        int total() const { return verdicts[0] + verdicts[1] + verdicts[2] + verdicts[3]; }
        int skipped() const { return verdicts[int(Verdict::Skipped)] - pending; }
        LinkState state() const;
        // "3 pass · 1 fail · 2 not run yet", then a line per port range, lowest port first:
        // "47100-47200: path open to 101 of 101 ports, 2 answering"; then the fleet lines
        QString summary() const;
        QStringList rangeSummaries() const;
        bool operator==(const Tally &other) const;
        bool operator!=(const Tally &other) const { return !(*this == other); }
    };

    // The expect-closed checks towards one Control Room host.
    struct ExposureTally
    {
        int pass = 0; // closed as expected (pass or warn)
        int fail = 0; // reachable from outside
        QMap<quint16, int> failingPorts;
        bool isEmpty() const { return pass == 0 && fail == 0; }
        bool operator==(const ExposureTally &other) const
        {
            return pass == other.pass && fail == other.fail && failingPorts == other.failingPorts;
        }
    };

    explicit LinkSummaryModel(QObject *parent = nullptr);
    ~LinkSummaryModel() override;

    void setSourceModel(CheckResultsModel *model);
    CheckResultsModel *sourceModel() const { return m_source; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QStringList linkIds() const;
    int rowOf(const QString &linkId) const { return m_rowOf.value(linkId, -1); }
    // An empty tally (state Idle) for a link without checks.
    Tally link(const QString &linkId) const;
    Tally hostTally(const QString &linkId, const QString &host) const;
    // Keyed by host, case-insensitively.
    ExposureTally exposure(const QString &host) const;
    QStringList exposureHosts() const { return m_exposure.keys(); }
    int runningCount() const { return m_running; }

    // The tallies of merged results (RunResults::fleet), kept per link; role names from `topology`.
    // An empty list (a live run, a single machine's results) clears them.
    void setFleet(const QList<FleetTally> &tallies, const TopologyTemplate &topology);
    // The link's tallies, the deciding role first.
    QList<FleetTally> fleet(const QString &linkId) const { return m_fleet.value(linkId); }
    // One line per role that tested the link, the deciding one marked: "Bot Agent (decides): 412 of 415
    // machines pass; 3 fail: ws-017, ws-233, ws-380" (at most `namesShown` names); then, when the roles
    // disagree, the merge rule in one sentence (fleetRule()).
    QStringList fleetLines(const QString &linkId, int namesShown = 3) const;
    // The roles disagree on the link: one passes where another fails or warns.
    bool fleetDisagrees(const QString &linkId) const;
    // Which machines' results the link shows, and why, in one sentence.
    QString fleetRule(const QString &linkId) const;

    static LinkState stateFor(Verdict verdict);
    // "#rrggbb" from VerdictPalette: the verdict colours, plus running and idle.
    static QString stateColor(LinkState state);

Q_SIGNALS:
    // After the counts of a link changed (once per link per change of the source).
    void linkChanged(const QString &linkId);
    // After the exposure findings on a Control Room host changed; host as stored (lower case).
    void exposureChanged(const QString &host);
    // After setFleet() (linkChanged() follows for each link whose tallies changed).
    void fleetChanged();

private:
    struct Contribution
    {
        QString linkId;
        QString host;
        Verdict verdict = Verdict::Skipped;
        double latencyMs = -1; // of a finished check only
        quint16 port = 0;
        bool pending = false;
        bool running = false;
        bool exposure = false;
        QString range;          // the flow id of a runnable check of a reachable range, else ""
        bool pathOpen = false;  // answered or refused by the destination
        bool answering = false; // answered
        bool operator==(const Contribution &other) const;
    };
    struct LinkData
    {
        QString linkId;
        QString from;
        QString to;
        bool exposure = false;
        Tally tally;
        QHash<QString, Tally> hosts;
        QMap<double, int> latencies; // a multiset: min and max survive removals
        double latencySum = 0;
        int latencyCount = 0;
    };
    struct Touched
    {
        QList<QString> links;
        QList<QString> hosts;
    };

    Contribution contributionOf(int sourceRow) const;
    void apply(const Contribution &c, int sign, Touched *touched);
    int ensureRow(const QString &linkId);
    void announce(const Touched &touched);
    void rebuild();
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onSourceRowsInserted(const QModelIndex &parent, int first, int last);
    void onSourceRowsRemoved(const QModelIndex &parent, int first, int last);
    Tally withLatency(const LinkData &d) const;

    QPointer<CheckResultsModel> m_source;
    QList<Contribution> m_contributions; // by source row
    QList<LinkData> m_links;             // by row
    QHash<QString, int> m_rowOf;
    QHash<QString, ExposureTally> m_exposure; // lower-case host -> findings
    QHash<QString, QList<FleetTally>> m_fleet; // link id -> tallies, the deciding role first
    QHash<QString, QString> m_roleNames;       // role id -> its label, for the fleet lines
    int m_running = 0;
    bool m_resetting = false;
    QList<QMetaObject::Connection> m_connections;
};
