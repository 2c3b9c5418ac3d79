#pragma once

#include <QWidget>

class CheckFilterModel;
class CheckResultsModel;
class QCheckBox;
class QHeaderView;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

// The checks behind the selection in the diagram, sortable and filterable; rows copy as text.
class DetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPanel)

public:
    explicit DetailsPanel(CheckResultsModel *model, QWidget *parent = nullptr);
    ~DetailsPanel() override;

    void showAll();
    void showLink(const QString &linkId, const QString &title);
    void showComponent(const QString &componentId, const QString &host, const QString &title);

    QTableView *table() const { return m_table; }
    CheckFilterModel *filter() const { return m_filter; }
    QString title() const;
    // The selected rows (all shown rows when none is selected) as tab-separated text.
    QString selectionAsText() const;
    // Makes the row of `checkId` current (when the filter shows it): checkSelected() follows.
    void selectCheck(int checkId);

public Q_SLOTS:
    void copySelection();

Q_SIGNALS:
    void rerunRequested();
    // The current row's check id, -1 when none.
    void checkSelected(int checkId);

private:
    void arrangeColumns(QHeaderView *header);

    CheckResultsModel *m_model;
    CheckFilterModel *m_filter;
    QLabel *m_title;
    QTableView *m_table;
    QCheckBox *m_problemsOnly;
    QLineEdit *m_search;
    QPushButton *m_rerun;
};
