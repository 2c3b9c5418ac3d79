#pragma once

#include <QObject>
#include <QTimer>

class MonitorPanel;
class RunController;

// Monitor mode's clock: while the panel's Monitor box is ticked, a run that ends normally is
// followed by another after the panel's interval. Every finished run adds its point to the charts.
// The next run is the window's to start (due()): it builds the plan from the form as it is then.
class MonitorSchedule final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorSchedule)

public:
    MonitorSchedule(MonitorPanel *panel, const RunController *session, QObject *parent = nullptr);
    ~MonitorSchedule() override;

    // Waiting for the next run.
    bool isWaiting() const { return m_timer.isActive(); }
    void stop() { m_timer.stop(); }

Q_SIGNALS:
    void due();

private:
    void onRunFinished(bool cancelled);

    MonitorPanel *m_panel;
    const RunController *m_session;
    QTimer m_timer;
};
