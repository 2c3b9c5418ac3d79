#include "diagramscene.h"
#include "diagramview.h"
#include "hostform.h"
#include "mainwindow.h"
#include "windowfixture.h"

#include <QAction>
#include <QApplication>
#include <QDebug>
#include <QDockWidget>
#include <QFile>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

namespace {
// The screens the window must fit, pinned (the offscreen platform's own screen is 800x800): a
// 1600x1000 monitor, and the same monitor at QT_SCALE_FACTOR=2 (800x500 logical pixels, ratio 2).
constexpr char screens[] = R"({"windowFrameMargins": true, "screens": [
    {"name": "monitor", "x": 0, "y": 0, "width": 1600, "height": 1000, "dpr": 1},
    {"name": "scaled", "x": 1600, "y": 0, "width": 800, "height": 500, "dpr": 2}]})";

QScreen *screenNamed(const QString &name)
{
    for (QScreen *s : QGuiApplication::screens()) {
        if (s->name() == name)
            return s;
    }
    return nullptr;
}

QDockWidget *dock(const MainWindow &window, const char *name)
{
    return window.findChild<QDockWidget *>(QLatin1String(name));
}

// On the screen: a dock behind another's tab is still "visible", moved out of the window.
bool seen(const QWidget *widget)
{
    return widget->isVisible() && !widget->visibleRegion().isEmpty();
}

// The diagram's share of the window's width and height (the view fills the central widget).
double widthShare(const MainWindow &window)
{
    return double(window.view()->width()) / window.width();
}
double heightShare(const MainWindow &window)
{
    return double(window.view()->height()) / window.height();
}

QString describe(const MainWindow &window)
{
    return QStringLiteral("window %1, diagram %2x%3, screen %4")
        .arg(QDebug::toString(window.frameGeometry()))
        .arg(window.view()->width())
        .arg(window.view()->height())
        .arg(QDebug::toString(window.screen()->availableGeometry()));
}

void verifyMainActionsVisible(const MainWindow &window)
{
    auto *bar = window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QVERIFY(bar);
    QAction *report = window.findChild<QAction *>(QStringLiteral("reportAction"));
    QVERIFY(report);
    for (QAction *a : {window.runAction(), window.stopAction(), report}) {
        QWidget *button = bar->widgetForAction(a);
        QVERIFY2(button && button->isVisible(), qPrintable(a->text() + QStringLiteral(" in ") + describe(window)));
        const QRect onWindow(button->mapTo(&window, QPoint()), button->size());
        QVERIFY2(window.rect().contains(onWindow), qPrintable(a->text() + QStringLiteral(" in ") + describe(window)));
    }
}

// The window as it opens on a screen, as a window manager would place it there.
void showOn(MainWindow &window, QScreen *screen)
{
    window.setScreen(screen);
    window.move(screen->availableGeometry().topLeft());
    window.show();
}
} // namespace

