#include "commandline.h"
#include "topologytemplate.h"

#if __has_include("headlessrun.h")
#include "headlessrun.h"
#define TOPOCHECK_HAVE_HEADLESS 1
#endif
#if __has_include("mainwindow.h")
#include "mainwindow.h"
#define TOPOCHECK_HAVE_GUI 1
#endif

#include <QApplication>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace {
int printTemplate(const QString &id)
{
    ValidationIssues issues;
    const TopologyTemplate t = TopologyTemplate::builtin(id, &issues);
    if (!issues.isEmpty()) {
        QTextStream(stderr) << "topocheck: " << issues.constFirst().toString() << Qt::endl;
        return 2;
    }
    QTextStream(stdout) << QJsonDocument(t.toJson()).toJson(QJsonDocument::Indented);
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Parsed before any QCoreApplication exists: the headless paths must not need a display.
    QCoreApplication::setApplicationName(QStringLiteral("topocheck"));
    QCoreApplication::setOrganizationName(QStringLiteral("Topocheck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOPOCHECK_VERSION));
    const CommandLine cl = CommandLine::parse(arguments);
    if (!cl.error.isEmpty()) {
        QTextStream(stderr) << "topocheck: " << cl.error << "\n" << "Try 'topocheck --help'." << Qt::endl;
        return 2;
    }
    switch (cl.mode) {
    case CommandLine::Mode::Help:
        QTextStream(stdout) << cl.helpText;
        return 0;
    case CommandLine::Mode::Version:
        QTextStream(stdout) << "topocheck " << TOPOCHECK_VERSION << Qt::endl;
        return 0;
    case CommandLine::Mode::ExportTemplate: {
        QCoreApplication app(argc, argv);
        return printTemplate(cl.templateId);
    }
    case CommandLine::Mode::Headless:
    case CommandLine::Mode::Merge: {
#ifdef TOPOCHECK_HAVE_HEADLESS
        return runHeadlessCommand(argc, argv, cl);
#else
        QTextStream(stderr) << "topocheck: headless runs are not built yet" << Qt::endl;
        return 2;
#endif
    }
    case CommandLine::Mode::Gui:
        break;
    }
#ifdef TOPOCHECK_HAVE_GUI
    QApplication app(argc, argv);
    MainWindow window;
    if (!cl.profilePath.isEmpty())
        window.openProfile(cl.profilePath);
    window.show();
    return app.exec();
#else
    QTextStream(stderr) << "topocheck: the window is not built yet" << Qt::endl;
    return 2;
#endif
}
