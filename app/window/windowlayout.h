#pragma once

#include <QCoreApplication>
#include <QRect>

class QDockWidget;
class QMainWindow;
class QWidget;

// How the window shares and fits its screen: the docks around the diagram (which keeps most of the
// space), and a window never larger than the screen, also at QT_SCALE_FACTOR=2 on a small one.
class WindowLayout
{
    Q_DECLARE_TR_FUNCTIONS(WindowLayout)

public:
    struct Parts
    {
        QWidget *form;
        QWidget *formBanner;
        QWidget *checks;
        QWidget *checksBanner;
        QWidget *check;
        QWidget *monitor;
        QWidget *listener;
    };
    struct Docks
    {
        QDockWidget *form;
        QDockWidget *checks;
        QDockWidget *check;
        QDockWidget *monitor;
        QDockWidget *listener;
    };

    static Docks createDocks(QMainWindow *window, const Parts &parts);
    // The saved geometry (or a default size), kept inside the screen's available area.
    static void restoreGeometry(QMainWindow *window, const QByteArray &saved);
    static QRect clampedToScreen(const QRect &geometry, const QRect &available);
};
