#include "rangegroupmodel.h"

#include "displaynames.h"

#include <QHash>
#include <QLocale>
#include <QStringList>

namespace {
using Col = CheckResultsModel::Column;

// How telling a row is for the summary of its range: a failure first, then a warning, then a
// check still running, then a pass.
int weight(Verdict verdict, bool running)
{
    if (running && verdictSeverity(verdict) < verdictSeverity(Verdict::Warn))
        return 3;
    switch (verdict) {
    case Verdict::Fail: return 6;
    case Verdict::Warn: return 4;
    case Verdict::Pass: return 2;
    case Verdict::Skipped: break;
    }
    return 0;
}
} // namespace

RangeGroupModel::RangeGroupModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

RangeGroupModel::~RangeGroupModel() = default;

void RangeGroupModel::setSourceModel(QAbstractItemModel *model)
{
    if (model == m_source)
        return;
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_source = model;
    if (model) {
        // Any change of the source's rows regroups: a filter or a sort moves checks between groups.
        const auto begin = [this] { beginRebuild(); };
        const auto end = [this] { endRebuild(); };
        m_connections << connect(model, &QAbstractItemModel::modelAboutToBeReset, this, begin)
                      << connect(model, &QAbstractItemModel::modelReset, this, end)
                      << connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, begin)
                      << connect(model, &QAbstractItemModel::layoutChanged, this, end)
                      << connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, begin)
                      << connect(model, &QAbstractItemModel::rowsInserted, this, end)
                      << connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, begin)
                      << connect(model, &QAbstractItemModel::rowsRemoved, this, end)
                      << connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, begin)
                      << connect(model, &QAbstractItemModel::rowsMoved, this, end)
                      << connect(model, &QAbstractItemModel::dataChanged, this, &RangeGroupModel::onSourceDataChanged)
                      << connect(model, &QObject::destroyed, this, [this] {
                             if (m_resetDepth == 0)
                                 beginResetModel();
                             m_connections.clear();
                             m_resetDepth = 0;
                             rebuild();
                             endResetModel();
                         });
    }
    rebuild();
    endResetModel();
}

void RangeGroupModel::beginRebuild()
{
    if (m_resetDepth++ == 0)
        beginResetModel();
}

void RangeGroupModel::endRebuild()
{
    if (m_resetDepth == 0 || --m_resetDepth > 0)
        return;
    rebuild();
    endResetModel();
}

void RangeGroupModel::rebuild()
{
    m_rows.clear();
    m_groups.clear();
    m_topOfSource.clear();
    m_childOfSource.clear();
    if (!m_source)
        return;
    const int n = m_source->rowCount();
    QList<QString> keys(n);
    QHash<QString, int> members;
    for (int r = 0; r < n; ++r) {
        keys[r] = m_source->index(r, 0).data(CheckResultsModel::RangeKeyRole).toString();
        if (!keys.at(r).isEmpty())
            ++members[keys.at(r)];
    }
    m_topOfSource.fill(-1, n);
    m_childOfSource.fill(-1, n);
    QHash<QString, int> groupOf;
    for (int r = 0; r < n; ++r) {
        const QString &key = keys.at(r);
        // a range of which one check is left (a filter) is just that check
        if (key.isEmpty() || members.value(key) < 2) {
            m_topOfSource[r] = int(m_rows.size());
            m_rows.append(TopRow{r, -1});
            continue;
        }
        auto it = groupOf.find(key);
        if (it == groupOf.end()) {
            it = groupOf.insert(key, int(m_groups.size()));
            m_groups.append(Group{int(m_rows.size()), {}, Summary()});
            m_rows.append(TopRow{-1, it.value()});
        }
        Group &g = m_groups[it.value()];
        m_topOfSource[r] = g.topRow;
        m_childOfSource[r] = int(g.sourceRows.size());
        g.sourceRows << r;
    }
}

QModelIndex RangeGroupModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(m_rows.at(parent.row()).group + 1));
}

