#include "checkfiltermodel.h"

#include "checkresultsmodel.h"

CheckFilterModel::CheckFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(CheckResultsModel::SortRole);
    setDynamicSortFilter(true);
}

CheckFilterModel::~CheckFilterModel() = default;

void CheckFilterModel::showAll()
{
    m_linkId.clear();
    m_componentId.clear();
    m_host.clear();
    invalidateRowsFilter();
}

void CheckFilterModel::showLink(const QString &linkId)
{
    m_linkId = linkId;
    m_componentId.clear();
    m_host.clear();
    invalidateRowsFilter();
}

void CheckFilterModel::showComponent(const QString &componentId, const QString &host)
{
    m_linkId.clear();
    m_componentId = componentId;
    m_host = host;
    invalidateRowsFilter();
}

void CheckFilterModel::setProblemsOnly(bool problemsOnly)
{
    m_problemsOnly = problemsOnly;
    invalidateRowsFilter();
}

void CheckFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

bool CheckFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_problemsOnly) {
        const auto verdict = Verdict(index.data(CheckResultsModel::VerdictRole).toInt());
        if (verdict != Verdict::Warn && verdict != Verdict::Fail)
            return false;
    }
    if (!m_linkId.isEmpty() && index.data(CheckResultsModel::LinkIdRole).toString() != m_linkId)
        return false;
    if (!m_componentId.isEmpty()) {
        const QString from = index.data(CheckResultsModel::FromRole).toString();
        const QString to = index.data(CheckResultsModel::ToRole).toString();
        if (m_host.isEmpty()) {
            if (from != m_componentId && to != m_componentId)
                return false;
        } else if (to != m_componentId || index.data(CheckResultsModel::HostRole).toString().compare(m_host, Qt::CaseInsensitive) != 0) {
            return false;
        }
    }
    if (!m_text.isEmpty()) {
        bool found = false;
        for (int col = 0; col < sourceModel()->columnCount(sourceParent) && !found; ++col)
            found = sourceModel()->index(sourceRow, col, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive);
        if (!found)
            return false;
    }
    return true;
}
