#include "commandline.h"
#include "headlessrun.h"
#include "listenrun.h"
#include "topologytemplate.h"
#include "translations.h"
#include "windowsconsole.h"
#ifndef TOPOCHECK_CONSOLE_ONLY
#include "mainwindow.h"

#include <QApplication>
#endif

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
    attachParentConsoleForCommandLine(argc, argv);
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
        Translations::install(&app);
        return printTemplate(cl.templateId);
    }
    case CommandLine::Mode::Headless:
    case CommandLine::Mode::Merge: {
        return runHeadlessCommand(argc, argv, cl);
    }
    case CommandLine::Mode::Listen:
        return runListenCommand(argc, argv, cl);
    case CommandLine::Mode::Gui:
        break;
    }
#ifdef TOPOCHECK_CONSOLE_ONLY
    // topocheck-cli.exe: the console program for scripts and fleet tools has no window
    QTextStream(stderr) << "topocheck-cli: runs --headless, --merge and --export-template only; "
                           "topocheck.exe opens the window."
                        << Qt::endl;
    return 2;
#else
    QApplication app(argc, argv);
    Translations::install(&app);
    MainWindow window;
    if (!cl.profilePath.isEmpty())
        window.openFile(cl.profilePath); // a profile, or results (merged ones too)
    window.show();
    return app.exec();
#endif
}
