#include "windowlayout.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QScreen>
#include <QScrollArea>
#include <QVBoxLayout>

namespace {
// Room for the window frame and title bar, which are not part of the geometry.
constexpr int frameWidth = 16;
constexpr int frameHeight = 48;

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

WindowLayout::Docks WindowLayout::createDocks(QMainWindow *window, const Parts &parts)
{
    const QRect available = availableGeometry(window);
    auto *scroll = new QScrollArea;
    scroll->setWidget(parts.form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(qMin(parts.form->sizeHint().width() + 24, available.width() * 2 / 5));
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
    window->splitDockWidget(docks.checks, docks.check, Qt::Horizontal);
    for (QDockWidget *d : {docks.form, docks.checks, docks.check})
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    docks.monitor->hide();
    docks.listener->hide(); // shown when listening starts
    // the diagram keeps most of the height; the checks and the check share the bottom
    window->resizeDocks({docks.checks}, {qMax(140, available.height() / 4)}, Qt::Vertical);
    window->resizeDocks({docks.checks, docks.check}, {available.width() * 3 / 5, available.width() * 2 / 5},
                        Qt::Horizontal);
    return docks;
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
