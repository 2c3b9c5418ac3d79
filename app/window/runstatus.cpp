#include "runstatus.h"

#include "resultsprovenance.h"
#include "runcontroller.h"
#include "verdictpalette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

namespace {
// Often enough for a countdown in tenths of a second to read as live, rarely enough to cost nothing.
constexpr int tickMs = 250;
} // namespace

RunStatus::RunStatus(const RunController *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_summary(new QLabel(this))
    , m_count(new QLabel(this))
    , m_flight(new QLabel(this))
    , m_bar(new QProgressBar(this))
{
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_count->setObjectName(QStringLiteral("countLabel"));
    m_flight->setObjectName(QStringLiteral("inFlightLabel"));
    m_flight->setMaximumWidth(fontMetrics().averageCharWidth() * 64);
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false);
    m_bar->hide();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_flight);
    layout->addWidget(m_summary);
    layout->addWidget(m_count);
    layout->addWidget(m_bar);
    m_tick.setInterval(tickMs);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        showSummary();
        showInFlight();
    });
    // queued: start() and rerun() announce the new results just before the run begins
    connect(m_session, &RunController::resultsReset, this, &RunStatus::onResultsReset, Qt::QueuedConnection);
    connect(m_session, &RunController::progress, this, &RunStatus::showProgress);
    connect(m_session, &RunController::finished, this, [this](bool cancelled) {
        m_tick.stop();
        m_bar->hide();
        m_count->setText(cancelled ? tr("stopped") : QString());
        showSummary();
        showInFlight();
    });
}

RunStatus::~RunStatus() = default;

void RunStatus::setProvenance(const ResultsProvenance *provenance)
{
    m_provenance = provenance;
    connect(provenance, &ResultsProvenance::changed, this, &RunStatus::showSummary);
    showSummary();
}

QString RunStatus::summary() const
{
    return m_summary->text();
}

QString RunStatus::inFlight() const
{
    return m_flight->toolTip(); // the whole text; the label may show it elided
}

void RunStatus::onResultsReset()
{
    if (m_session->isRunning()) {
        showProgress(m_session->done(), m_session->total());
        showSummary();
        showInFlight();
        m_tick.start();
        return;
    }
    m_tick.stop();
    m_bar->hide();
    m_count->clear();
    showSummary();
    showInFlight();
}

void RunStatus::showProgress(int done, int total)
{
    m_bar->setRange(0, qMax(1, total));
    m_bar->setValue(done);
    m_bar->show();
    m_count->setText(tr("%1 / %2").arg(done).arg(total));
}

// During a run the counts are of the checks finished so far (not the previous run's).
void RunStatus::showSummary()
{
    const bool running = m_session->isRunning();
    RunResults::Summary s;
    for (const Check &c : m_session->results().checks) {
        if (running && c.state == CheckState::NotTested)
            continue;
        switch (c.verdict) {
        case Verdict::Pass:
            ++s.pass;
            break;
        case Verdict::Warn:
            ++s.warn;
            break;
        case Verdict::Fail:
            ++s.fail;
            break;
        case Verdict::Skipped:
            ++s.skipped;
            break;
        }
    }
    if (s.total() == 0 && !running) {
        m_summary->clear();
        return;
    }
    const QString dot = QStringLiteral(" \u00b7 ");
    QString text = VerdictPalette::html(Verdict::Pass, tr("%n pass", nullptr, s.pass)) + dot +
                   VerdictPalette::html(Verdict::Warn, tr("%n warn", nullptr, s.warn)) + dot +
                   VerdictPalette::html(Verdict::Fail, tr("%n fail", nullptr, s.fail));
    if (!running)
        text += dot + VerdictPalette::html(Verdict::Skipped, tr("%n skipped", nullptr, s.skipped));
    if (!running && m_provenance && m_provenance->isStale())
        text += dot + QStringLiteral("<b>%1</b>").arg(tr("out of date: run again"));
    m_summary->setText(text);
}

// The check that has waited longest, and how long until the probe gives up on it.
void RunStatus::showInFlight()
{
    const QHash<int, qint64> &flight = m_session->inFlight();
    if (!m_session->isRunning() || flight.isEmpty()) {
        m_flight->clear();
        m_flight->setToolTip(QString());
        return;
    }
    int oldest = -1;
    qint64 since = 0;
    for (auto it = flight.cbegin(); it != flight.cend(); ++it) {
        if (oldest < 0 || it.value() < since) {
            oldest = it.key();
            since = it.value();
        }
    }
    const QList<Check> &checks = m_session->results().checks;
    if (oldest >= checks.size())
        return;
    const Check &c = checks.at(oldest);
    const qint64 left = qMax<qint64>(0, m_session->timeoutMs() - (m_session->clockMs() - since));
    QString text =
        tr("waiting for %1:%2, %3 s to its timeout").arg(c.host).arg(c.port).arg(double(left) / 1000.0, 0, 'f', 1);
    if (flight.size() > 1)
        text += tr(" (and %n more in flight)", nullptr, int(flight.size() - 1));
    // the status bar has room for about 64 characters: the end is elided, the tooltip has it all
    m_flight->setText(m_flight->fontMetrics().elidedText(text, Qt::ElideRight, m_flight->maximumWidth()));
    m_flight->setToolTip(text);
}
