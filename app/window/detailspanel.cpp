#include "detailspanel.h"

#include "checkfiltermodel.h"
#include "checkresultsmodel.h"
#include "linksummarymodel.h"
#include "rangegroupmodel.h"
#include "verdictpalette.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

DetailsPanel::DetailsPanel(CheckResultsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new CheckFilterModel(this))
    , m_groups(new RangeGroupModel(this))
    , m_title(new QLabel(this))
    , m_fleet(new QLabel(this))
    , m_view(new QTreeView(this))
    , m_problemsOnly(new QCheckBox(tr("Only &problems"), this))
    , m_search(new QLineEdit(this))
    , m_rerun(new QPushButton(tr("Re-run &these checks"), this))
{
    m_filter->setSourceModel(model);
    m_groups->setSourceModel(m_filter);
    m_view->setObjectName(QStringLiteral("checksView"));
    m_view->setModel(m_groups);
    m_view->setUniformRowHeights(true); // thousands of rows: no per-row size hints
    m_view->setTreePosition(-1);        // the expander follows the first shown column, the verdict
    m_view->setIndentation(m_view->fontMetrics().height());
    m_view->header()->setSortIndicator(-1, Qt::AscendingOrder); // the plan's order until a header is clicked
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false); // Tab leaves the view; the arrows move inside it
    m_view->setAllColumnsShowFocus(true);
    arrangeColumns(m_view->header());
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(tr("&Copy rows"), m_view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &DetailsPanel::copySelection);
    m_view->addAction(copy);

    // on a row of its own: a long link title is elided there, and never squeezed out by the buttons
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long link title must not widen the dock
    m_title->installEventFilter(this);
    m_fleet->setObjectName(QStringLiteral("fleetSummary"));
    m_fleet->setTextFormat(Qt::RichText);
    m_fleet->setWordWrap(true);
    m_fleet->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fleet->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_fleet->hide();
    m_search->setPlaceholderText(tr("Filter"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(220);
    auto *copyButton = new QPushButton(tr("C&opy"), this);
    copyButton->setToolTip(tr("Copy the selected rows (or all shown rows) as tab-separated text"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_problemsOnly);
    bar->addWidget(m_search, 1);
    bar->addWidget(copyButton);
    bar->addWidget(m_rerun);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_fleet);
    layout->addLayout(bar);
    layout->addWidget(m_view);

    connect(m_problemsOnly, &QCheckBox::toggled, this, [this](bool on) { m_filter->setProblemsOnly(on); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) { m_filter->setText(text); });
    connect(copyButton, &QPushButton::clicked, this, &DetailsPanel::copySelection);
    connect(m_rerun, &QPushButton::clicked, this, &DetailsPanel::rerunRequested);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_restoring)
                    Q_EMIT checkSelected(current.isValid() ? current.data(CheckResultsModel::CheckIdRole).toInt() : -1);
            });
    // The tree regroups on every change of the filter's rows (a filter, a sort, a new run)
    connect(m_groups, &QAbstractItemModel::modelAboutToBeReset, this, &DetailsPanel::rememberView);
    connect(m_groups, &QAbstractItemModel::modelReset, this, &DetailsPanel::restoreView);
    m_fitColumns.setSingleShot(true);
    m_fitColumns.setInterval(400);
    connect(&m_fitColumns, &QTimer::timeout, this, &DetailsPanel::fitShortColumns);
    const auto fitSoon = [this] {
        if (!m_fitColumns.isActive())
            m_fitColumns.start();
    };
    connect(m_groups, &QAbstractItemModel::modelReset, this, fitSoon);
    connect(m_groups, &QAbstractItemModel::dataChanged, this, fitSoon);
    showAll();
}

DetailsPanel::~DetailsPanel()
{
    // children go in the order they were made, the filter before the tree over it: let go of it first
    disconnect(m_groups, nullptr, this, nullptr);
    m_groups->setSourceModel(nullptr);
}

