#include "headlessrun.h"
#include "mergerun.h"
#include "outputfiles.h"

#include "checkplan.h"
#include "consolestop.h"
#include "preinstallports.h"
#include "resultmerge.h"
#include "runcontroller.h"
#include "runresults.h"
#include "topologytemplate.h"
#include "translations.h"
#include "vantage.h"

#include "changerequestreport.h"
#include "diagramexport.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <memory>
#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace {
// The context of the headless run's messages for translators (only free functions live here).
class HeadlessRun
{
    Q_DECLARE_TR_FUNCTIONS(HeadlessRun)
};

constexpr int exitOk = 0;
constexpr int exitFailed = 1;
constexpr int exitUnusable = 2;
constexpr int exitInterrupted = 130; // CONTRACT.md: Ctrl-C or SIGTERM, no output written

bool stderrIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stderr)) != 0;
#else
    return ::isatty(fileno(stderr)) != 0;
#endif
}

void complain(const QString &message)
{
    QTextStream(stderr) << "topocheck: " << message << Qt::endl;
}

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv, const CommandLine &cl)
{
    if (!cl.pdfPath.isEmpty() || !cl.svgPath.isEmpty()) {
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
            && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
#endif
        return std::make_unique<QApplication>(argc, argv);
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    if (path == QLatin1String("-")) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) {
            *error = HeadlessRun::tr("cannot write to standard output");
            return false;
        }
        return true;
    }
    if (OutputFiles::isSpecialFile(path))
        return OutputFiles::writeDirect(path, bytes, error);
    // Unbuffered: a buffered QSaveFile loses the rest of a short write (a full disk, a file size limit) at
    // commit and reports success; written straight through, the short write is the error it is.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = HeadlessRun::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

// Written only once the run is complete; each file whole or not at all.
bool writeOutputs(const CommandLine &cl, const RunResults &results, const TopologyTemplate &topology,
                  const Profile &profile)
{
    QString error;
    if (!cl.jsonPath.isEmpty() && !writeFile(cl.jsonPath, results.toJsonBytes(), &error)) {
        complain(QStringLiteral("--json: ") + error);
        return false;
    }
    if (!cl.csvPath.isEmpty() && !writeFile(cl.csvPath, results.toCsv(), &error)) {
        complain(QStringLiteral("--csv: ") + error);
        return false;
    }
    const auto pdf = [&](const QString &path, QString *e) {
        return ChangeRequestReport::writePdf(results, topology, profile, path, e);
    };
    const auto svg = [&](const QString &path, QString *e) { return DiagramExport::writeSvg(results, topology, profile, path, e); };
    if (!cl.pdfPath.isEmpty() && !OutputFiles::writeRendered(cl.pdfPath, pdf, &error)) {
        complain(QStringLiteral("--pdf: ") + error);
        return false;
    }
    if (!cl.svgPath.isEmpty() && !OutputFiles::writeRendered(cl.svgPath, svg, &error)) {
        complain(QStringLiteral("--svg: ") + error);
        return false;
    }
    Q_UNUSED(topology)
    Q_UNUSED(profile)
    return true;
}

void printSummary(const RunResults &results)
{
    const RunResults::Summary s = results.summary();
    QTextStream(stderr)
        << "topocheck: "
        << HeadlessRun::tr("%1 pass, %2 warn, %3 fail, %4 skipped").arg(s.pass).arg(s.warn).arg(s.fail).arg(s.skipped)
        << Qt::endl;
}

