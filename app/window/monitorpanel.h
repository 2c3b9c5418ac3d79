#pragma once

#include "linksummarymodel.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QSpinBox;
class QCheckBox;

// Monitor mode: every run adds a point per link (latency min/avg/max and the verdict counts, read
// from the link model), so an intermittent firewall shows itself over time.
class MonitorPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorPanel)

public:
    struct Sample
    {
        QDateTime when;
        double minMs = -1;
        double avgMs = -1;
        double maxMs = -1;
        int pass = 0;
        int warn = 0;
        int fail = 0;
    };

    explicit MonitorPanel(QWidget *parent = nullptr);
    ~MonitorPanel() override;

    // The model the samples are read from; not owned.
    void setLinkModel(LinkSummaryModel *model);
    LinkSummaryModel *linkModel() const { return m_linkModel; }
    // Adds a point to the history of every link that has finished checks, as the link model has them now.
    void recordRun(const QDateTime &when);
    void clearHistory();
    void showLink(const QString &linkId, const QString &title);
    QList<Sample> history(const QString &linkId) const { return m_history.value(linkId); }

    bool isMonitoring() const;
    void setMonitoring(bool on);
    int intervalSeconds() const;
    // "next run in 42 s" next to the interval; a negative count clears it. running: a run is on.
    void showCountdown(int seconds);
    void showRunning();
    QString countdownText() const;

    // A tick step of 1, 2 or 5 times a power of ten, so that about `ticks` ticks cover span.
    static double niceStep(double span, int ticks);

    static constexpr int maxSamples = 120;

Q_SIGNALS:
    void monitoringChanged(bool on);

private:
    void redraw();

    QPointer<LinkSummaryModel> m_linkModel;
    QHash<QString, QList<Sample>> m_history;
    QString m_linkId;
    QString m_title;
    QCheckBox *m_enabled;
    QSpinBox *m_interval;
    QLabel *m_caption;
    QLabel *m_countdown;
    QChart *m_latencyChart;
    QChart *m_verdictChart;
    QChartView *m_latencyView;
    QChartView *m_verdictView;
};
