// The soak run's driver (tests/soak/soak.sh starts it inside its own client namespace): the real
// window, offscreen, opens PROFILE, sets the monitor interval (default the shortest, 5 s) and ticks
// Monitor, so that MonitorSchedule starts every run exactly as for a user. After each finished run it
// reads this process's VmRSS (/proc/self/status) and descriptor count (/proc/self/fd) and checks that
// the run's results are complete: every runnable check, in the session's results and in the window's
// results model alike, has a final state and verdict, and the model holds as many checks as the session.
// A line every 50 cycles (and for the first), then the verdict against the targets:
//   RSS growth after the first 50 cycles < 5 MB, descriptor count at the end <= at cycle 50 + 3
//   (no leak: one descriptor a cycle would be +450), every cycle complete, no run hanging.
// Exit 0 when every target is met, 1 otherwise, 2 on bad usage or an unreadable profile.
//   soak_driver PROFILE.json [CYCLES [INTERVAL_S]]      (CYCLES default 500)

#include "check.h"
#include "checkresultsmodel.h"
#include "mainwindow.h"
#include "monitorpanel.h"
#include "runcontroller.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <map>

namespace {

constexpr int baselineCycle = 50;
constexpr double rssGrowthLimitMb = 5.0;
constexpr int fdSlack = 3;

double rssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) // "VmRSS:    123456 kB"
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

int fdCount()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot).size());
}

bool isFinal(const Check &c)
{
    return c.state != CheckState::NotTested && c.verdict != Verdict::Skipped;
}

struct Cycle
{
    int runnable = 0;
    int incomplete = 0;
    int pass = 0;
    int warn = 0;
    int fail = 0;
    QString firstIncomplete;
};

