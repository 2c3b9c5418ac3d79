#pragma once

#include <QObject>
#include <QRect>

class QDockWidget;
class QMainWindow;
class QScrollArea;
class QWidget;

// How the window shares and fits its screen. The diagram keeps most of the space: on a wide window
// the profile form is a column on its left and the checks and the check are below the diagram; on a
// narrow one (under compactWidth logical pixels: 1024x700, or 1600x1000 at QT_SCALE_FACTOR=2) the
// form is a tab beside the checks, below the diagram, which keeps the whole width. The arrangement
// is chosen when the window is first shown, for its size then; the user's own arrangement, saved on
// close, comes back instead when the window is about as large as when it was made. The window never
// opens larger than the screen it opens on.
class WindowLayout final : public QObject
{
    Q_OBJECT

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
    // Below this width (logical pixels) the form shares a tab with the checks.
    static constexpr int compactWidth = 1280;

    // The docks, and their arranger (a child of the window: of()).
    static Docks createDocks(QMainWindow *window, const Parts &parts);
    static WindowLayout *of(const QMainWindow *window);

    bool isCompact() const { return m_compact; }
    // The arrangement for the window's size now (View > Reset the layout).
    void arrange();
    // Brings the checks in front of the form when the two share a tab (results, a clicked link).
    void showChecks();
    // The docks' arrangement and the window size it was made at, for the next start (on close).
    void saveState() const;

    // The saved geometry (or a default size), kept inside the screen's available area.
    static void restoreGeometry(QMainWindow *window, const QByteArray &saved);
    static QRect clampedToScreen(const QRect &geometry, const QRect &available);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    WindowLayout(QMainWindow *window, const Docks &docks, QScrollArea *formScroll);
    void arrangeFor(const QSize &size);
    bool restoreSaved(const QSize &size);
    void updateTitleBars();

    QMainWindow *m_window;
    Docks m_docks;
    QScrollArea *m_formScroll;
    bool m_compact = false;
    bool m_shown = false;
};
