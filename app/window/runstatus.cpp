#include "runstatus.h"

#include "runcontroller.h"
#include "verdictpalette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

RunStatus::RunStatus(const RunController *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_summary(new QLabel(this))
    , m_count(new QLabel(this))
    , m_bar(new QProgressBar(this))
{
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_bar->setMaximumWidth(220);
    m_bar->setTextVisible(false);
    m_bar->hide();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_count);
    layout->addWidget(m_bar);
    // queued: start() and rerun() announce the new results just before the run begins
    connect(m_session, &RunController::resultsReset, this, &RunStatus::onResultsReset, Qt::QueuedConnection);
    connect(m_session, &RunController::progress, this, &RunStatus::showProgress);
    connect(m_session, &RunController::finished, this, [this](bool cancelled) {
        m_bar->hide();
        m_count->setText(cancelled ? tr("stopped") : QString());
        showSummary();
    });
}

RunStatus::~RunStatus() = default;

QString RunStatus::summary() const
{
    return m_summary->text();
}

void RunStatus::onResultsReset()
{
    if (m_session->isRunning()) {
        showProgress(m_session->done(), m_session->total());
        return;
    }
    m_bar->hide();
    m_count->clear();
    showSummary();
}

void RunStatus::showProgress(int done, int total)
{
    m_bar->setRange(0, qMax(1, total));
    m_bar->setValue(done);
    m_bar->show();
    m_count->setText(tr("%1 / %2").arg(done).arg(total));
}

void RunStatus::showSummary()
{
    const RunResults::Summary s = m_session->results().summary();
    if (s.total() == 0) {
        m_summary->clear();
        return;
    }
    const QString dot = QStringLiteral(" \u00b7 ");
    m_summary->setText(VerdictPalette::html(Verdict::Pass, tr("%n pass", nullptr, s.pass)) + dot +
                       VerdictPalette::html(Verdict::Warn, tr("%n warn", nullptr, s.warn)) + dot +
                       VerdictPalette::html(Verdict::Fail, tr("%n fail", nullptr, s.fail)) + dot +
                       VerdictPalette::html(Verdict::Skipped, tr("%n skipped", nullptr, s.skipped)));
}
