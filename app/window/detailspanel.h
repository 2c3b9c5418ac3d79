#pragma once

#include <QSet>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class CheckFilterModel;
class CheckResultsModel;
class LinkSummaryModel;
class QCheckBox;
class QHeaderView;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;
class RangeGroupModel;

// The checks behind the selection in the diagram, sortable and filterable; rows copy as text.
// A port range towards one host is one row that expands to its ports. For merged results, a link's
// checks are the merge's winners, and the lines over them say how the machines of each role saw it.
class DetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPanel)

public:
    explicit DetailsPanel(CheckResultsModel *model, QWidget *parent = nullptr);
    ~DetailsPanel() override;

    // Where the fleet lines of merged results come from (LinkSummaryModel::fleetLines()).
    void setLinkModel(const LinkSummaryModel *links);

    void showAll();
    void showLink(const QString &linkId, const QString &title);
    void showComponent(const QString &componentId, const QString &host, const QString &title);

    QTreeView *view() const { return m_view; }
    CheckFilterModel *filter() const { return m_filter; }
    // The whole title; the label shows as much of it as fits.
    QString title() const { return m_fullTitle; }
    // The shown link's fleet lines, one a line; empty for a single machine's results.
    QString fleetText() const { return m_fleetLines.join(QLatin1Char('\n')); }
    // The selected rows (all shown rows when none is selected) as tab-separated text; a range's row
    // stands for all of its ports.
    QString selectionAsText() const;
    // Makes the row of `checkId` current (when the filter shows it), opening its range: checkSelected() follows.
    void selectCheck(int checkId);

public Q_SLOTS:
    void copySelection();

Q_SIGNALS:
    void rerunRequested();
    // The current row's check id (a range's row: its most telling port), -1 when none.
    void checkSelected(int checkId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void arrangeColumns(QHeaderView *header);
    void fitShortColumns();
    void setTitle(const QString &title);
    void elideTitle();
    void rememberView();
    void restoreView();
    void refreshFleet();

    CheckResultsModel *m_model;
    CheckFilterModel *m_filter;
    RangeGroupModel *m_groups;
    QLabel *m_title;
    QLabel *m_fleet;
    const LinkSummaryModel *m_links = nullptr;
    QString m_linkId; // the link shown, for its fleet lines
    QStringList m_fleetLines;
    QTreeView *m_view;
    QCheckBox *m_problemsOnly;
    QLineEdit *m_search;
    QPushButton *m_rerun;
    QString m_fullTitle;
    // what a regrouping (a filter, a sort, new rows) must not lose: the open ranges and the current row
    QSet<QString> m_expanded;
    QString m_keptRange;
    int m_keptCheck = -1;
    bool m_restoring = false;
    QTimer m_fitColumns; // fits the short columns to their text a few times a second at most, not on every result
};
