// Benchmark of issue 15: `topocheck --merge` of 1,000 Bot Agents' results files as each agent's default run
// writes them (about 2,700 checks and 1.5 MB each, exposure checks included) and two Control Room nodes',
// into JSON, CSV and PDF in under 20 s with a peak RSS under 1 GB. Runs the real binary and measures it with
// wait4(): wall time and the child's peak RSS. Then reads the merged file back as a stream and checks that
// every tested check of every machine is in it.
// Usage: merge_bench [TOPOCHECK] [--files N] [--keep DIR]. Prints the figures; exits 1 beyond 1.5x a target.

#include "fleetfixture.h"
#include "resultsfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdio>
#include <vector>

extern char **environ;

namespace {
constexpr double targetSeconds = 20;
constexpr double targetMegabytes = 1024;

// One Bot Agent's file, varied from the first one's text: its name, its address, and a few verdicts
// (machine i fails the k-th passing check when (i * 31 + k) % 211 == 0, so failures spread over links).
QByteArray agentFile(const QByteArray &base, int i)
{
    QByteArray bytes = base;
    const auto quoted = [](const QString &text) { return QByteArray('"' + text.toLatin1() + '"'); };
    bytes.replace(quoted(FleetFixture::botName(0)), quoted(FleetFixture::botName(i)));
    bytes.replace(quoted(FleetFixture::botAddress(0)), quoted(FleetFixture::botAddress(i)));
    static const QByteArray pass = QByteArrayLiteral("\"verdict\": \"pass\"");
    qsizetype at = 0;
    for (int k = 0; (at = bytes.indexOf(pass, at)) >= 0; ++k, at += pass.size()) {
        if ((i * 31 + k) % 211 == 0)
            bytes.replace(at + 12, 4, "fail"); // same length: in place
    }
    return bytes;
}

qint64 testedChecks(const RunResults &r)
{
    qint64 n = 0;
    for (const Check &c : r.checks)
        n += c.state != CheckState::NotTested;
    return n;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QString exe = qEnvironmentVariable("TOPOCHECK_EXE");
    int files = 1000;
    QString keep;
    const QStringList args = app.arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--files") && i + 1 < args.size())
            files = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--keep") && i + 1 < args.size())
            keep = args.at(++i);
        else
            exe = args.at(i);
    }
    if (exe.isEmpty() || !QFileInfo(exe).isExecutable() || files < 1) {
        out << "merge_bench: usage: merge_bench TOPOCHECK [--files N] [--keep DIR] (or TOPOCHECK_EXE)" << Qt::endl;
        return 2;
    }
    QTemporaryDir temporary;
    const QDir dir(keep.isEmpty() ? temporary.path() : keep);
    if (!temporary.isValid() || !dir.mkpath(QStringLiteral("."))) {
        out << "merge_bench: no folder to write the inputs in" << Qt::endl;
        return 2;
    }

