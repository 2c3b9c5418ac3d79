#include "linksummarymodel.h"

#include "checkresultsmodel.h"
#include "displaynames.h"
#include "topologytemplate.h"
#include "vantage.h"
#include "verdictpalette.h"

#include <QColor>
#include <QLocale>

#include <algorithm>
#include <iterator>

namespace {
QString countText(int n, const QString &what)
{
    return QLocale().toString(n) + QLatin1Char(' ') + what;
}

template<typename Key>
void addToMultiset(QMap<Key, int> &set, const Key &key, int sign)
{
    int &n = set[key];
    n += sign;
    if (n <= 0)
        set.remove(key);
}

void addToRange(LinkSummaryModel::Tally &t, const QString &range, const QString &host, quint16 port, bool pathOpen,
                bool answering, int sign)
{
    auto it = t.ranges.find(range);
    if (it == t.ranges.end())
        it = t.ranges.insert(range, LinkSummaryModel::RangeTally());
    it->planned += sign;
    it->pathOpen += pathOpen ? sign : 0;
    it->answering += answering ? sign : 0;
    addToMultiset(it->ports, port, sign);
    addToMultiset(it->hosts, host.toLower(), sign);
    if (it->isEmpty())
        t.ranges.erase(it);
}

bool isEmptyTally(const LinkSummaryModel::Tally &t)
{
    return t.total() == 0 && t.pending == 0 && t.running == 0 && t.ranges.isEmpty();
}

// What a role's machines agree on: the worst verdict any of them saw on the link.
Verdict worstOf(const FleetTally &t)
{
    return t.fail > 0 ? Verdict::Fail : t.warn > 0 ? Verdict::Warn : t.pass > 0 ? Verdict::Pass : Verdict::Skipped;
}
} // namespace

LinkSummaryModel::LinkState LinkSummaryModel::Tally::state() const
{
    if (running > 0)
        return LinkState::Running;
    if (total() == 0)
        return LinkState::Idle;
    for (Verdict v : {Verdict::Fail, Verdict::Warn, Verdict::Pass}) {
        if (count(v) > 0)
            return stateFor(v);
    }
    return pending > 0 ? LinkState::Idle : LinkState::Skipped;
}

QString LinkSummaryModel::RangeTally::span() const
{
    if (ports.isEmpty())
        return {};
    const quint16 first = ports.firstKey();
    const quint16 last = ports.lastKey();
    return first == last ? QString::number(first) : QString::number(first) + QLatin1Char('-') + QString::number(last);
}

QString LinkSummaryModel::RangeTally::summary() const
{
    const QLocale locale;
    if (hosts.size() > 1)
        return LinkSummaryModel::tr("%1: path open to %2 of %n ports on %3 hosts, %4 answering", nullptr, planned)
            .arg(span(), locale.toString(pathOpen), locale.toString(hosts.size()), locale.toString(answering));
    return LinkSummaryModel::tr("%1: path open to %2 of %n ports, %3 answering", nullptr, planned)
        .arg(span(), locale.toString(pathOpen), locale.toString(answering));
}

bool LinkSummaryModel::RangeTally::operator==(const RangeTally &other) const
{
    return planned == other.planned && pathOpen == other.pathOpen && answering == other.answering &&
           ports == other.ports && hosts == other.hosts;
}

QStringList LinkSummaryModel::Tally::rangeSummaries() const
{
    QList<const RangeTally *> sorted;
    for (const RangeTally &r : ranges)
        sorted << &r;
    std::sort(sorted.begin(), sorted.end(),
              [](const RangeTally *a, const RangeTally *b) { return a->ports.firstKey() < b->ports.firstKey(); });
    QStringList lines;
    for (const RangeTally *r : std::as_const(sorted))
        lines << r->summary();
    return lines;
}

