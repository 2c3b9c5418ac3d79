#include "windowlayout.h"

#include <algorithm>

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QVBoxLayout>

namespace {
// Room for the window frame and title bar, which are not part of the geometry.
constexpr int frameWidth = 16;
constexpr int frameHeight = 48;
constexpr int stateVersion = 1;
const QString stateKey = QStringLiteral("window/state");
const QString stateSizeKey = QStringLiteral("window/stateSize");

QWidget *stacked(QWidget *banner, QWidget *content)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(banner);
    layout->addWidget(content, 1);
    return box;
}

QRect availableGeometry(const QWidget *window)
{
    const QScreen *screen = window->screen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1024, 700);
}
} // namespace

WindowLayout::WindowLayout(QMainWindow *window, const Docks &docks, QScrollArea *formScroll)
    : QObject(window)
    , m_window(window)
    , m_docks(docks)
    , m_formScroll(formScroll)
{
    setObjectName(QStringLiteral("windowLayout"));
    window->installEventFilter(this);
    // a dock behind a tab needs no title bar of its own: the tab names it (one row more for the
    // checks on a small screen); moved out of the tabs or floating, it has its title bar again
    for (QDockWidget *d : {docks.form, docks.checks, docks.check}) {
        connect(d, &QDockWidget::dockLocationChanged, this, &WindowLayout::updateTitleBars, Qt::QueuedConnection);
        connect(d, &QDockWidget::topLevelChanged, this, &WindowLayout::updateTitleBars, Qt::QueuedConnection);
        connect(d->toggleViewAction(), &QAction::toggled, this, &WindowLayout::updateTitleBars, Qt::QueuedConnection);
    }
}

void WindowLayout::updateTitleBars()
{
    for (QDockWidget *d : {m_docks.form, m_docks.checks, m_docks.check}) {
        const QList<QDockWidget *> beside = m_window->tabifiedDockWidgets(d);
        const bool tabbed = !d->isFloating() && std::any_of(beside.cbegin(), beside.cend(),
                                                            [](const QDockWidget *o) { return !o->isHidden(); });
        if (tabbed && !d->titleBarWidget())
            d->setTitleBarWidget(new QWidget(d));
        else if (!tabbed && d->titleBarWidget()) {
            QWidget *empty = d->titleBarWidget();
            d->setTitleBarWidget(nullptr);
            empty->deleteLater();
        }
    }
}

WindowLayout::Docks WindowLayout::createDocks(QMainWindow *window, const Parts &parts)
{
    auto *scroll = new QScrollArea;
    scroll->setWidget(parts.form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    const auto dock = [window](const QString &title, const QString &name, QWidget *widget, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, window);
        d->setObjectName(name);
        d->setWidget(widget);
        window->addDockWidget(area, d);
        return d;
    };
    Docks docks;
    docks.form =
        dock(tr("Profile"), QStringLiteral("profileDock"), stacked(parts.formBanner, scroll), Qt::LeftDockWidgetArea);
    docks.checks = dock(tr("Checks"), QStringLiteral("detailsDock"), stacked(parts.checksBanner, parts.checks),
                        Qt::BottomDockWidgetArea);
    docks.check = dock(tr("Check"), QStringLiteral("checkDock"), parts.check, Qt::BottomDockWidgetArea);
    docks.monitor = dock(tr("Monitor"), QStringLiteral("monitorDock"), parts.monitor, Qt::RightDockWidgetArea);
    docks.listener = dock(tr("Listener"), QStringLiteral("listenerDock"), parts.listener, Qt::RightDockWidgetArea);
    for (QDockWidget *d : {docks.form, docks.checks, docks.check})
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    docks.monitor->hide();
    docks.listener->hide(); // shown when listening starts
    // tabs over the panes they switch, where they are seen
    window->setTabPosition(Qt::BottomDockWidgetArea, QTabWidget::North);
    auto *layout = new WindowLayout(window, docks, scroll);
    layout->arrangeFor(window->size()); // until the window is shown at its size
    return docks;
}

WindowLayout *WindowLayout::of(const QMainWindow *window)
{
    return window->findChild<WindowLayout *>(QStringLiteral("windowLayout"), Qt::FindDirectChildrenOnly);
}

bool WindowLayout::eventFilter(QObject *watched, QEvent *event)
{
    // the first show: the size is final and the screen known (it may not be the one the window was
    // made on)
    if (watched == m_window && event->type() == QEvent::Show && !m_shown) {
        m_shown = true;
        const QRect available = availableGeometry(m_window);
        const bool whole = m_window->isMaximized() || m_window->isFullScreen();
        if (!whole)
            m_window->setGeometry(clampedToScreen(m_window->geometry(), available));
        const QSize size = whole ? available.size() : m_window->size();
        if (!restoreSaved(size))
            arrangeFor(size);
    }
    return QObject::eventFilter(watched, event);
}