Cycle inspect(const RunController &session, const CheckResultsModel &model)
{
    Cycle cy;
    const QList<Check> &checks = session.results().checks;
    for (const Check &c : checks) {
        if (!c.runnable)
            continue;
        ++cy.runnable;
        const Check *shown = model.checkById(c.id);
        const bool complete = isFinal(c) && shown && isFinal(*shown) && shown->state == c.state;
        if (!complete) {
            ++cy.incomplete;
            if (cy.firstIncomplete.isEmpty())
                cy.firstIncomplete = QStringLiteral("%1 %2:%3 state %4 verdict %5%6")
                                         .arg(c.flowId, c.host)
                                         .arg(c.port)
                                         .arg(stateName(c.state), verdictName(c.verdict),
                                              shown ? QString() : QStringLiteral(" (not in the window's model)"));
            continue;
        }
        switch (c.verdict) {
        case Verdict::Pass: ++cy.pass; break;
        case Verdict::Warn: ++cy.warn; break;
        case Verdict::Fail: ++cy.fail; break;
        case Verdict::Skipped: break;
        }
    }
    if (model.checks().size() != checks.size()) {
        ++cy.incomplete;
        if (cy.firstIncomplete.isEmpty())
            cy.firstIncomplete = QStringLiteral("the window's model holds %1 checks, the session %2")
                                     .arg(model.checks().size())
                                     .arg(checks.size());
    }
    return cy;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool ok1 = true, ok2 = true;
    const int cycles = args.size() > 2 ? args.at(2).toInt(&ok1) : 500;
    const int interval = args.size() > 3 ? args.at(3).toInt(&ok2) : 5;
    if (args.size() < 2 || args.size() > 4 || !ok1 || !ok2 || cycles < 1 || interval < 5) {
        std::fprintf(stderr, "usage: soak_driver PROFILE.json [CYCLES [INTERVAL_S >= 5]]\n");
        return 2;
    }
    QTemporaryDir settings; // no saved geometry, recent files or monitor settings of anyone's
    QCoreApplication::setOrganizationName(QStringLiteral("TopocheckSoak"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    if (!window.openProfile(args.at(1))) {
        std::fprintf(stderr, "soak_driver: cannot open the profile %s\n", qPrintable(args.at(1)));
        return 2;
    }
    auto *panel = window.findChild<MonitorPanel *>();
    auto *spin = panel ? panel->findChild<QSpinBox *>() : nullptr;
    if (!panel || !spin) {
        std::fprintf(stderr, "soak_driver: the window has no monitor panel with an interval box\n");
        return 2;
    }
    spin->setValue(interval);
    if (panel->intervalSeconds() != interval) {
        std::fprintf(stderr, "soak_driver: the monitor interval cannot be %d s (the panel took %d s)\n", interval,
                     panel->intervalSeconds());
        return 2;
    }

    QElapsedTimer wall;
    wall.start();
    int done = 0;
    int incompleteCycles = 0;
    int cancelledCycles = 0;
    double rssFirst = -1, rssBase = -1, rssMax = 0, rssMaxAfterBase = 0, rssLast = -1;
    int fdFirst = -1, fdBase = -1, fdMin = 1 << 30, fdMax = 0, fdMaxAfterBase = 0, fdLast = -1;
    qint64 lastEndMs = 0, longestGapMs = 0;
    std::map<QString, int> tallies; // "pass/warn/fail" -> cycles
    QHash<int, Verdict> firstVerdicts; // check id -> its verdict in cycle 1
    QSet<int> reportedChanges;         // checks whose verdict changed once (printed once each)
    Cycle first;
    // a run that never ends, or a schedule that stops: the longest a cycle may take
    QTimer watchdog;
    watchdog.setSingleShot(true);
    const int watchdogMs = (interval + 120) * 1000;
    bool hung = false;
    QObject::connect(&watchdog, &QTimer::timeout, &app, [&] {
        hung = true;
        std::printf("FAIL: no run finished within %d s after cycle %d\n", watchdogMs / 1000, done);
        app.exit(1);
    });

    QObject::connect(&window, &MainWindow::runFinished, &app, [&](bool cancelled) {
        ++done;
        const qint64 now = wall.elapsed();
        longestGapMs = std::max(longestGapMs, now - lastEndMs);
        lastEndMs = now;
        const Cycle cy = inspect(*window.session(), *window.resultsModel());
        const double rss = rssMb();
        const int fds = fdCount();
        if (cancelled)
            ++cancelledCycles;
        if (cy.incomplete > 0 || cy.runnable == 0 || cancelled) {
            ++incompleteCycles;
            std::printf("cycle %d INCOMPLETE: %d of %d runnable checks without a final result%s; first: %s\n", done,
                        cy.incomplete, cy.runnable, cancelled ? " (run cancelled)" : "",
                        qPrintable(cy.firstIncomplete));
        }
        for (const Check &c : window.session()->results().checks) {
            if (!c.runnable)
                continue;
            if (done == 1) {
                firstVerdicts.insert(c.id, c.verdict);
            } else if (firstVerdicts.value(c.id, c.verdict) != c.verdict && !reportedChanges.contains(c.id)) {
                reportedChanges.insert(c.id);
                std::printf("cycle %d: %s %s:%d %s now (cycle 1: %s): %s %s\n", done, qPrintable(c.flowId),
                            qPrintable(c.host), c.port, qPrintable(verdictName(c.verdict)),
                            qPrintable(verdictName(firstVerdicts.value(c.id))), qPrintable(stateName(c.state)),
                            qPrintable(c.detail.left(160)));
            }
        }
        if (done == 1) {
            first = cy;
            rssFirst = rss;
            fdFirst = fds;
        }
        if (done == baselineCycle) {
            rssBase = rss;
            fdBase = fds;
        }
        rssMax = std::max(rssMax, rss);
        fdMin = std::min(fdMin, fds);
        fdMax = std::max(fdMax, fds);
        if (done >= baselineCycle) {
            rssMaxAfterBase = std::max(rssMaxAfterBase, rss);
            fdMaxAfterBase = std::max(fdMaxAfterBase, fds);
        }
        rssLast = rss;
        fdLast = fds;
        ++tallies[QStringLiteral("%1/%2/%3").arg(cy.pass).arg(cy.warn).arg(cy.fail)];
        if (done == 1 || done % 50 == 0 || done == cycles) {
            std::printf("cycle %4d  %s  wall %6.1f s  RSS %6.1f MB  fds %3d  checks %d runnable, %d complete "
                        "(pass %d, warn %d, fail %d)\n",
                        done, qPrintable(QDateTime::currentDateTimeUtc().toString(QStringLiteral("HH:mm:ss"))),
                        now / 1000.0, rss, fds, cy.runnable, cy.runnable - cy.incomplete, cy.pass, cy.warn, cy.fail);
            std::fflush(stdout);
        }
        if (done >= cycles) {
            panel->setMonitoring(false); // no further run
            QTimer::singleShot(0, &app, [&app] { app.exit(0); });
            return;
        }
        watchdog.start(watchdogMs);
    });

    std::printf("soak: %d monitor cycles at %d s, profile %s, started %s UTC\n", cycles, interval,
                qPrintable(args.at(1)), qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    std::fflush(stdout);
    watchdog.start(watchdogMs);
    panel->setMonitoring(true); // MonitorSchedule starts the first run now, then one every interval
    const int rc = app.exec();

    const double growth = rssLast - (done >= baselineCycle ? rssBase : rssFirst);
    std::printf("\nsoak figures: %d of %d cycles in %.1f s (%.2f s a cycle, longest gap %.1f s)\n", done, cycles,
                wall.elapsed() / 1000.0, done ? wall.elapsed() / 1000.0 / done : 0.0, longestGapMs / 1000.0);
    std::printf("  runnable checks a cycle: %d (first cycle: pass %d, warn %d, fail %d)\n", first.runnable,
                first.pass, first.warn, first.fail);
    std::printf("  RSS: cycle 1 %.1f MB, cycle %d %.1f MB, last %.1f MB, max %.1f MB (after cycle %d: %.1f MB); "
                "growth after cycle %d %+.2f MB (target < %.0f MB)\n",
                rssFirst, baselineCycle, rssBase, rssLast, rssMax, baselineCycle, rssMaxAfterBase, baselineCycle,
                growth, rssGrowthLimitMb);
    std::printf("  descriptors: cycle 1 %d, cycle %d %d, last %d, min %d, max %d (after cycle %d: max %d); "
                "target: last <= cycle %d + %d\n",
                fdFirst, baselineCycle, fdBase, fdLast, fdMin, fdMax, baselineCycle, fdMaxAfterBase, baselineCycle,
                fdSlack);
    std::printf("  complete cycles: %d of %d (%d incomplete, %d cancelled); verdict tallies pass/warn/fail:",
                done - incompleteCycles, done, incompleteCycles, cancelledCycles);
    for (const auto &[tally, n] : tallies)
        std::printf(" %s x%d", qPrintable(tally), n);
    std::printf("\n");

    QStringList failures;
    if (rc != 0 || hung)
        failures << QStringLiteral("a run hung");
    if (done < cycles)
        failures << QStringLiteral("%1 of %2 cycles ran").arg(done).arg(cycles);
    if (incompleteCycles > 0)
        failures << QStringLiteral("%1 cycles with incomplete results").arg(incompleteCycles);
    if (done >= baselineCycle && !(growth < rssGrowthLimitMb))
        failures << QStringLiteral("RSS grew %1 MB after cycle %2").arg(growth, 0, 'f', 2).arg(baselineCycle);
    if (done >= baselineCycle && fdLast > fdBase + fdSlack)
        failures << QStringLiteral("descriptors %1 -> %2 after cycle %3").arg(fdBase).arg(fdLast).arg(baselineCycle);
    if (first.fail == 0 || first.pass == 0)
        failures << QStringLiteral("the profile gave no mix of passing and failing links");
    if (failures.isEmpty()) {
        std::printf("soak: PASS\n");
        return 0;
    }
    std::printf("soak: FAIL: %s\n", qPrintable(failures.join(QStringLiteral("; "))));
    return 1;
}
