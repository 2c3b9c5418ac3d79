#include "checkresultsmodel.h"
#include "linksummarymodel.h"
#include "monitorpanel.h"
#include "monitorschedule.h"
#include "runcontroller.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QLabel>
#include <QLineSeries>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QBarSet>
#include <QValueAxis>
#include <QtTest>

namespace {
// The labels a value axis shows, as the chart formats them.
QStringList tickLabels(const QValueAxis *axis)
{
    QStringList labels;
    QList<double> values;
    if (axis->tickType() == QValueAxis::TicksDynamic) {
        const double step = axis->tickInterval();
        const double first = axis->tickAnchor() + std::ceil((axis->min() - axis->tickAnchor()) / step - 1e-9) * step;
        for (double v = first; v <= axis->max() + step * 1e-6; v += step)
            values << v;
    } else {
        for (int i = 0; i < axis->tickCount(); ++i)
            values << axis->min() + i * (axis->max() - axis->min()) / (axis->tickCount() - 1);
    }
    const QByteArray format = axis->labelFormat().toLatin1();
    for (double v : std::as_const(values)) {
        if (format.contains('d'))
            labels << QString::asprintf(format.constData(), int(std::lround(v)));
        else
            labels << QString::asprintf(format.constData(), v);
    }
    return labels;
}

// Each label is a different number, every one on the step's grid (no 1.7, no 1 1 2 2).
void verifyTicks(const QValueAxis *axis, const char *what)
{
    const QStringList labels = tickLabels(axis);
    QVERIFY2(labels.size() >= 2 && labels.size() <= 9, qPrintable(QLatin1String(what) + QLatin1Char(' ') + labels.join(QLatin1Char(' '))));
    QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size());
    const double step = axis->tickInterval();
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
    QVERIFY2(qFuzzyCompare(mantissa, 1.0) || qFuzzyCompare(mantissa, 2.0) || qFuzzyCompare(mantissa, 5.0),
             qPrintable(QLatin1String(what) + QLatin1String(" step ") + QString::number(step)));
    // the axis ends on a tick, so its top value is labelled
    const double ticks = (axis->max() - axis->tickAnchor()) / step;
    QVERIFY2(qAbs(ticks - std::round(ticks)) < 1e-6, what);
}
} // namespace

class TstMonitorPanel : public QObject
{
    Q_OBJECT

private:
    static Check check(const QString &flow, const QString &to, quint16 port, double latency, Verdict verdict)
    {
        Check c;
        c.flowId = flow;
        c.from = QStringLiteral("control-room");
        c.to = to;
        c.host = QStringLiteral("dc1.contoso.local");
        c.port = port;
        c.runnable = true;
        c.state = verdict == Verdict::Fail ? CheckState::Filtered : CheckState::Open;
        c.latencyMs = latency;
        c.verdict = verdict;
        return c;
    }

    // A finished run as the window has it: the checks in the results model, the panel on the link model.
    struct Run
    {
        explicit Run(MonitorPanel &panel)
            : m_panel(panel)
        {
            m_links.setSourceModel(&m_model);
            panel.setLinkModel(&m_links);
        }
        void record(const QDateTime &when, QList<Check> checks)
        {
            for (int i = 0; i < checks.size(); ++i)
                checks[i].id = i;
            m_model.setChecks(checks);
            m_panel.recordRun(when);
        }
        MonitorPanel &m_panel;
        CheckResultsModel m_model;
        LinkSummaryModel m_links;
    };

private Q_SLOTS:
    void everyRunAddsALatencyAndVerdictPointPerLink()
    {
        MonitorPanel panel;
        Run run(panel);
        const Check ldap = check(QStringLiteral("control-room>active-directory:ldap"), QStringLiteral("active-directory"), 389, 2.0, Verdict::Pass);
        const Check gc = check(QStringLiteral("control-room>active-directory:gc"), QStringLiteral("active-directory"), 3268, 6.0, Verdict::Pass);
        const Check smb = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 1.0, Verdict::Pass);
        const QString adLink = ldap.linkId();
        QVERIFY(!adLink.isEmpty());
        QCOMPARE(gc.linkId(), adLink);
        QVERIFY(smb.linkId() != adLink);

        const QDateTime t0 = QDateTime::currentDateTime();
        run.record(t0, {ldap, gc, smb});
        Check gcDropped = gc;
        gcDropped.state = CheckState::Filtered;
        gcDropped.verdict = Verdict::Fail;
        gcDropped.latencyMs = -1; // a timeout has no connect time
        run.record(t0.addSecs(30), {ldap, gcDropped, smb});