QString LinkSummaryModel::Tally::summary() const
{
    QStringList parts;
    for (Verdict v : {Verdict::Pass, Verdict::Warn, Verdict::Fail}) {
        if (count(v) > 0)
            parts << countText(count(v), DisplayNames::verdict(v));
    }
    if (skipped() > 0)
        parts << countText(skipped(), DisplayNames::verdict(Verdict::Skipped));
    if (pending - running > 0)
        parts << LinkSummaryModel::tr("%n not run yet", nullptr, pending - running);
    if (running > 0)
        parts << LinkSummaryModel::tr("%n running", nullptr, running);
    QString text = parts.join(QStringLiteral(" \u00b7 "));
    // a range reads as one line, not as a hundred checks
    for (const QString &line : rangeSummaries())
        text += QLatin1Char('\n') + line;
    for (const QString &line : fleet)
        text += QLatin1Char('\n') + line;
    return text;
}

bool LinkSummaryModel::Tally::operator==(const Tally &other) const
{
    return std::equal(std::begin(verdicts), std::end(verdicts), std::begin(other.verdicts)) &&
           pending == other.pending && running == other.running && minMs == other.minMs && avgMs == other.avgMs &&
           maxMs == other.maxMs && ranges == other.ranges && fleet == other.fleet;
}

bool LinkSummaryModel::Contribution::operator==(const Contribution &other) const
{
    return linkId == other.linkId && host == other.host && verdict == other.verdict && latencyMs == other.latencyMs &&
           port == other.port && pending == other.pending && running == other.running && exposure == other.exposure &&
           range == other.range && pathOpen == other.pathOpen && answering == other.answering;
}

LinkSummaryModel::LinkSummaryModel(QObject *parent)
    : QAbstractListModel(parent)
{}

LinkSummaryModel::~LinkSummaryModel() = default;

LinkSummaryModel::LinkState LinkSummaryModel::stateFor(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return LinkState::Pass;
    case Verdict::Warn:
        return LinkState::Warn;
    case Verdict::Fail:
        return LinkState::Fail;
    case Verdict::Skipped:
        break;
    }
    return LinkState::Skipped;
}

QString LinkSummaryModel::stateColor(LinkState state)
{
    switch (state) {
    case LinkState::Idle:
        return VerdictPalette::idleColor();
    case LinkState::Running:
        return VerdictPalette::runningColor();
    case LinkState::Pass:
        return VerdictPalette::color(Verdict::Pass);
    case LinkState::Warn:
        return VerdictPalette::color(Verdict::Warn);
    case LinkState::Fail:
        return VerdictPalette::color(Verdict::Fail);
    case LinkState::Skipped:
        break;
    }
    return VerdictPalette::color(Verdict::Skipped);
}

void LinkSummaryModel::setSourceModel(CheckResultsModel *model)
{
    if (model == m_source)
        return;
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_source = model;
    if (model) {
        m_connections << connect(model, &QAbstractItemModel::modelReset, this, &LinkSummaryModel::rebuild)
                      << connect(model, &QAbstractItemModel::layoutChanged, this, &LinkSummaryModel::rebuild)
                      << connect(model, &QAbstractItemModel::dataChanged, this, &LinkSummaryModel::onSourceDataChanged)
                      << connect(model, &QAbstractItemModel::rowsInserted, this,
                                 &LinkSummaryModel::onSourceRowsInserted)
                      << connect(model, &QAbstractItemModel::rowsRemoved, this, &LinkSummaryModel::onSourceRowsRemoved)
                      << connect(model, &QObject::destroyed, this, [this] {
                             m_connections.clear();
                             rebuild();
                         });
    }
    rebuild();
}