namespace {
// The columns whose whole text always shows (no "uncheck..."); the others elide, with a tooltip.
constexpr std::array shortColumns{CheckResultsModel::VerdictColumn, CheckResultsModel::PortColumn,
                                  CheckResultsModel::ProtocolColumn, CheckResultsModel::StateColumn,
                                  CheckResultsModel::ReasonColumn,  CheckResultsModel::ServiceColumn,
                                  CheckResultsModel::LatencyColumn};
} // namespace

// Verdict and advice first, for people; the model keeps its column order for the code and copies.
// Short columns fit their contents, long ones elide and show the whole text as a tooltip. Not
// QHeaderView::ResizeToContents: a tree view then measures 64 rows of every such column for each
// change of the model, hundreds of times a second during a run.
void DetailsPanel::arrangeColumns(QHeaderView *header)
{
    header->moveSection(header->visualIndex(CheckResultsModel::VerdictColumn), 0);
    header->moveSection(header->visualIndex(CheckResultsModel::AdviceColumn), 1);
    header->moveSection(header->visualIndex(CheckResultsModel::DetailColumn), header->count() - 1);
    header->setStretchLastSection(true);
    header->setResizeContentsPrecision(64); // a sample of rows: the width of thousands costs a stall
    header->resizeSection(CheckResultsModel::AdviceColumn, 320);
    header->resizeSection(CheckResultsModel::LinkColumn, 230);
    header->resizeSection(CheckResultsModel::HostColumn, 150);
    header->resizeSection(CheckResultsModel::AddressColumn, 110);
    m_view->setTextElideMode(Qt::ElideRight);
}

void DetailsPanel::fitShortColumns()
{
    for (int column : shortColumns)
        m_view->resizeColumnToContents(column);
}

void DetailsPanel::selectCheck(int checkId)
{
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        const QModelIndex shown = m_filter->index(r, CheckResultsModel::VerdictColumn); // the first shown
        if (shown.data(CheckResultsModel::CheckIdRole).toInt() != checkId)
            continue;
        const QModelIndex index = m_groups->mapFromSource(shown);
        if (index.parent().isValid())
            m_view->expand(index.parent());
        // current, not selected: Copy still takes every shown row until the user selects some
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
        m_view->scrollTo(index);
        return;
    }
}

void DetailsPanel::rememberView()
{
    m_expanded.clear();
    for (int r = 0; r < m_groups->rowCount(); ++r) {
        const QModelIndex top = m_groups->index(r, 0);
        if (m_groups->isSummaryRow(top) && m_view->isExpanded(top))
            m_expanded << top.data(CheckResultsModel::RangeKeyRole).toString();
    }
    const QModelIndex current = m_view->currentIndex();
    m_keptRange = m_groups->isSummaryRow(current) ? current.data(CheckResultsModel::RangeKeyRole).toString() : QString();
    m_keptCheck = current.isValid() && m_keptRange.isEmpty() ? current.data(CheckResultsModel::CheckIdRole).toInt() : -1;
}

void DetailsPanel::restoreView()
{
    if (m_expanded.isEmpty() && m_keptRange.isEmpty() && m_keptCheck < 0)
        return;
    m_restoring = true; // the same row again: nothing new to show in the Check pane
    for (int r = 0; r < m_groups->rowCount(); ++r) {
        const QModelIndex top = m_groups->index(r, 0);
        if (!m_groups->isSummaryRow(top))
            continue;
        const QString key = top.data(CheckResultsModel::RangeKeyRole).toString();
        if (m_expanded.contains(key))
            m_view->expand(top);
        if (!m_keptRange.isEmpty() && key == m_keptRange)
            m_view->selectionModel()->setCurrentIndex(top, QItemSelectionModel::NoUpdate);
    }
    if (m_keptCheck >= 0)
        selectCheck(m_keptCheck);
    m_restoring = false;
}

