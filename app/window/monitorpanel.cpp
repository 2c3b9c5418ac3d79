#include "monitorpanel.h"

#include "wheelguard.h"
#include "displaynames.h"
#include "verdictpalette.h"

#include <QCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtMath>

namespace {
// Ticks on multiples of the step, the axis ending on one, labels with the decimals the step needs.
// keepFrom: the axis starts at from itself (run 1, not run 0), its ticks still on the grid.
void setNiceAxis(QValueAxis *axis, double from, double to, int ticks, double minStep, bool keepFrom = false)
{
    const double step = qMax(minStep, MonitorPanel::niceStep(to - from, ticks));
    const double first = qFloor(from / step + 1e-9) * step;
    const double last = qMax(first + step, qCeil(to / step - 1e-9) * step);
    axis->setRange(keepFrom ? from : first, last);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(keepFrom ? 0 : first);
    axis->setTickInterval(step);
    axis->setMinorTickCount(0);
    const int decimals = step >= 1 ? 0 : qMin(3, int(qCeil(-std::log10(step) - 1e-9)));
    axis->setLabelFormat(decimals == 0 ? QStringLiteral("%d") : QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f'));
}
} // namespace

MonitorPanel::MonitorPanel(QWidget *parent)
    : QWidget(parent)
    , m_enabled(new QCheckBox(tr("&Monitor: re-run every"), this))
    , m_interval(new QSpinBox(this))
    , m_caption(new QLabel(this))
    , m_countdown(new QLabel(this))
    , m_latencyChart(new QChart)
    , m_verdictChart(new QChart)
    , m_latencyView(new QChartView(m_latencyChart, this))
    , m_verdictView(new QChartView(m_verdictChart, this))
{
    m_interval->setRange(5, 3600);
    m_interval->setValue(30);
    m_interval->setSuffix(tr(" s"));
    m_interval->setFocusPolicy(Qt::StrongFocus);
    m_interval->installEventFilter(new WheelGuard(this));
    m_countdown->setObjectName(QStringLiteral("countdownLabel"));
    m_caption->setWordWrap(true);
    for (QChart *chart : {m_latencyChart, m_verdictChart}) {
        chart->setTheme(QChart::ChartThemeLight);
        chart->setBackgroundRoundness(0);
        chart->setMargins(QMargins(2, 2, 2, 2));
        chart->legend()->setAlignment(Qt::AlignBottom);
    }
    m_latencyChart->setTitle(tr("Latency per run (ms)"));
    m_verdictChart->setTitle(tr("Verdicts per run"));
    for (QChartView *view : {m_latencyView, m_verdictView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(150);
    }
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_enabled);
    bar->addWidget(m_interval);
    bar->addWidget(m_countdown);
    bar->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_caption);
    layout->addWidget(m_latencyView, 3);
    layout->addWidget(m_verdictView, 2);
    connect(m_enabled, &QCheckBox::toggled, this, &MonitorPanel::monitoringChanged);
    redraw();
}

MonitorPanel::~MonitorPanel() = default;

double MonitorPanel::niceStep(double span, int ticks)
{
    if (span <= 0 || ticks < 1)
        return 1;
    const double raw = span / ticks;
    const double magnitude = std::pow(10.0, qFloor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0}) {
        if (m * magnitude >= raw - 1e-12)
            return m * magnitude;
    }
    return 10 * magnitude;
}

void MonitorPanel::showCountdown(int seconds)
{
    m_countdown->setText(seconds < 0 ? QString() : tr("next run in %n s", nullptr, seconds));
}

void MonitorPanel::showRunning()
{
    m_countdown->setText(tr("running now"));
}

QString MonitorPanel::countdownText() const
{
    return m_countdown->text();
}

bool MonitorPanel::isMonitoring() const
{
    return m_enabled->isChecked();
}

void MonitorPanel::setMonitoring(bool on)
{
    m_enabled->setChecked(on);
}

int MonitorPanel::intervalSeconds() const
{
    return m_interval->value();
}

void MonitorPanel::setLinkModel(LinkSummaryModel *model)
{
    m_linkModel = model;
}

void MonitorPanel::recordRun(const QDateTime &when)
{
    if (!m_linkModel)
        return;
    const int rows = m_linkModel->rowCount();
    for (int row = 0; row < rows; ++row) {
        const QModelIndex i = m_linkModel->index(row);
        Sample s;
        s.when = when;
        s.pass = i.data(LinkSummaryModel::PassRole).toInt();
        s.warn = i.data(LinkSummaryModel::WarnRole).toInt();
        s.fail = i.data(LinkSummaryModel::FailRole).toInt();
        s.minMs = i.data(LinkSummaryModel::MinLatencyRole).toDouble();
        s.avgMs = i.data(LinkSummaryModel::AvgLatencyRole).toDouble();
        s.maxMs = i.data(LinkSummaryModel::MaxLatencyRole).toDouble();
        // a link none of whose checks ran this time has no point
        if (s.pass + s.warn + s.fail == 0 && s.avgMs < 0)
            continue;
        QList<Sample> &h = m_history[i.data(LinkSummaryModel::LinkIdRole).toString()];
        h << s;
        if (h.size() > maxSamples)
            h.removeFirst();
    }
    redraw();
}

