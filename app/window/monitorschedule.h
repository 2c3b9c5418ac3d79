#pragma once

#include <QObject>
#include <QTimer>

class MonitorPanel;
class RunController;

// Monitor mode's clock: while the panel's Monitor box is ticked, a run that ends normally is
// followed by another after the panel's interval; the panel counts the seconds down. Every
// finished run adds its point to the charts. The next run is the window's to start (due()): it
// builds the plan from the form as it is then.
class MonitorSchedule final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorSchedule)

public:
    MonitorSchedule(MonitorPanel *panel, const RunController *session, QObject *parent = nullptr);
    ~MonitorSchedule() override;

    // Waiting for the next run.
    bool isWaiting() const { return m_timer.isActive(); }
    void stop();
    // Milliseconds until the next run; -1 when none is waiting.
    int remainingMs() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }

Q_SIGNALS:
    void due();
    // isWaiting() changed: the window enables Stop while a run or a wait is on.
    void waitingChanged(bool waiting);

private:
    void onRunFinished(bool cancelled);
    void wait();
    void fire();
    void showCountdown();

    MonitorPanel *m_panel;
    const RunController *m_session;
    QTimer m_timer;
    QTimer m_tick; // once a second while waiting, for the countdown
};
