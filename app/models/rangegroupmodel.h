#pragma once

#include "checkresultsmodel.h"

#include <QAbstractItemModel>
#include <QList>
#include <QPointer>

#include <array>

// The details table as a tree: the checks of a reachable port range towards one host (one route)
// are the children of one summary row ("47100-47200/tcp · path open to 101 of 101 ports, 2
// answering"); every other check is a row of its own, in the source's order. It sits on a flat
// model with CheckResultsModel's columns and roles (CheckResultsModel, or CheckFilterModel over
// it) and offers the same columns and roles, so a view changes from a table to a tree and nothing
// else. A summary row computes its port, state, detail and verdict columns and answers every other
// role with the data of its most telling child (a running one, else the worst verdict).
class RangeGroupModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RangeGroupModel)

public:
    enum Role {
        SummaryRowRole = CheckResultsModel::PortRole + 1, // bool: the summary row of a range
        ChildCountRole                                    // int: the checks under a summary row, 0 for a check
    };
    Q_ENUM(Role)

    explicit RangeGroupModel(QObject *parent = nullptr);
    ~RangeGroupModel() override;

    void setSourceModel(QAbstractItemModel *model);
    QAbstractItemModel *sourceModel() const { return m_source; }

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Sorting is the source's (a CheckFilterModel sorts); the groups follow its new order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    bool isSummaryRow(const QModelIndex &index) const;
    // The source index of a check row (column kept); invalid for a summary row.
    QModelIndex mapToSource(const QModelIndex &index) const;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const;
    // The source rows behind a row: its own for a check, its children's for a summary row.
    QList<int> sourceRows(const QModelIndex &index) const;

private:
    // What a summary row shows, counted once from its children and kept until one of them changes:
    // views ask for every role of every column on each paint.
    struct Summary
    {
        bool valid = false;
        int representative = -1; // source row
        int first = 0;
        int last = 0;
        int tested = 0;
        int pathOpen = 0;
        int answering = 0;
        std::array<int, 7> states{}; // by CheckState
    };
    struct Group
    {
        int topRow = -1;
        QList<int> sourceRows;
        mutable Summary summary;
    };
    struct TopRow
    {
        int sourceRow = -1; // a check of its own
        int group = -1;     // or a summary row
    };

    void rebuild();
    void beginRebuild();
    void endRebuild();
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    const Summary &summaryOf(const Group &group) const;
    QVariant summaryData(const Group &group, int column, int role) const;
    QVariant sourceData(int sourceRow, int column, int role) const;

    QPointer<QAbstractItemModel> m_source;
    QList<QMetaObject::Connection> m_connections;
    QList<TopRow> m_rows;
    QList<Group> m_groups;
    QList<int> m_topOfSource;   // source row -> top-level row (its own, or its group's)
    QList<int> m_childOfSource; // source row -> row under its summary row, -1 for a check of its own
    int m_resetDepth = 0;
};
