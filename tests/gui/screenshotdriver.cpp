// Opens a profile in the window filling the screen, runs every check live, selects a link (its worst
// check opens in the Check pane, a port range opens on it) and writes READY_FILE: screenshots.sh then
// takes the screen with `import` and ends this process. With "mid-run", READY_FILE is written once
// 60 % of the checks are done, while the rest are in flight, and the link is selected then.
//   screenshot_driver PROFILE.json LINK_ID READY_FILE [mid-run]

#include "detailspanel.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "mainwindow.h"
#include "runcontroller.h"

#include <QApplication>
#include <QFile>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool midRun = args.size() == 5 && args.at(4) == QStringLiteral("mid-run");
    if (args.size() != 4 && !midRun) {
        std::fprintf(stderr, "usage: screenshot_driver PROFILE.json LINK_ID READY_FILE [mid-run]\n");
        return 2;
    }
    QTemporaryDir settings; // no saved geometry or recent files of anyone's
    QCoreApplication::setOrganizationName(QStringLiteral("TopocheckScreenshots"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());

    MainWindow window;
    window.show(); // arranged for the screen, then (no window manager, no frame) the whole screen
    window.setGeometry(window.screen()->availableGeometry());
    if (!window.openProfile(args.at(1)))
        return 2;
    const QString link = args.at(2);
    bool shot = false;
    const auto select = [&window, &shot, midRun, link, ready = args.at(3)] {
        if (shot)
            return;
        shot = true;
        window.scene()->selectLink(link);
        window.view()->fitToWindow();
        QTimer::singleShot(midRun ? 150 : 800, &window, [ready] {
            QFile f(ready);
            if (f.open(QIODevice::WriteOnly))
                f.write("ready\n");
        });
    };
    if (midRun) {
        QObject::connect(window.session(), &RunController::progress, &window, [select](int done, int total) {
            if (total > 0 && done * 10 >= total * 6)
                select();
        });
    } else {
        QObject::connect(&window, &MainWindow::runFinished, &window, select);
    }
    QTimer::singleShot(300, &window, &MainWindow::runAll);
    return app.exec();
}