    // The inputs, as the tool writes them (RunResults::toJsonBytes).
    QElapsedTimer timer;
    timer.start();
    const RunResults agent = FleetFixture::machineRun(QStringLiteral("bot-agent"), FleetFixture::botName(0),
                                                      FleetFixture::botAddress(0), 2);
    const QByteArray base = agent.toJsonBytes();
    QStringList inputs;
    qint64 bytes = 0;
    qint64 expected = 0;
    const auto write = [&](const QString &name, const QByteArray &json) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
            return false;
        inputs << f.fileName();
        bytes += json.size();
        return true;
    };
    for (int n = 1; n <= 2; ++n) {
        const QString host = QStringLiteral("cr%1.contoso.local").arg(n);
        const RunResults node = FleetFixture::machineRun(QStringLiteral("control-room"), host,
                                                         ReportFixture::addressOf(host), 2);
        expected += testedChecks(node);
        if (!write(host + QLatin1String(".json"), node.toJsonBytes()))
            return 2;
    }
    for (int i = 0; i < files; ++i) {
        if (!write(FleetFixture::botName(i) + QLatin1String(".json"), agentFile(base, i))) {
            out << "merge_bench: cannot write the inputs in " << dir.path() << Qt::endl;
            return 2;
        }
    }
    expected += testedChecks(agent) * files;
    out << "merge_bench: generated " << inputs.size() << " files, " << QString::number(bytes / 1e9, 'f', 2)
        << " GB in " << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;

    // The real binary, measured by wait4: wall time and the child's own peak RSS.
    const QString json = dir.filePath(QStringLiteral("merged.json"));
    QStringList command{exe, QStringLiteral("--merge")};
    command << inputs << QStringLiteral("--json") << json << QStringLiteral("--csv")
            << dir.filePath(QStringLiteral("merged.csv")) << QStringLiteral("--pdf")
            << dir.filePath(QStringLiteral("merged.pdf"));
    std::vector<QByteArray> storage;
    for (const QString &a : command)
        storage.push_back(QFile::encodeName(a));
    std::vector<char *> argvChild;
    for (QByteArray &a : storage)
        argvChild.push_back(a.data());
    argvChild.push_back(nullptr);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    timer.restart();
    pid_t pid = 0;
    if (posix_spawn(&pid, argvChild.front(), nullptr, nullptr, argvChild.data(), environ) != 0) {
        out << "merge_bench: cannot start " << exe << Qt::endl;
        return 2;
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) {
        out << "merge_bench: lost the merge process" << Qt::endl;
        return 2;
    }
    const double seconds = timer.elapsed() / 1000.0;
    const double megabytes = usage.ru_maxrss / 1024.0; // kilobytes on Linux
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code != 0 && code != 1) {
        out << "merge_bench: topocheck --merge exited with " << code << Qt::endl;
        return 1;
    }
    out << "merge: " << files + 2 << " files, " << expected << " checks, " << QString::number(bytes / 1e9, 'f', 2)
        << " GB in " << QString::number(seconds, 'f', 1) << " s (target " << targetSeconds << " s), peak RSS "
        << QString::number(megabytes, 'f', 0) << " MB (target " << targetMegabytes << " MB); user "
        << QString::number(usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6, 'f', 1) << " s, system "
        << QString::number(usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6, 'f', 1) << " s" << Qt::endl;

    // Every machine's tested checks are in the merged file; read back as the window reads it.
    timer.restart();
    QStringList errors;
    const RunResults merged = ResultsFile::read(json, &errors);
    out << "merge_bench: merged.json " << QString::number(QFileInfo(json).size() / 1e9, 'f', 2) << " GB, "
        << merged.vantageCheckCount << " vantage checks, " << merged.checks.size() << " winners, "
        << merged.fleet.size() << " tallies, read back in " << QString::number(timer.elapsed() / 1000.0, 'f', 1)
        << " s; merged.pdf " << QFileInfo(dir.filePath(QStringLiteral("merged.pdf"))).size() / 1024 << " KB"
        << Qt::endl;
    bool ok = true;
    if (!errors.isEmpty() || merged.vantageCheckCount != expected || merged.sources.size() != files + 2) {
        out << "merge_bench: the merged file is wrong: " << errors.join(QLatin1String("; ")) << " ("
            << merged.vantageCheckCount << " of " << expected << " checks, " << merged.sources.size()
            << " sources)" << Qt::endl;
        ok = false;
    }
    // Beyond 1.5 times a target fails; between the target and that, the figures are reported (a busy machine).
    if (seconds > targetSeconds * 1.5 || megabytes > targetMegabytes * 1.5) {
        out << "merge_bench: beyond 1.5 times a target" << Qt::endl;
        ok = false;
    } else if (seconds > targetSeconds || megabytes > targetMegabytes) {
        out << "merge_bench: over a target, within 1.5 times it (tolerated on a busy machine)" << Qt::endl;
    }
    return ok ? 0 : 1;
}