bool DetailsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_title && event->type() == QEvent::Resize)
        elideTitle();
    return QWidget::eventFilter(watched, event);
}

void DetailsPanel::setTitle(const QString &title)
{
    m_fullTitle = title;
    m_title->setToolTip(title);
    elideTitle();
}

void DetailsPanel::elideTitle()
{
    const int room = m_title->contentsRect().width();
    m_title->setText(room > 0 ? m_title->fontMetrics().elidedText(m_fullTitle, Qt::ElideRight, room) : m_fullTitle);
}

void DetailsPanel::setLinkModel(const LinkSummaryModel *links)
{
    if (m_links)
        disconnect(m_links, nullptr, this, nullptr);
    m_links = links;
    if (links)
        connect(links, &LinkSummaryModel::fleetChanged, this, &DetailsPanel::refreshFleet);
    refreshFleet();
}

// Merged results: one line per role that tested the link, the deciding one in bold, failures in the
// fail colour; the merge rule in italics when the roles disagree.
void DetailsPanel::refreshFleet()
{
    m_fleetLines = m_links && !m_linkId.isEmpty() ? m_links->fleetLines(m_linkId, 10) : QStringList();
    if (m_fleetLines.isEmpty()) {
        m_fleet->clear();
        m_fleet->hide();
        return;
    }
    const QList<FleetTally> tallies = m_links->fleet(m_linkId);
    QStringList html;
    for (int i = 0; i < m_fleetLines.size(); ++i) {
        QString line = m_fleetLines.at(i).toHtmlEscaped();
        if (i >= tallies.size()) {
            html << QStringLiteral("<i>%1</i>").arg(line);
            continue;
        }
        const FleetTally &t = tallies.at(i);
        const Verdict worst = t.fail > 0 ? Verdict::Fail : t.warn > 0 ? Verdict::Warn : Verdict::Pass;
        line = QStringLiteral("<span style=\"color:%1\">%2</span> %3")
                   .arg(VerdictPalette::color(worst), VerdictPalette::glyph(worst).toHtmlEscaped(), line);
        html << (t.decides ? QStringLiteral("<b>%1</b>").arg(line) : line);
    }
    m_fleet->setText(html.join(QStringLiteral("<br>")));
    m_fleet->setToolTip(m_fleetLines.join(QLatin1Char('\n')));
    m_fleet->show();
}

void DetailsPanel::showAll()
{
    m_linkId.clear();
    refreshFleet();
    m_filter->showAll();
    setTitle(tr("All checks"));
    m_rerun->setEnabled(false);
}

void DetailsPanel::showLink(const QString &linkId, const QString &title)
{
    m_filter->showLink(linkId);
    m_linkId = linkId;
    refreshFleet();
    setTitle(title);
    m_rerun->setEnabled(true);
}

void DetailsPanel::showComponent(const QString &componentId, const QString &host, const QString &title)
{
    m_linkId.clear();
    refreshFleet();
    m_filter->showComponent(componentId, host);
    setTitle(title);
    m_rerun->setEnabled(false);
}

QString DetailsPanel::selectionAsText() const
{
    QList<int> shownRows; // rows of the filter, in the order shown
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        for (int r = 0; r < m_filter->rowCount(); ++r)
            shownRows << r;
    } else {
        for (const QModelIndex &index : selected)
            shownRows << m_groups->sourceRows(index);
        std::sort(shownRows.begin(), shownRows.end());
        shownRows.erase(std::unique(shownRows.begin(), shownRows.end()), shownRows.end()); // a range and one of its ports
    }
    QList<int> rows;
    rows.reserve(shownRows.size());
    for (int r : std::as_const(shownRows))
        rows << m_filter->mapToSource(m_filter->index(r, 0)).row();
    return m_model->rowsAsText(rows);
}

void DetailsPanel::copySelection()
{
    QApplication::clipboard()->setText(selectionAsText());
}