int runHeadless(const CommandLine &cl)
{
    // Ctrl-C, SIGTERM, the terminal closing: the handler only sets a flag, polled during the run below
    ConsoleStop::install();
    ValidationIssues issues;
    Profile profile = Profile::load(cl.profilePath, &issues);
    if (!issues.isEmpty()) {
        for (const ValidationIssue &issue : issues)
            complain(cl.profilePath + QLatin1String(": ") + issue.toString());
        return exitUnusable;
    }
    for (const ValidationIssue &note : std::as_const(profile.notes))
        complain(cl.profilePath + QLatin1String(": ") + note.path + QLatin1String(": ") + HeadlessRun::tr("note: %1").arg(note.message));
    const TopologyTemplate topology = TopologyTemplate::builtin(profile.templateId, &issues);
    if (!issues.isEmpty()) {
        for (const ValidationIssue &issue : issues)
            complain(cl.profilePath + QLatin1String(": ") + issue.toString());
        return exitUnusable;
    }
    QString role = !cl.from.isEmpty() ? cl.from : profile.vantage;
    if (role.isEmpty())
        role = cl.preinstall ? QStringLiteral("control-room") : Vantage::all;
    if (role != Vantage::all && !topology.roles().contains(role)) {
        complain(HeadlessRun::tr("--from: \"%1\" is not a role of template %2 (all, %3)")
                     .arg(role, topology.id(), topology.roles().join(QLatin1String(", "))));
        return exitUnusable;
    }
    if (cl.preinstall && role != QLatin1String("control-room")) {
        complain(HeadlessRun::tr("--preinstall: runs on a Control Room node (--from control-room), not as \"%1\"")
                     .arg(role));
        return exitUnusable;
    }
    if (!OutputFiles::usable(cl))
        return exitUnusable;

    ProfileOptions options = profile.options;
    if (cl.timeoutMs > 0)
        options.timeoutMs = cl.timeoutMs;
    if (cl.concurrency > 0)
        options.concurrency = cl.concurrency;
    options.expectListener = cl.expectListener;

    RunResults results;
    results.profileName = profile.name;
    results.templateId = topology.id();
    results.vantage = Vantage::current(role);
    const CheckPlan plan = CheckPlan::build(topology, profile, results.vantage);
    QList<Check> checks = plan.checks();
    if (cl.preinstall) {
        // Before the install nothing answers on loopback yet: the port test replaces the localhost flows.
        for (Check &c : checks) {
            if (c.to == QLatin1String("localhost") && c.runnable) {
                c.runnable = false;
                c.reason = QStringLiteral("preinstall");
                c.decide();
            }
        }
        checks << PreinstallPorts::run(topology, profile, int(checks.size()));
    }
    // The preinstall port checks ran above; the engine probes the rest.
    for (Check &c : checks) {
        if (c.flowId.startsWith(PreinstallPorts::flowPrefix))
            c.runnable = false;
    }
    results.checks = checks;

    {
        RunController session;
        const bool showProgress = stderrIsTerminal();
        if (showProgress) {
            // at most ten updates a second: a terminal is slower than the probes
            auto shown = std::make_shared<QElapsedTimer>();
            QObject::connect(&session, &RunController::progress, &session, [shown](int done, int total) {
                if (shown->isValid() && shown->elapsed() < 100 && done != total)
                    return;
                shown->start();
                QTextStream(stderr) << "\rtopocheck: " << HeadlessRun::tr("%1/%n check(s)", nullptr, total).arg(done)
                                    << Qt::flush;
            });
        }
        QObject::connect(&session, &RunController::finished, &session, [showProgress](bool) {
            if (showProgress) {
                QTextStream err(stderr);
                err << Qt::endl;
            }
            QCoreApplication::quit();
        });
        // Interrupted: the probes stop at once (cancel), and no output is written (CONTRACT.md).
        QTimer stopPoll;
        QObject::connect(&stopPoll, &QTimer::timeout, &session, [&session] {
            if (!ConsoleStop::requested())
                return;
            if (session.isRunning())
                session.cancel();
            else
                QCoreApplication::quit();
        });
        stopPoll.start(50);
        session.start(results, options);
        QCoreApplication::exec();
        results = session.results();
    }
    if (ConsoleStop::requested()) {
        complain(HeadlessRun::tr("interrupted: the run was stopped and no output file was written"));
        ConsoleStop::acknowledge();
        return exitInterrupted;
    }
    // The preinstall checks keep the verdicts they were given before the run.
    for (int i = 0; i < results.checks.size() && i < checks.size(); ++i) {
        if (checks.at(i).flowId.startsWith(PreinstallPorts::flowPrefix))
            results.checks[i] = checks.at(i);
    }

    if (!writeOutputs(cl, results, topology, profile))
        return exitUnusable;
    printSummary(results);
    return results.hasFailure() ? exitFailed : exitOk;
}
} // namespace

int runHeadlessCommand(int &argc, char **argv, const CommandLine &cl)
{
    const std::unique_ptr<QCoreApplication> app = makeApplication(argc, argv, cl);
    Translations::install(app.get());
    return cl.mode == CommandLine::Mode::Merge ? runMerge(cl) : runHeadless(cl);
}