// How the window shares a small screen: the diagram keeps most of the space at 1024x700 and at
// QT_SCALE_FACTOR=2 on 1600x1000, the main actions stay visible, the window stays inside the screen,
// and the user's own arrangement comes back when it fits.
class TestWindowLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("TopocheckTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowlayout"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QVERIFY2(screenNamed(QStringLiteral("monitor")) && screenNamed(QStringLiteral("scaled")),
                 "the offscreen platform did not take the pinned screens");
        QCOMPARE(screenNamed(QStringLiteral("scaled"))->devicePixelRatio(), 2.0);
    }

    void init() { QSettings().clear(); }

    void diagramKeepsTheWidthAt1024x700()
    {
        MainWindow window;
        window.hostForm()->setProfile(TestSupport::siteProfile(QStringLiteral("Layout")));
        window.resize(1024, 700);
        showOn(window, screenNamed(QStringLiteral("monitor")));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY2(widthShare(window) > 0.9, qPrintable(describe(window)));
        QVERIFY2(heightShare(window) > 0.5, qPrintable(describe(window)));
        QVERIFY(window.screen()->availableGeometry().contains(window.frameGeometry()));
        verifyMainActionsVisible(window);
        // the form is a tab beside the checks, in front while there are no results
        QDockWidget *form = dock(window, "profileDock");
        QDockWidget *checks = dock(window, "detailsDock");
        QVERIFY(window.tabifiedDockWidgets(form).contains(checks));
        QTRY_VERIFY(seen(window.hostForm()));
        QVERIFY(!seen(checks->widget()));
        // results bring the checks forward; the diagram still fits its new space
        window.showResults(TestSupport::fabricatedRun(window.hostForm()->profile()));
        QTRY_VERIFY(seen(checks->widget()));
        QVERIFY(!seen(window.hostForm()));
        const auto fits = [&window] {
            const QRect shown = window.view()->mapFromScene(window.scene()->itemsBoundingRect()).boundingRect();
            return window.view()->viewport()->rect().adjusted(-2, -2, 2, 2).contains(shown);
        };
        QTRY_VERIFY(fits());
        // behind the tab the form needs no title bar; floating, it has one to move it by
        QVERIFY(form->titleBarWidget() && form->titleBarWidget()->sizeHint().height() <= 0);
        form->setFloating(true);
        QTRY_VERIFY(!form->titleBarWidget());
    }

    // QT_SCALE_FACTOR=2 on a 1600x1000 monitor: 800x500 logical pixels.
    void fitsTheScaledScreen()
    {
        QScreen *scaled = screenNamed(QStringLiteral("scaled"));
        MainWindow window; // made on the primary monitor, opened on the scaled one
        showOn(window, scaled);
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.screen(), scaled);
        QTRY_VERIFY2(scaled->availableGeometry().contains(window.frameGeometry()), qPrintable(describe(window)));
        QVERIFY(window.minimumSizeHint().width() <= scaled->availableGeometry().width());
        QVERIFY(window.minimumSizeHint().height() <= scaled->availableGeometry().height());
        QTRY_VERIFY2(widthShare(window) > 0.9, qPrintable(describe(window)));
        QVERIFY2(heightShare(window) > 0.4, qPrintable(describe(window)));
        verifyMainActionsVisible(window);
    }

    // On a wide window the form stays a column beside the diagram, which keeps most of the width.
    void wideWindowKeepsTheFormColumn()
    {
        MainWindow window;
        window.resize(1584, 952);
        showOn(window, screenNamed(QStringLiteral("monitor")));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *form = dock(window, "profileDock");
        QCOMPARE(window.dockWidgetArea(form), Qt::LeftDockWidgetArea);
        QVERIFY(window.tabifiedDockWidgets(form).isEmpty());
        QTRY_VERIFY2(widthShare(window) > 0.6, qPrintable(describe(window)));
        QVERIFY2(heightShare(window) > 0.5, qPrintable(describe(window)));
    }

    // The user's arrangement is saved on close and comes back on a window as large; a screen too
    // small for it gets the small screen's arrangement.
    void savedArrangementWhenItFits()
    {
        {
            MainWindow window;
            window.resize(1584, 952);
            showOn(window, screenNamed(QStringLiteral("monitor")));
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.addDockWidget(Qt::RightDockWidgetArea, dock(window, "profileDock"));
            window.resizeDocks({dock(window, "profileDock")}, {600}, Qt::Horizontal);
            QVERIFY(window.close());
        }
        {
            MainWindow window;
            showOn(window, screenNamed(QStringLiteral("monitor")));
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QCOMPARE(window.dockWidgetArea(dock(window, "profileDock")), Qt::RightDockWidgetArea);
        }
        {
            MainWindow window;
            showOn(window, screenNamed(QStringLiteral("scaled")));
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QDockWidget *form = dock(window, "profileDock");
            QCOMPARE(window.dockWidgetArea(form), Qt::BottomDockWidgetArea);
            QVERIFY(window.tabifiedDockWidgets(form).contains(dock(window, "detailsDock")));
            QTRY_VERIFY2(widthShare(window) > 0.9, qPrintable(describe(window)));
        }
    }

    // View > Reset the layout: the arrangement for the window's size, and the diagram fitted again
    // even after the user zoomed.
    void resetLayoutFitsTheDiagram()
    {
        MainWindow window;
        window.hostForm()->setProfile(TestSupport::siteProfile(QStringLiteral("Layout")));
        window.resize(1024, 700);
        showOn(window, screenNamed(QStringLiteral("monitor")));
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *form = dock(window, "profileDock");
        window.addDockWidget(Qt::LeftDockWidgetArea, form);
        window.resizeDocks({form}, {500}, Qt::Horizontal);
        QTRY_VERIFY(widthShare(window) < 0.6);
        window.view()->zoomIn();
        window.view()->zoomIn();
        auto *reset = window.findChild<QAction *>(QStringLiteral("resetLayoutAction"));
        QVERIFY(reset);
        reset->trigger();
        QTRY_VERIFY2(widthShare(window) > 0.9, qPrintable(describe(window)));
        const auto fits = [&window] {
            const QRect shown = window.view()->mapFromScene(window.scene()->itemsBoundingRect()).boundingRect();
            return window.view()->viewport()->rect().adjusted(-2, -2, 2, 2).contains(shown);
        };
        QTRY_VERIFY(fits());
    }

private:
    QTemporaryDir m_dir;
};

int main(int argc, char *argv[])
{
    QTemporaryDir config;
    const QString path = config.filePath(QStringLiteral("screens.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(screens) < 0)
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + path.toLocal8Bit());
    QApplication app(argc, argv);
    TestWindowLayout test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowlayout.moc"