LinkSummaryModel::Contribution LinkSummaryModel::contributionOf(int sourceRow) const
{
    const Check &c = m_source->checks().at(sourceRow);
    Contribution out;
    out.linkId = c.linkId();
    out.host = c.host;
    out.verdict = c.verdict;
    out.pending = c.runnable && c.state == CheckState::NotTested;
    out.running = m_source->isRunning(c.id);
    out.exposure = c.isExposure();
    out.port = c.port;
    if (c.state != CheckState::NotTested && c.latencyMs >= 0)
        out.latencyMs = c.latencyMs;
    if (c.expect == Expectation::Reachable && c.runnable) {
        out.range = c.flowId;
        out.answering = c.state == CheckState::Open;
        out.pathOpen = out.answering || c.state == CheckState::Closed;
    }
    return out;
}

int LinkSummaryModel::ensureRow(const QString &linkId)
{
    const int existing = m_rowOf.value(linkId, -1);
    if (existing >= 0)
        return existing;
    const int row = int(m_links.size());
    if (!m_resetting)
        beginInsertRows(QModelIndex(), row, row);
    LinkData d;
    d.linkId = linkId;
    const qsizetype split = linkId.indexOf(QLatin1Char('>'));
    d.from = linkId.left(split);
    d.to = split < 0 ? QString() : linkId.mid(split + 1);
    m_links << d;
    m_rowOf.insert(linkId, row);
    if (!m_resetting)
        endInsertRows();
    return row;
}

void LinkSummaryModel::apply(const Contribution &c, int sign, Touched *touched)
{
    LinkData &d = m_links[ensureRow(c.linkId)];
    const auto addTo = [&c, sign](Tally &t) {
        t.verdicts[int(c.verdict)] += sign;
        t.pending += c.pending ? sign : 0;
        t.running += c.running ? sign : 0;
        if (!c.range.isEmpty())
            addToRange(t, c.range, c.host, c.port, c.pathOpen, c.answering, sign);
    };
    addTo(d.tally);
    if (!c.host.isEmpty()) {
        auto it = d.hosts.find(c.host);
        if (it == d.hosts.end())
            it = d.hosts.insert(c.host, Tally());
        addTo(*it);
        if (isEmptyTally(*it))
            d.hosts.erase(it);
    }
    if (c.latencyMs >= 0) {
        addToMultiset(d.latencies, c.latencyMs, sign);
        d.latencyCount += sign;
        d.latencySum = d.latencyCount > 0 ? d.latencySum + sign * c.latencyMs : 0;
    }
    if (c.exposure)
        d.exposure = true;
    m_running += c.running ? sign : 0;
    if (touched && !touched->links.contains(c.linkId))
        touched->links << c.linkId;

    // exposure findings: a finished expect-closed check marks the node it probed
    if (!c.exposure || c.pending || c.verdict == Verdict::Skipped)
        return;
    const QString host = c.host.toLower();
    ExposureTally &e = m_exposure[host];
    if (c.verdict == Verdict::Fail) {
        e.fail += sign;
        int &ports = e.failingPorts[c.port];
        ports += sign;
        if (ports <= 0)
            e.failingPorts.remove(c.port);
    } else {
        e.pass += sign;
    }
    if (e.isEmpty())
        m_exposure.remove(host);
    if (touched && !touched->hosts.contains(host))
        touched->hosts << host;
}

void LinkSummaryModel::announce(const Touched &touched)
{
    for (const QString &linkId : touched.links) {
        const QModelIndex i = index(m_rowOf.value(linkId));
        Q_EMIT dataChanged(i, i);
        Q_EMIT linkChanged(linkId);
    }
    for (const QString &host : touched.hosts)
        Q_EMIT exposureChanged(host);
}

void LinkSummaryModel::rebuild()
{
    beginResetModel();
    m_contributions.clear();
    m_links.clear();
    m_rowOf.clear();
    m_exposure.clear();
    m_running = 0;
    m_resetting = true;
    if (m_source) {
        const int n = m_source->rowCount();
        m_contributions.reserve(n);
        for (int row = 0; row < n; ++row) {
            m_contributions << contributionOf(row);
            apply(m_contributions.constLast(), +1, nullptr);
        }
    }
    m_resetting = false;
    endResetModel();
}

void LinkSummaryModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    Touched touched;
    for (int row = topLeft.row(); row <= bottomRight.row() && row < m_contributions.size(); ++row) {
        Contribution next = contributionOf(row);
        Contribution &last = m_contributions[row];
        if (next == last)
            continue;
        apply(last, -1, &touched);
        apply(next, +1, &touched);
        last = std::move(next);
    }
    announce(touched);
}

void LinkSummaryModel::onSourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    Touched touched;
    for (int row = first; row <= last; ++row) {
        m_contributions.insert(row, contributionOf(row));
        apply(m_contributions.at(row), +1, &touched);
    }
    announce(touched);
}

void LinkSummaryModel::onSourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    Touched touched;
    for (int row = first; row <= last; ++row)
        apply(m_contributions.at(row), -1, &touched);
    m_contributions.remove(first, last - first + 1);
    // links left without checks go away
    for (int row = int(m_links.size()) - 1; row >= 0; --row) {
        if (m_links.at(row).tally.total() > 0)
            continue;
        const QString linkId = m_links.at(row).linkId;
        beginRemoveRows(QModelIndex(), row, row);
        m_links.removeAt(row);
        m_rowOf.remove(linkId);
        for (int r = row; r < m_links.size(); ++r)
            m_rowOf[m_links.at(r).linkId] = r;
        endRemoveRows();
        touched.links.removeAll(linkId);
        Q_EMIT linkChanged(linkId);
    }
    announce(touched);
}

int LinkSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_links.size());
}

QHash<int, QByteArray> LinkSummaryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(LinkIdRole, "linkId");
    names.insert(FromRole, "from");
    names.insert(ToRole, "to");
    names.insert(StateRole, "state");
    names.insert(PassRole, "pass");
    names.insert(WarnRole, "warn");
    names.insert(FailRole, "fail");
    names.insert(SkippedRole, "skipped");
    names.insert(PendingRole, "pending");
    names.insert(RunningRole, "running");
    names.insert(TotalRole, "total");
    names.insert(ExposureRole, "exposure");
    names.insert(MinLatencyRole, "minLatency");
    names.insert(AvgLatencyRole, "avgLatency");
    names.insert(MaxLatencyRole, "maxLatency");
    names.insert(SummaryRole, "summary");
    return names;
}

QVariant LinkSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LinkData &d = m_links.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QString(d.from + QStringLiteral(" \u2192 ") + d.to);
    case Qt::ToolTipRole:
    case SummaryRole: {
        Tally t = d.tally;
        t.fleet = fleetLines(d.linkId);
        return t.summary();
    }
    case Qt::DecorationRole:
        return QColor(stateColor(d.tally.state()));
    case LinkIdRole:
        return d.linkId;
    case FromRole:
        return d.from;
    case ToRole:
        return d.to;
    case StateRole:
        return int(d.tally.state());
    case PassRole:
        return d.tally.count(Verdict::Pass);
    case WarnRole:
        return d.tally.count(Verdict::Warn);
    case FailRole:
        return d.tally.count(Verdict::Fail);
    case SkippedRole:
        return d.tally.skipped();
    case PendingRole:
        return d.tally.pending;
    case RunningRole:
        return d.tally.running;
    case TotalRole:
        return d.tally.total();
    case ExposureRole:
        return d.exposure;
    case MinLatencyRole:
        return withLatency(d).minMs;
    case AvgLatencyRole:
        return withLatency(d).avgMs;
    case MaxLatencyRole:
        return withLatency(d).maxMs;
    default:
        break;
    }
    return {};
}

QStringList LinkSummaryModel::linkIds() const
{
    QStringList ids;
    ids.reserve(m_links.size());
    for (const LinkData &d : m_links)
        ids << d.linkId;
    return ids;
}