QModelIndex RangeGroupModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(m_groups.at(int(child.internalId()) - 1).topRow, 0, quintptr(0));
}

int RangeGroupModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.column() != 0 || parent.internalId() != 0)
        return 0;
    const int group = m_rows.at(parent.row()).group;
    return group < 0 ? 0 : int(m_groups.at(group).sourceRows.size());
}

int RangeGroupModel::columnCount(const QModelIndex &) const
{
    return m_source ? m_source->columnCount() : 0;
}

bool RangeGroupModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

bool RangeGroupModel::isSummaryRow(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this && index.internalId() == 0 && m_rows.at(index.row()).group >= 0;
}

QModelIndex RangeGroupModel::mapToSource(const QModelIndex &index) const
{
    if (!m_source || !index.isValid() || index.model() != this)
        return {};
    int sourceRow = -1;
    if (index.internalId() != 0)
        sourceRow = m_groups.at(int(index.internalId()) - 1).sourceRows.at(index.row());
    else
        sourceRow = m_rows.at(index.row()).sourceRow;
    return sourceRow < 0 ? QModelIndex() : m_source->index(sourceRow, index.column());
}

QModelIndex RangeGroupModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_source || sourceIndex.row() >= m_topOfSource.size())
        return {};
    const int top = m_topOfSource.at(sourceIndex.row());
    const int child = m_childOfSource.at(sourceIndex.row());
    if (child < 0)
        return index(top, sourceIndex.column());
    return index(child, sourceIndex.column(), index(top, 0));
}

QList<int> RangeGroupModel::sourceRows(const QModelIndex &index) const
{
    if (isSummaryRow(index))
        return m_groups.at(m_rows.at(index.row()).group).sourceRows;
    const QModelIndex source = mapToSource(index);
    return source.isValid() ? QList<int>{source.row()} : QList<int>();
}

QVariant RangeGroupModel::sourceData(int sourceRow, int column, int role) const
{
    if (role == SummaryRowRole)
        return false;
    if (role == ChildCountRole)
        return 0;
    return m_source->index(sourceRow, column).data(role);
}

const RangeGroupModel::Summary &RangeGroupModel::summaryOf(const Group &group) const
{
    Summary &s = group.summary;
    if (s.valid)
        return s;
    s = Summary();
    s.valid = true;
    s.first = 65536;
    int bestWeight = -1;
    for (int r : group.sourceRows) {
        const QModelIndex i = m_source->index(r, 0);
        const int w = weight(Verdict(i.data(CheckResultsModel::VerdictRole).toInt()),
                             i.data(CheckResultsModel::RunningRole).toBool());
        if (w > bestWeight) {
            s.representative = r;
            bestWeight = w;
        }
        const int port = i.data(CheckResultsModel::PortRole).toInt();
        s.first = qMin(s.first, port);
        s.last = qMax(s.last, port);
        const auto state = CheckState(i.data(CheckResultsModel::StateRole).toInt());
        if (int(state) >= 0 && size_t(state) < s.states.size())
            ++s.states[size_t(state)];
        s.tested += state != CheckState::NotTested ? 1 : 0;
        s.answering += state == CheckState::Open ? 1 : 0;
        s.pathOpen += state == CheckState::Open || state == CheckState::Closed ? 1 : 0;
    }
    return s;
}