void MonitorPanel::clearHistory()
{
    m_history.clear();
    redraw();
}

void MonitorPanel::showLink(const QString &linkId, const QString &title)
{
    m_linkId = linkId;
    m_title = title;
    redraw();
}

void MonitorPanel::redraw()
{
    m_latencyChart->removeAllSeries();
    m_verdictChart->removeAllSeries();
    for (QChart *chart : {m_latencyChart, m_verdictChart}) {
        const QList<QAbstractAxis *> axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            chart->removeAxis(axis);
            delete axis;
        }
    }
    const QList<Sample> h = m_history.value(m_linkId);
    if (m_linkId.isEmpty())
        m_caption->setText(tr("Select a link in the diagram to see its history."));
    else
        m_caption->setText(tr("%1: %n run(s)", nullptr, int(h.size())).arg(m_title));

    auto *minSeries = new QLineSeries;
    auto *avgSeries = new QLineSeries;
    auto *maxSeries = new QLineSeries;
    minSeries->setName(tr("min"));
    avgSeries->setName(tr("avg"));
    maxSeries->setName(tr("max"));
    double top = 1;
    for (int i = 0; i < h.size(); ++i) {
        const Sample &s = h.at(i);
        if (s.avgMs < 0)
            continue;
        minSeries->append(i + 1, s.minMs);
        avgSeries->append(i + 1, s.avgMs);
        maxSeries->append(i + 1, s.maxMs);
        top = qMax(top, s.maxMs);
    }
    minSeries->setPen(QPen(QColor(0x42, 0x85, 0xf4), 1.5, Qt::DashLine));
    avgSeries->setPen(QPen(QColor(0x1b, 0x1f, 0x24), 2));
    maxSeries->setPen(QPen(QColor(0xe0, 0x6a, 0x00), 1.5, Qt::DotLine));
    // whole runs on x, round milliseconds on y: no label repeats and none reads 1.7
    auto *x = new QValueAxis;
    x->setTitleText(tr("run"));
    setNiceAxis(x, 1, qMax(2, int(h.size())), 6, 1, true);
    auto *y = new QValueAxis;
    setNiceAxis(y, 0, top * 1.1, 5, 0.001);
    m_latencyChart->addAxis(x, Qt::AlignBottom);
    m_latencyChart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *s : {minSeries, avgSeries, maxSeries}) {
        m_latencyChart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }

    auto *pass = new QBarSet(DisplayNames::verdict(Verdict::Pass));
    auto *warn = new QBarSet(DisplayNames::verdict(Verdict::Warn));
    auto *fail = new QBarSet(DisplayNames::verdict(Verdict::Fail));
    pass->setColor(QColor(VerdictPalette::color(Verdict::Pass)));
    warn->setColor(QColor(VerdictPalette::color(Verdict::Warn)));
    fail->setColor(QColor(VerdictPalette::color(Verdict::Fail)));
    fail->setBrush(QBrush(QColor(VerdictPalette::color(Verdict::Fail)), Qt::Dense3Pattern));
    int most = 1;
    for (int i = 0; i < h.size(); ++i) {
        const Sample &s = h.at(i);
        *pass << s.pass;
        *warn << s.warn;
        *fail << s.fail;
        most = qMax(most, s.pass + s.warn + s.fail);
    }
    auto *bars = new QStackedBarSeries;
    bars->append({pass, warn, fail});
    m_verdictChart->addSeries(bars);
    // bar i stands for run i + 1; a label every few runs, so 120 runs do not overlap
    auto *cats = new QCategoryAxis;
    cats->setTitleText(tr("run"));
    cats->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int n = qMax(1, int(h.size()));
    cats->setRange(-0.5, n - 0.5);
    cats->setStartValue(-0.5);
    const int every = int(niceStep(n, 8) < 1 ? 1 : niceStep(n, 8));
    for (int run = 1; run <= n; ++run) {
        if (run == 1 || run % every == 0)
            cats->append(QString::number(run), run - 1);
    }
    auto *count = new QValueAxis;
    setNiceAxis(count, 0, most, 5, 1);
    m_verdictChart->addAxis(cats, Qt::AlignBottom);
    m_verdictChart->addAxis(count, Qt::AlignLeft);
    bars->attachAxis(cats);
    bars->attachAxis(count);
}
