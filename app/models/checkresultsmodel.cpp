#include "checkresultsmodel.h"

#include "displaynames.h"
#include "verdictpalette.h"

#include <QBrush>
#include <QFont>

#include <algorithm>

namespace {
QString portText(const Check &c)
{
    QString text = c.portRange.isEmpty() ? QString::number(c.port) : c.portRange;
    return text + QLatin1Char('/') + transportName(c.transport);
}
} // namespace

CheckResultsModel::CheckResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

CheckResultsModel::~CheckResultsModel() = default;

int CheckResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_checks.size());
}

int CheckResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QHash<int, QByteArray> CheckResultsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(CheckIdRole, "checkId");
    names.insert(LinkIdRole, "linkId");
    names.insert(FromRole, "from");
    names.insert(ToRole, "to");
    names.insert(HostRole, "host");
    names.insert(VerdictRole, "verdict");
    names.insert(RunningRole, "running");
    names.insert(LatencyRole, "latency");
    names.insert(ExposureRole, "exposure");
    names.insert(RangeKeyRole, "rangeKey");
    names.insert(StateRole, "state");
    names.insert(PortRole, "port");
    return names;
}

QVariant CheckResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LinkColumn:
        return tr("Flow");
    case HostColumn:
        return tr("Host");
    case AddressColumn:
        return tr("Address");
    case PortColumn:
        return tr("Port");
    case ProtocolColumn:
        return tr("Protocol");
    case StateColumn:
        return tr("State");
    case ReasonColumn:
        return tr("Reason");
    case ServiceColumn:
        return tr("Service");
    case DetailColumn:
        return tr("Detail");
    case LatencyColumn:
        return tr("Latency (ms)");
    case VerdictColumn:
        return tr("Verdict");
    case AdviceColumn:
        return tr("Advice");
    default:
        break;
    }
    return {};
}

QVariant CheckResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Check &c = m_checks.at(index.row());
    const bool running = m_running.contains(c.id);
    switch (role) {
    case CheckRole:
        return QVariant::fromValue(c);
    case CheckIdRole:
        return c.id;
    case LinkIdRole:
        return c.linkId();
    case FromRole:
        return c.from;
    case ToRole:
        return c.to;
    case HostRole:
        return c.host;
    case VerdictRole:
        return int(c.verdict);
    case RunningRole:
        return running;
    case LatencyRole:
        return c.latencyMs;
    case ExposureRole:
        return c.isExposure();
    case RangeKeyRole:
        if (c.expect != Expectation::Reachable)
            return QString();
        return QString(c.flowId + QLatin1Char('\x1f') + c.host + QLatin1Char('\x1f') + c.via);
    case StateRole:
        return int(c.state);
    case PortRole:
        return int(c.port);
    case Qt::ToolTipRole:
        if (index.column() == DetailColumn || index.column() == AdviceColumn)
            return data(index, Qt::DisplayRole);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == PortColumn || index.column() == LatencyColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn && (c.runnable || c.state != CheckState::NotTested) && !running)
            return QBrush(QColor(VerdictPalette::color(c.verdict)));
        return {};
    case Qt::FontRole:
        if (index.column() == VerdictColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case PortColumn:
            return int(c.port);
        case LatencyColumn:
            return c.latencyMs;
        case VerdictColumn:
            return verdictSeverity(c.verdict);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case LinkColumn: {
        QString text = c.from + QStringLiteral(" \u2192 ") + c.to;
        if (c.expect == Expectation::Closed)
            text += tr(" (must be closed)");
        if (!c.via.isEmpty())
            text += tr(" via %1").arg(c.via);
        return text;
    }
    case HostColumn:
        return c.host.isEmpty() ? tr("(no host)") : c.host;
    case AddressColumn:
        return c.address;
    case PortColumn:
        return portText(c);
    case ProtocolColumn:
        return DisplayNames::protocol(c.protocol);
    case StateColumn:
        return running ? tr("running") : DisplayNames::state(c.state);
    case ReasonColumn:
        return c.reason;
    case ServiceColumn:
        return DisplayNames::service(c.service);
    case DetailColumn:
        return c.detail;
    case LatencyColumn:
        return c.latencyMs < 0 ? QString() : QString::number(c.latencyMs, 'f', 1);
    case VerdictColumn:
        if (running)
            return tr("\u2026 running");
        return QString(VerdictPalette::glyph(c.verdict) + QLatin1Char(' ') + DisplayNames::verdict(c.verdict));
    case AdviceColumn:
        return c.advice;
    default:
        break;
    }
    return {};
}