        const QList<MonitorPanel::Sample> ad = panel.history(adLink);
        QCOMPARE(ad.size(), 2);
        QCOMPARE(ad.at(0).minMs, 2.0);
        QCOMPARE(ad.at(0).maxMs, 6.0);
        QCOMPARE(ad.at(0).avgMs, 4.0);
        QCOMPARE(ad.at(0).pass, 2);
        QCOMPARE(ad.at(1).pass, 1);
        QCOMPARE(ad.at(1).fail, 1);
        QCOMPARE(ad.at(1).maxMs, 2.0);
        QCOMPARE(panel.history(smb.linkId()).size(), 2);

        // showLink shows that link's history: its caption, its latency points, its verdict bars
        panel.showLink(adLink, QStringLiteral("Control Room \u2192 Active Directory"));
        auto *caption = [&panel]() -> QLabel * {
            for (QLabel *l : panel.findChildren<QLabel *>())
                if (l->text().startsWith(QStringLiteral("Control Room \u2192 Active Directory: ")))
                    return l;
            return nullptr;
        }();
        QVERIFY(caption);
        // "2 runs" (or "2 run(s)": no translator loaded here)
        QVERIFY2(caption->text().contains(QLatin1String(": 2 run")), qPrintable(caption->text()));
        const QList<QChartView *> views = panel.findChildren<QChartView *>();
        QCOMPARE(views.size(), 2);
        QLineSeries *avg = nullptr;
        QStackedBarSeries *bars = nullptr;
        for (QChartView *view : views) {
            for (QAbstractSeries *s : view->chart()->series()) {
                if (auto *line = qobject_cast<QLineSeries *>(s); line && line->name() == QLatin1String("avg"))
                    avg = line;
                if (auto *stack = qobject_cast<QStackedBarSeries *>(s))
                    bars = stack;
            }
        }
        QVERIFY(avg && bars);
        QCOMPARE(avg->points(), (QList<QPointF>{{1, 4.0}, {2, 2.0}})); // AD's avg: (2 + 6) / 2, then 389 alone
        QCOMPARE(bars->barSets().size(), 3);                          // pass, warn, fail
        QCOMPARE(bars->barSets().at(0)->at(0), 2.0);                  // run 1: both passed
        QCOMPARE(bars->barSets().at(0)->at(1), 1.0);                  // run 2: 389 passed ...
        QCOMPARE(bars->barSets().at(2)->at(1), 1.0);                  // ... 3268 failed
        // another link: its own history replaces the first
        panel.showLink(smb.linkId(), QStringLiteral("Control Room \u2192 File share"));
        QVERIFY2(caption->text().startsWith(QStringLiteral("Control Room \u2192 File share: 2 run")), qPrintable(caption->text()));
        for (QChartView *view : views)
            for (QAbstractSeries *s : view->chart()->series())
                if (auto *line = qobject_cast<QLineSeries *>(s); line && line->name() == QLatin1String("avg"))
                    QCOMPARE(line->points(), (QList<QPointF>{{1, 1.0}, {2, 1.0}}));
        panel.clearHistory();
        QVERIFY(panel.history(adLink).isEmpty());
        QVERIFY2(caption->text().startsWith(QStringLiteral("Control Room \u2192 File share: 0 run")), qPrintable(caption->text()));
    }

    void historyIsBounded()
    {
        MonitorPanel panel;
        Run run(panel);
        const Check smb = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 1.0, Verdict::Pass);
        const QDateTime t0 = QDateTime::currentDateTime();
        for (int i = 0; i < MonitorPanel::maxSamples + 15; ++i)
            run.record(t0.addSecs(i), {smb});
        const QList<MonitorPanel::Sample> h = panel.history(smb.linkId());
        QCOMPARE(h.size(), MonitorPanel::maxSamples);
        QCOMPARE(h.constLast().when, t0.addSecs(MonitorPanel::maxSamples + 14));
    }

    void samplesTheModelAsItIsNow()
    {
        MonitorPanel panel;
        panel.recordRun(QDateTime::currentDateTime()); // no model yet: nothing to sample
        CheckResultsModel model;
        LinkSummaryModel links;
        links.setSourceModel(&model);
        panel.setLinkModel(&links);
        QCOMPARE(panel.linkModel(), &links);
        Check planned = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, -1, Verdict::Skipped);
        planned.id = 1;
        planned.state = CheckState::NotTested;
        model.setChecks({planned});
        const QDateTime t0 = QDateTime::currentDateTime();
        panel.recordRun(t0);
        QVERIFY(panel.history(planned.linkId()).isEmpty()); // nothing ran on that link

        Check done = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 7.5, Verdict::Warn);
        done.id = 1;
        model.updateCheck(done);
        panel.recordRun(t0.addSecs(5));
        const QList<MonitorPanel::Sample> h = panel.history(planned.linkId());
        QCOMPARE(h.size(), 1);
        QCOMPARE(h.at(0).warn, 1);
        QCOMPARE(h.at(0).avgMs, 7.5);
        QCOMPARE(h.at(0).when, t0.addSecs(5));
        panel.showLink(planned.linkId(), QStringLiteral("Control Room \u2192 File share"));
    }

    void monitoringToggles()
    {
        MonitorPanel panel;
        QSignalSpy spy(&panel, &MonitorPanel::monitoringChanged);
        QVERIFY(!panel.isMonitoring());
        panel.setMonitoring(true);
        QVERIFY(panel.isMonitoring());
        QCOMPARE(spy.size(), 1);
        QVERIFY(panel.intervalSeconds() > 0);
    }

    void axesHaveNoRepeatedOrOddTicks_data()
    {
        QTest::addColumn<int>("runs");
        QTest::addColumn<double>("latency");
        QTest::newRow("one run, sub-millisecond") << 1 << 0.37;
        QTest::newRow("two runs") << 2 << 6.0;
        QTest::newRow("seven runs") << 7 << 143.0;
        QTest::newRow("a full history") << MonitorPanel::maxSamples << 2950.0;
    }

    void axesHaveNoRepeatedOrOddTicks()
    {
        QFETCH(int, runs);
        QFETCH(double, latency);
        MonitorPanel panel;
        Run run(panel);
        const Check smb = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, latency, Verdict::Pass);
        const QDateTime t0 = QDateTime::currentDateTime();
        for (int i = 0; i < runs; ++i)
            run.record(t0.addSecs(i), {smb});
        panel.showLink(smb.linkId(), QStringLiteral("Control Room \u2192 File share"));

        const QList<QChartView *> views = panel.findChildren<QChartView *>();
        QCOMPARE(views.size(), 2);
        for (QChartView *view : views) {
            for (QAbstractAxis *axis : view->chart()->axes()) {
                if (auto *categories = qobject_cast<QCategoryAxis *>(axis)) {
                    const QStringList labels = categories->categoriesLabels();
                    QVERIFY(!labels.isEmpty());
                    QVERIFY2(labels.size() <= 13, qPrintable(labels.join(QLatin1Char(' '))));
                    QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size());
                    QCOMPARE(labels.constFirst(), QStringLiteral("1"));
                    continue;
                }
                auto *values = qobject_cast<QValueAxis *>(axis);
                QVERIFY(values);
                verifyTicks(values, qPrintable(view->chart()->title()));
                if (values->orientation() == Qt::Horizontal)
                    QCOMPARE(values->min(), 1.0); // runs count from 1
                if (values->orientation() == Qt::Vertical && view->chart()->title().contains(QLatin1String("Latency")))
                    QVERIFY(values->max() >= latency);
            }
        }
    }

    void countdownToTheNextRun()
    {
        MonitorPanel panel;
        RunController session;
        MonitorSchedule schedule(&panel, &session);
        QSignalSpy due(&schedule, &MonitorSchedule::due);
        QSignalSpy waiting(&schedule, &MonitorSchedule::waitingChanged);
        QVERIFY(!schedule.isWaiting());
        QVERIFY(panel.countdownText().isEmpty());

        // ticked while nothing runs: a run is due at once; the window could not start one (no
        // plan here), so the schedule waits for the next cycle and counts down to it
        panel.findChild<QSpinBox *>()->setValue(42);
        panel.setMonitoring(true);
        QCOMPARE(due.size(), 1);
        QVERIFY(schedule.isWaiting());
        QCOMPARE(waiting.size(), 1);
        QVERIFY(waiting.constLast().at(0).toBool());
        QCOMPARE(panel.countdownText(), QStringLiteral("next run in 42 s"));
        QTRY_COMPARE_WITH_TIMEOUT(panel.countdownText(), QStringLiteral("next run in 41 s"), 2500);
        QVERIFY2(schedule.remainingMs() > 38000 && schedule.remainingMs() < 41500, qPrintable(QString::number(schedule.remainingMs())));

        // unticking stops the wait: nothing is waiting, so the window disables Stop
        panel.setMonitoring(false);
        QVERIFY(!schedule.isWaiting());
        QCOMPARE(waiting.size(), 2);
        QVERIFY(!waiting.constLast().at(0).toBool());
        QVERIFY(panel.countdownText().isEmpty());
        QCOMPARE(schedule.remainingMs(), -1);
        schedule.stop(); // idempotent
        QCOMPARE(waiting.size(), 2);
    }

    void wheelIgnoredUnlessFocused()
    {
        MonitorPanel panel;
        panel.show();
        auto *interval = panel.findChild<QSpinBox *>();
        QCOMPARE(interval->focusPolicy(), Qt::StrongFocus);
        const int before = interval->value();
        const QPointF at(interval->width() / 2.0, interval->height() / 2.0);
        QWheelEvent event(at, interval->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(interval, &event);
        QCOMPARE(interval->value(), before);
    }
};

QTEST_MAIN(TstMonitorPanel)
#include "tst_monitorpanel.moc"
