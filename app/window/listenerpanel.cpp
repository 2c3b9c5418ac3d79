#include "listenerpanel.h"

#include "listener.h"
#include "verdictpalette.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
QString portText(const ListenPort &p)
{
    return QStringLiteral("%1/%2").arg(p.port).arg(p.transport == Transport::Udp ? QStringLiteral("udp") : QStringLiteral("tcp"));
}
} // namespace

ListenerPanel::ListenerPanel(Listener *listener, QWidget *parent)
    : QWidget(parent)
    , m_listener(listener)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_button(new QToolButton(this))
{
    setObjectName(QStringLiteral("listenerPanel"));
    m_summary->setObjectName(QStringLiteral("listenerSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_table->setObjectName(QStringLiteral("listenerPorts"));
    m_table->setHorizontalHeaderLabels({tr("Port"), tr("Connections"), tr("State"), tr("Flows")});
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(PortColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ConnectionsColumn, QHeaderView::ResizeToContents);
    header->resizeSection(StateColumn, 220);
    header->setStretchLastSection(true);
    m_button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_button->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_button, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &ListenerPanel::updateSummary);
    const auto bound = [this](const QList<ListenPort> &ports) { showPorts(ports, Phase::Holding); };
    connect(m_listener, &Listener::started, this, bound);
    connect(m_listener, &Listener::portsChanged, this, bound);
    connect(m_listener, &Listener::stopped, this, &ListenerPanel::onStopped);
    updateSummary();
}

ListenerPanel::~ListenerPanel() = default;

void ListenerPanel::setListenAction(QAction *action)
{
    m_button->setDefaultAction(action);
    m_button->setVisible(action != nullptr);
}

void ListenerPanel::setStarting(const QString &roleName, const ListenPlan &plan)
{
    m_roleName = roleName;
    m_stoppedBecause.clear();
    showPorts(plan.ports, Phase::Starting);
}

void ListenerPanel::showPorts(const QList<ListenPort> &ports, Phase phase)
{
    m_phase = phase;
    const QLocale locale;
    const QColor fail(VerdictPalette::color(Verdict::Fail));
    const QColor pass(VerdictPalette::color(Verdict::Pass));
    const bool sameRows = m_table->rowCount() == ports.size();
    if (!sameRows) {
        m_table->clearContents();
        m_table->setRowCount(int(ports.size()));
    }
    m_held = 0;
    m_total = int(ports.size());
    for (int r = 0; r < ports.size(); ++r) {
        const ListenPort &p = ports.at(r);
        m_held += p.held ? 1 : 0;
        QString state;
        if (phase == Phase::Starting)
            state = tr("to be held");
        else if (p.held && phase == Phase::Stopped)
            state = tr("released");
        else if (p.held)
            state = p.problem.isEmpty() ? tr("held") : tr("held; %1").arg(p.problem);
        else
            state = tr("not taken: %1").arg(p.problem.isEmpty() ? tr("could not be bound") : p.problem);
        const QStringList texts{portText(p), locale.toString(p.connections), state, p.flowIds.join(QStringLiteral(", "))};
        for (int c = 0; c < ColumnCount; ++c) {
            QTableWidgetItem *item = m_table->item(r, c);
            if (!item) {
                item = new QTableWidgetItem;
                if (c == ConnectionsColumn)
                    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                m_table->setItem(r, c, item);
            }
            if (item->text() != texts.at(c)) {
                item->setText(texts.at(c));
                item->setToolTip(c == StateColumn || c == FlowsColumn ? texts.at(c) : QString());
            }
        }
        const bool holding = phase == Phase::Holding || phase == Phase::Stopped;
        m_table->item(r, StateColumn)
            ->setForeground(!holding ? palette().color(QPalette::Text) : !p.held ? fail : phase == Phase::Holding ? pass : palette().color(QPalette::Text));
    }
    if (phase == Phase::Holding && !m_clock.isActive())
        m_clock.start();
    updateSummary();
}

void ListenerPanel::onStopped(const QString &why)
{
    m_clock.stop();
    m_stoppedBecause = why;
    showPorts(m_listener->ports(), Phase::Stopped); // the counts stay: what each port received
}

QString ListenerPanel::summary() const
{
    return m_summary->text();
}

void ListenerPanel::updateSummary()
{
    if (m_phase == Phase::Holding) {
        QString text = tr("Listening as %1: %2 of %n port(s) held", nullptr, m_total).arg(m_roleName).arg(m_held);
        const qint64 left = m_listener->remainingMs();
        if (left >= 0) {
            const qint64 s = (left + 999) / 1000;
            text += tr(" \u00b7 %1:%2 left").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
        }
        m_summary->setText(text);
    } else if (m_phase == Phase::Stopped) {
        m_summary->setText(tr("Stopped: %1").arg(m_stoppedBecause));
    } else if (m_phase == Phase::Starting) {
        m_summary->setText(tr("Starting the listener as %1\u2026").arg(m_roleName));
    } else {
        m_summary->setText(tr("Not listening. Listen holds every port that this machine's role must accept, so that "
                              "checks from the other machines prove each firewall path before anything is installed."));
    }
}