void CheckResultsModel::setChecks(const QList<Check> &checks)
{
    beginResetModel();
    m_checks = checks;
    m_rows.clear();
    m_running.clear();
    for (int i = 0; i < m_checks.size(); ++i)
        m_rows.insert(m_checks.at(i).id, i);
    endResetModel();
}

void CheckResultsModel::appendChecks(const QList<Check> &checks)
{
    QList<Check> fresh;
    QSet<int> ids;
    for (const Check &c : checks) {
        if (!m_rows.contains(c.id) && !ids.contains(c.id)) {
            ids.insert(c.id);
            fresh << c;
        }
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_checks.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    for (const Check &c : std::as_const(fresh)) {
        m_rows.insert(c.id, int(m_checks.size()));
        m_checks << c;
    }
    endInsertRows();
}

bool CheckResultsModel::updateCheck(const Check &check)
{
    const int row = m_rows.value(check.id, -1);
    if (row < 0)
        return false;
    m_checks[row] = check;
    m_running.remove(check.id);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

void CheckResultsModel::updateChecks(const QList<Check> &checks)
{
    QList<int> rows;
    rows.reserve(checks.size());
    for (const Check &check : checks) {
        const int row = m_rows.value(check.id, -1);
        if (row < 0)
            continue;
        m_checks[row] = check;
        m_running.remove(check.id);
        rows << row;
    }
    emitRanges(std::move(rows), 0, ColumnCount - 1, {});
}

void CheckResultsModel::setRunning(int checkId, bool running)
{
    const int row = m_rows.value(checkId, -1);
    if (row < 0 || m_running.contains(checkId) == running)
        return;
    if (running)
        m_running.insert(checkId);
    else
        m_running.remove(checkId);
    Q_EMIT dataChanged(index(row, StateColumn), index(row, VerdictColumn), {Qt::DisplayRole, RunningRole});
}

void CheckResultsModel::setRunning(const QList<int> &checkIds)
{
    QList<int> rows;
    rows.reserve(checkIds.size());
    for (int id : checkIds) {
        const int row = m_rows.value(id, -1);
        if (row < 0 || m_running.contains(id))
            continue;
        m_running.insert(id);
        rows << row;
    }
    emitRanges(std::move(rows), StateColumn, VerdictColumn, {Qt::DisplayRole, RunningRole});
}

void CheckResultsModel::clearRunning()
{
    QList<int> rows;
    rows.reserve(m_running.size());
    for (int id : std::as_const(m_running))
        rows << m_rows.value(id);
    m_running.clear();
    emitRanges(std::move(rows), StateColumn, VerdictColumn, {Qt::DisplayRole, RunningRole});
}

void CheckResultsModel::emitRanges(QList<int> rows, int firstColumn, int lastColumn, const QList<int> &roles)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    int first = rows.constFirst();
    int last = first;
    for (int i = 1; i <= rows.size(); ++i) {
        if (i < rows.size() && rows.at(i) <= last + 1) {
            last = qMax(last, rows.at(i));
            continue;
        }
        Q_EMIT dataChanged(index(first, firstColumn), index(last, lastColumn), roles);
        if (i < rows.size())
            first = last = rows.at(i);
    }
}

const Check *CheckResultsModel::checkById(int checkId) const
{
    const int row = m_rows.value(checkId, -1);
    return row < 0 ? nullptr : &m_checks.at(row);
}

QList<Check> CheckResultsModel::checksOfLink(const QString &linkId) const
{
    QList<Check> out;
    for (const Check &c : m_checks) {
        if (c.linkId() == linkId)
            out << c;
    }
    return out;
}

QString CheckResultsModel::rowsAsText(const QList<int> &rows) const
{
    QStringList lines;
    QStringList header;
    for (int col = 0; col < ColumnCount; ++col)
        header << headerData(col, Qt::Horizontal).toString();
    lines << header.join(QLatin1Char('\t'));
    for (int row : rows) {
        QStringList fields;
        for (int col = 0; col < ColumnCount; ++col)
            fields << data(index(row, col)).toString().replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
        lines << fields.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}