LinkSummaryModel::Tally LinkSummaryModel::withLatency(const LinkData &d) const
{
    Tally t = d.tally;
    if (d.latencyCount > 0 && !d.latencies.isEmpty()) {
        t.minMs = d.latencies.firstKey();
        t.maxMs = d.latencies.lastKey();
        t.avgMs = d.latencySum / d.latencyCount;
    }
    return t;
}

LinkSummaryModel::Tally LinkSummaryModel::link(const QString &linkId) const
{
    const int row = m_rowOf.value(linkId, -1);
    Tally t = row < 0 ? Tally() : withLatency(m_links.at(row));
    t.fleet = fleetLines(linkId);
    return t;
}

void LinkSummaryModel::setFleet(const QList<FleetTally> &tallies, const TopologyTemplate &topology)
{
    QHash<QString, QList<FleetTally>> fleet;
    QHash<QString, QString> names;
    for (const FleetTally &t : tallies) {
        fleet[t.linkId] << t;
        if (!names.contains(t.role))
            names.insert(t.role, DisplayNames::role(topology, t.role));
    }
    for (QList<FleetTally> &list : fleet)
        std::stable_sort(list.begin(), list.end(),
                         [](const FleetTally &a, const FleetTally &b) { return a.decides && !b.decides; });
    QStringList touched = m_fleet.keys();
    for (auto it = fleet.cbegin(); it != fleet.cend(); ++it) {
        if (!touched.contains(it.key()))
            touched << it.key();
    }
    m_fleet = std::move(fleet);
    m_roleNames = std::move(names);
    Q_EMIT fleetChanged();
    for (const QString &linkId : std::as_const(touched)) {
        const int row = m_rowOf.value(linkId, -1);
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row));
        Q_EMIT linkChanged(linkId);
    }
}

QStringList LinkSummaryModel::fleetLines(const QString &linkId, int namesShown) const
{
    const auto it = m_fleet.constFind(linkId);
    if (it == m_fleet.cend())
        return {};
    QStringList lines;
    for (const FleetTally &t : *it) {
        const QString role = m_roleNames.value(t.role, t.role);
        lines << (t.decides ? tr("%1 (decides): %2") : tr("%1: %2")).arg(role, t.sentence(namesShown));
    }
    if (fleetDisagrees(linkId))
        lines << fleetRule(linkId);
    return lines;
}

bool LinkSummaryModel::fleetDisagrees(const QString &linkId) const
{
    const QList<FleetTally> tallies = m_fleet.value(linkId);
    for (const FleetTally &t : tallies) {
        if (worstOf(t) != worstOf(tallies.constFirst()))
            return true;
    }
    return false;
}

QString LinkSummaryModel::fleetRule(const QString &linkId) const
{
    const QList<FleetTally> tallies = m_fleet.value(linkId);
    if (tallies.isEmpty())
        return {};
    if (linkId.startsWith(Vantage::outside + QLatin1Char('>')))
        return tr("The roles disagree; the merge rule: every machine outside the cluster tests the exposure checks, "
                  "and the worst verdict any of them saw is the link's.");
    QStringList deciding;
    for (const FleetTally &t : tallies) {
        if (t.decides)
            deciding << m_roleNames.value(t.role, t.role);
    }
    if (deciding.isEmpty())
        return tr("The roles disagree, and no machine of the flow's own source tested this link; the merge rule: a run "
                  "of every role (--from all) stands in, else the worst verdict of the others.");
    return tr("The roles disagree; the merge rule: the flow's own source (%1) decides the link and its checks, the "
              "other roles are shown for comparison.")
        .arg(deciding.join(QStringLiteral(", ")));
}

LinkSummaryModel::Tally LinkSummaryModel::hostTally(const QString &linkId, const QString &host) const
{
    const int row = m_rowOf.value(linkId, -1);
    return row < 0 ? Tally() : m_links.at(row).hosts.value(host);
}

LinkSummaryModel::ExposureTally LinkSummaryModel::exposure(const QString &host) const
{
    return m_exposure.value(host.toLower());
}
