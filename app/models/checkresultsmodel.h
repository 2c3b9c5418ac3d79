#pragma once

#include "check.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

// Every check of the current run: the one source of truth the diagram, the details table and
// the charts read. One row per check, in plan order.
class CheckResultsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckResultsModel)

public:
    enum Column {
        LinkColumn,
        HostColumn,
        AddressColumn,
        PortColumn,
        ProtocolColumn,
        StateColumn,
        ReasonColumn,
        ServiceColumn,
        DetailColumn,
        LatencyColumn,
        VerdictColumn,
        AdviceColumn,
        ColumnCount
    };
    enum Role {
        CheckRole = Qt::UserRole + 1, // the whole Check
        CheckIdRole,
        LinkIdRole, // Check::linkId(): "from>to", "outside>control-room" for exposure checks
        FromRole,
        ToRole,
        HostRole,
        VerdictRole,  // Verdict as int
        RunningRole,  // bool
        LatencyRole,  // double, < 0 when not measured
        ExposureRole, // bool: an expect-closed check
        SortRole,
        RangeKeyRole, // QString: one key per (flow, host, route) of a reachable port range; "" for other checks
        StateRole,    // CheckState as int
        PortRole      // int
    };
    Q_ENUM(Role)

    explicit CheckResultsModel(QObject *parent = nullptr);
    ~CheckResultsModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the check with the same id; false when the model has no such check.
    bool updateCheck(const Check &check);
    void setRunning(int checkId, bool running);
    bool isRunning(int checkId) const { return m_running.contains(checkId); }
    int runningCount() const { return int(m_running.size()); }

public Q_SLOTS:
    // RunController connects here: a new plan, batches of results, checks taken up by the engine.
    void setChecks(const QList<Check> &checks);
    // Checks a run added (a name's further addresses): new rows at the end; ids the model holds already are ignored.
    void appendChecks(const QList<Check> &checks);
    // Checks the model does not hold are ignored; one dataChanged per run of adjacent rows.
    void updateChecks(const QList<Check> &checks);
    void setRunning(const QList<int> &checkIds);
    void clearRunning();

public:

    const QList<Check> &checks() const { return m_checks; }
    const Check *checkById(int checkId) const;
    int rowOf(int checkId) const { return m_rows.value(checkId, -1); }
    QList<Check> checksOfLink(const QString &linkId) const;

    // Tab-separated text of the given rows, with a header line: for pasting into a ticket or a sheet.
    QString rowsAsText(const QList<int> &rows) const;

private:
    void emitRanges(QList<int> rows, int firstColumn, int lastColumn, const QList<int> &roles);

    QList<Check> m_checks;
    QHash<int, int> m_rows; // check id -> row
    QSet<int> m_running;
};
