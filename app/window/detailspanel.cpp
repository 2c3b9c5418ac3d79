#include "detailspanel.h"

#include "checkfiltermodel.h"
#include "checkresultsmodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

DetailsPanel::DetailsPanel(CheckResultsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new CheckFilterModel(this))
    , m_title(new QLabel(this))
    , m_table(new QTableView(this))
    , m_problemsOnly(new QCheckBox(tr("Only &problems"), this))
    , m_search(new QLineEdit(this))
    , m_rerun(new QPushButton(tr("Re-run &these checks"), this))
{
    m_filter->setSourceModel(model);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    arrangeColumns(m_table->horizontalHeader());
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(tr("&Copy rows"), m_table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &DetailsPanel::copySelection);
    m_table->addAction(copy);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long link title must not widen the dock
    m_search->setPlaceholderText(tr("Filter"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(220);
    auto *copyButton = new QPushButton(tr("C&opy"), this);
    copyButton->setToolTip(tr("Copy the selected rows (or all shown rows) as tab-separated text"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_title, 1);
    bar->addWidget(m_problemsOnly);
    bar->addWidget(m_search);
    bar->addWidget(copyButton);
    bar->addWidget(m_rerun);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_table);

    connect(m_problemsOnly, &QCheckBox::toggled, this, [this](bool on) { m_filter->setProblemsOnly(on); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) { m_filter->setText(text); });
    connect(copyButton, &QPushButton::clicked, this, &DetailsPanel::copySelection);
    connect(m_rerun, &QPushButton::clicked, this, &DetailsPanel::rerunRequested);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                Q_EMIT checkSelected(current.isValid() ? current.data(CheckResultsModel::CheckIdRole).toInt() : -1);
            });
    showAll();
}

DetailsPanel::~DetailsPanel() = default;

// Verdict and advice first, for people; the model keeps its column order for the code and copies.
// Short columns fit their contents, long ones elide and show the whole text as a tooltip.
void DetailsPanel::arrangeColumns(QHeaderView *header)
{
    header->moveSection(header->visualIndex(CheckResultsModel::VerdictColumn), 0);
    header->moveSection(header->visualIndex(CheckResultsModel::AdviceColumn), 1);
    header->moveSection(header->visualIndex(CheckResultsModel::DetailColumn), header->count() - 1);
    header->setStretchLastSection(true);
    header->setResizeContentsPrecision(64); // a sample of rows: the width of thousands costs a stall
    for (int column :
         {CheckResultsModel::VerdictColumn, CheckResultsModel::PortColumn, CheckResultsModel::ProtocolColumn,
          CheckResultsModel::StateColumn, CheckResultsModel::ReasonColumn, CheckResultsModel::ServiceColumn,
          CheckResultsModel::LatencyColumn})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->resizeSection(CheckResultsModel::AdviceColumn, 320);
    header->resizeSection(CheckResultsModel::LinkColumn, 230);
    header->resizeSection(CheckResultsModel::HostColumn, 150);
    header->resizeSection(CheckResultsModel::AddressColumn, 110);
    m_table->setTextElideMode(Qt::ElideRight);
}

void DetailsPanel::selectCheck(int checkId)
{
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        const QModelIndex index = m_filter->index(r, CheckResultsModel::VerdictColumn); // the first shown
        if (index.data(CheckResultsModel::CheckIdRole).toInt() == checkId) {
            // current, not selected: Copy still takes every shown row until the user selects some
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
            m_table->scrollTo(index);
            return;
        }
    }
}

QString DetailsPanel::title() const
{
    return m_title->text();
}

void DetailsPanel::showAll()
{
    m_filter->showAll();
    m_title->setText(tr("All checks"));
    m_rerun->setEnabled(false);
}

void DetailsPanel::showLink(const QString &linkId, const QString &title)
{
    m_filter->showLink(linkId);
    m_title->setText(title);
    m_title->setToolTip(title);
    m_rerun->setEnabled(true);
}

void DetailsPanel::showComponent(const QString &componentId, const QString &host, const QString &title)
{
    m_filter->showComponent(componentId, host);
    m_title->setText(title);
    m_rerun->setEnabled(false);
}

QString DetailsPanel::selectionAsText() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        for (int r = 0; r < m_filter->rowCount(); ++r)
            rows << m_filter->mapToSource(m_filter->index(r, 0)).row();
    } else {
        QList<int> proxyRows;
        for (const QModelIndex &index : selected)
            proxyRows << index.row();
        std::sort(proxyRows.begin(), proxyRows.end());
        for (int r : std::as_const(proxyRows))
            rows << m_filter->mapToSource(m_filter->index(r, 0)).row();
    }
    return m_model->rowsAsText(rows);
}

void DetailsPanel::copySelection()
{
    QApplication::clipboard()->setText(selectionAsText());
}