void WindowLayout::arrange()
{
    for (QDockWidget *d : {m_docks.form, m_docks.checks, m_docks.check}) {
        d->setFloating(false);
        d->show();
    }
    arrangeFor(m_window->size());
}

void WindowLayout::arrangeFor(const QSize &size)
{
    m_compact = size.width() < compactWidth;
    const Docks &d = m_docks;
    if (m_compact) {
        // one row below the diagram: the form and the checks as tabs, the check beside them
        m_window->addDockWidget(Qt::BottomDockWidgetArea, d.form);
        m_window->addDockWidget(Qt::BottomDockWidgetArea, d.check);
        m_window->splitDockWidget(d.form, d.check, Qt::Horizontal);
        m_window->tabifyDockWidget(d.form, d.checks);
        m_formScroll->setMinimumWidth(0);
        d.form->raise(); // the form first; results bring the checks forward
        m_window->resizeDocks({d.form}, {qMax(160, size.height() / 3)}, Qt::Vertical);
        m_window->resizeDocks({d.form, d.check}, {size.width() * 3 / 5, size.width() * 2 / 5}, Qt::Horizontal);
        updateTitleBars();
        return;
    }
    // the form a column on the left, the checks and the check sharing the bottom
    m_window->addDockWidget(Qt::LeftDockWidgetArea, d.form);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, d.checks);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, d.check);
    m_window->splitDockWidget(d.checks, d.check, Qt::Horizontal);
    const int formWidth = qMin(m_formScroll->widget()->sizeHint().width() + 24, size.width() * 2 / 5);
    m_formScroll->setMinimumWidth(formWidth);
    m_window->resizeDocks({d.form}, {formWidth}, Qt::Horizontal);
    m_window->resizeDocks({d.checks}, {qMax(140, size.height() * 3 / 10)}, Qt::Vertical);
    m_window->resizeDocks({d.checks, d.check}, {size.width() * 3 / 5, size.width() * 2 / 5}, Qt::Horizontal);
    updateTitleBars();
}

bool WindowLayout::restoreSaved(const QSize &size)
{
    const QSettings settings;
    const QByteArray state = settings.value(stateKey).toByteArray();
    const QSize madeFor = settings.value(stateSizeKey).toSize();
    // an arrangement made on a larger window would squeeze the diagram on this one
    if (state.isEmpty() || !madeFor.isValid() || size.width() < madeFor.width() * 9 / 10 ||
        size.height() < madeFor.height() * 9 / 10)
        return false;
    if (!m_window->restoreState(state, stateVersion))
        return false;
    m_compact = m_window->dockWidgetArea(m_docks.form) != Qt::LeftDockWidgetArea &&
                m_window->dockWidgetArea(m_docks.form) != Qt::RightDockWidgetArea;
    updateTitleBars();
    return true;
}

void WindowLayout::showChecks()
{
    if (m_docks.checks->isVisible() && !m_window->tabifiedDockWidgets(m_docks.checks).isEmpty())
        m_docks.checks->raise();
}

void WindowLayout::saveState() const
{
    QSettings settings;
    settings.setValue(stateKey, m_window->saveState(stateVersion));
    settings.setValue(stateSizeKey, m_window->size());
}

void WindowLayout::restoreGeometry(QMainWindow *window, const QByteArray &saved)
{
    const QRect available = availableGeometry(window);
    window->resize(QSize(1500, 920).boundedTo(available.size() - QSize(frameWidth, frameHeight)));
    if (!saved.isEmpty())
        window->restoreGeometry(saved);
    if (!window->isMaximized() && !window->isFullScreen())
        window->setGeometry(clampedToScreen(window->geometry(), available));
}

QRect WindowLayout::clampedToScreen(const QRect &geometry, const QRect &available)
{
    // the frame's own share: a title bar above, borders around
    const QRect inside =
        available.adjusted(frameWidth / 2, frameHeight - frameWidth / 2, -frameWidth / 2, -frameWidth / 2);
    QRect r(geometry.topLeft(), geometry.size().boundedTo(inside.size()));
    if (r.right() > inside.right())
        r.moveRight(inside.right());
    if (r.bottom() > inside.bottom())
        r.moveBottom(inside.bottom());
    if (r.left() < inside.left())
        r.moveLeft(inside.left());
    if (r.top() < inside.top())
        r.moveTop(inside.top());
    return r;
}
