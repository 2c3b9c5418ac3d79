// Opens a profile in the window filling the screen, runs every check live, selects a link (its worst
// check opens in the Check pane, a port range opens on it) and writes READY_FILE: screenshots.sh then
// takes the screen with `import` and ends this process.
//   screenshot_driver PROFILE.json LINK_ID READY_FILE

#include "detailspanel.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "mainwindow.h"

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
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: screenshot_driver PROFILE.json LINK_ID READY_FILE\n");
        return 2;
    }
    QTemporaryDir settings; // no saved geometry or recent files of anyone's
    QCoreApplication::setOrganizationName(QStringLiteral("TopocheckScreenshots"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());

    MainWindow window;
    window.setGeometry(window.screen()->availableGeometry()); // no window manager: the whole screen
    window.show();
    if (!window.openProfile(args.at(1)))
        return 2;
    const QString link = args.at(2);
    QObject::connect(&window, &MainWindow::runFinished, &window, [&window, link, ready = args.at(3)] {
        window.scene()->selectLink(link);
        window.view()->fitToWindow();
        QTimer::singleShot(800, &window, [ready] {
            QFile f(ready);
            if (f.open(QIODevice::WriteOnly))
                f.write("ready\n");
        });
    });
    QTimer::singleShot(300, &window, &MainWindow::runAll);
    return app.exec();
}