QVariant RangeGroupModel::summaryData(const Group &group, int column, int role) const
{
    if (role == SummaryRowRole)
        return true;
    if (role == ChildCountRole)
        return int(group.sourceRows.size());
    const bool text = role == Qt::DisplayRole || role == Qt::ToolTipRole || role == CheckResultsModel::SortRole;
    const bool computed = column == Col::PortColumn || column == Col::StateColumn || column == Col::ReasonColumn
        || column == Col::ServiceColumn || column == Col::DetailColumn || column == Col::LatencyColumn;
    const Summary &s = summaryOf(group);
    if (!text || !computed)
        return sourceData(s.representative, column, role);
    const int count = int(group.sourceRows.size());
    const QLocale locale;
    switch (column) {
    case Col::PortColumn: {
        if (role == CheckResultsModel::SortRole)
            return s.first;
        // "47100-47200/tcp", the transport as the checks write it
        const QString transport = m_source->index(group.sourceRows.constFirst(), column).data().toString().section(QLatin1Char('/'), 1);
        const QString span = s.first == s.last ? QString::number(s.first)
                                               : QString::number(s.first) + QLatin1Char('-') + QString::number(s.last);
        return transport.isEmpty() ? span : QString(span + QLatin1Char('/') + transport);
    }
    case Col::StateColumn: {
        if (role == Qt::ToolTipRole)
            return {};
        QStringList parts;
        for (size_t state = 0; state < s.states.size(); ++state)
            if (s.states.at(state) > 0 && CheckState(state) != CheckState::NotTested)
                parts << QString(locale.toString(s.states.at(state)) + QLatin1Char(' ') + DisplayNames::state(CheckState(state)));
        return parts.join(QStringLiteral(" \u00b7 "));
    }
    case Col::DetailColumn:
        if (s.tested == 0)
            return tr("%n ports, none tested yet", nullptr, count);
        return tr("path open to %1 of %n ports, %2 answering", nullptr, count)
            .arg(locale.toString(s.pathOpen), locale.toString(s.answering));
    default:
        break;
    }
    return role == CheckResultsModel::SortRole ? QVariant() : QVariant(QString());
}

QVariant RangeGroupModel::data(const QModelIndex &index, int role) const
{
    if (!m_source || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() != 0)
        return sourceData(m_groups.at(int(index.internalId()) - 1).sourceRows.at(index.row()), index.column(), role);
    const TopRow &t = m_rows.at(index.row());
    return t.group < 0 ? sourceData(t.sourceRow, index.column(), role)
                       : summaryData(m_groups.at(t.group), index.column(), role);
}

QVariant RangeGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_source ? m_source->headerData(section, orientation, role)
                    : QAbstractItemModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> RangeGroupModel::roleNames() const
{
    QHash<int, QByteArray> names = m_source ? m_source->roleNames() : QAbstractItemModel::roleNames();
    names.insert(SummaryRowRole, "summaryRow");
    names.insert(ChildCountRole, "childCount");
    return names;
}

void RangeGroupModel::sort(int column, Qt::SortOrder order)
{
    if (m_source)
        m_source->sort(column, order);
}

void RangeGroupModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                          const QList<int> &roles)
{
    if (m_resetDepth > 0 || !topLeft.isValid() || topLeft.parent().isValid())
        return;
    const int left = topLeft.column();
    const int right = bottomRight.column();
    QList<int> summaries;
    // one dataChanged per run of adjacent rows under the same parent
    int runTop = -1;
    int runFirst = -1;
    int runLast = -1;
    const auto flush = [&] {
        if (runFirst < 0)
            return;
        const QModelIndex parent = runTop < 0 ? QModelIndex() : index(runTop, 0);
        Q_EMIT dataChanged(index(runFirst, left, parent), index(runLast, right, parent), roles);
        runFirst = runLast = -1;
    };
    const int end = qMin(bottomRight.row(), int(m_topOfSource.size()) - 1);
    for (int r = topLeft.row(); r <= end; ++r) {
        const int top = m_topOfSource.at(r);
        const int child = m_childOfSource.at(r);
        const int parentTop = child < 0 ? -1 : top;
        const int row = child < 0 ? top : child;
        if (runFirst >= 0 && (parentTop != runTop || row != runLast + 1))
            flush();
        if (runFirst < 0) {
            runTop = parentTop;
            runFirst = row;
        }
        runLast = row;
        if (child >= 0 && !summaries.contains(top)) {
            summaries << top;
            m_groups.at(m_rows.at(top).group).summary.valid = false;
        }
    }
    flush();
    // a summary row is made of its children: all of its columns may have changed
    for (int top : std::as_const(summaries))
        Q_EMIT dataChanged(index(top, 0), index(top, columnCount() - 1));
}
