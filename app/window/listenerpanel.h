#pragma once

#include "listenplan.h"

#include <QTimer>
#include <QWidget>

class Listener;
class QAction;
class QLabel;
class QTableWidget;
class QToolButton;

// What this machine's listener holds: each port with its state (held, or not taken and who holds it)
// and the connections it received, and the time left. Observes the Listener; starts nothing itself
// (its button is the window's Listen action).
class ListenerPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerPanel)

public:
    enum Column { PortColumn, ConnectionsColumn, StateColumn, FlowsColumn, ColumnCount };

    explicit ListenerPanel(Listener *listener, QWidget *parent = nullptr);
    ~ListenerPanel() override;

    void setListenAction(QAction *action);
    // "Listening as Active Directory: 5 of 6 ports held · 29:41 left"
    QString summary() const;
    // The role and the ports of the listener being started, shown until it reports what it holds.
    void setStarting(const QString &roleName, const ListenPlan &plan);

private:
    enum class Phase { Idle, Starting, Holding, Stopped };
    void showPorts(const QList<ListenPort> &ports, Phase phase);
    void onStopped(const QString &why);
    void updateSummary();

    Listener *m_listener;
    QLabel *m_summary;
    QTableWidget *m_table;
    QToolButton *m_button;
    QTimer m_clock;
    QString m_roleName;
    QString m_stoppedBecause;
    Phase m_phase = Phase::Idle;
    int m_held = 0;
    int m_total = 0;
};
