// Benchmark (issue 15): opening the merged results of a fleet in the window. Writes a merged file as
// `--merge` writes one for 1,000 Bot Agents and 8 Control Room nodes, each with its default run's checks
// (the Bot Agents' exposure checks included): the merge's winners under "checks", one entry per machine
// under "merged_from", the tallies per link and role under "fleet", and every tested check of every
// machine under "vantage_checks". Then opens it in the window with a 5 ms timer on the main thread that
// records its longest gap. Target: the longest stall under 50 ms; fails beyond 1.5 x.
//   TOPOCHECK_OPEN_BENCH_AGENTS=N   fewer (or more) Bot Agents than 1,000, for a quick look
#include "checkplan.h"
#include "component.h"
#include "mainwindow.h"
#include "resultmerge.h"
#include "resultsloader.h"
#include "runcontroller.h"
#include "topologytemplate.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {
constexpr int tickMs = 5;
constexpr int crNodes = 8; // with its 309 cluster ports each, a Bot Agent's default run is about 2,700 checks
constexpr double targetMs = 50;
const QByteArray hostMark = QByteArrayLiteral("@@HOST@@");
const QByteArray addressMark = QByteArrayLiteral("@@ADDRESS@@");

Profile fleetProfile()
{
    Profile p;
    p.name = QStringLiteral("Fleet bench");
    p.templateId = QStringLiteral("automation360");
    for (int i = 11; i <= 10 + crNodes; ++i)
        p.hosts[ComponentId::controlRoom] << QStringLiteral("10.0.4.%1").arg(i);
    p.hosts[ComponentId::loadBalancer] << QStringLiteral("10.0.4.10");
    p.hosts[ComponentId::activeDirectory] << QStringLiteral("10.0.2.10") << QStringLiteral("10.0.2.11");
    p.hosts[ComponentId::fileShare] << QStringLiteral("10.0.2.20");
    p.hosts[ComponentId::sqlServer] << QStringLiteral("10.0.2.30");
    return p;
}

// What a healthy site answers: services open, cluster ports closed to the outside; `broken` machines
// cannot reach the load balancer.
Check observed(Check c, bool broken)
{
    c.address = c.host;
    c.latencyMs = 0.4 + (c.port % 7) * 0.1;
    if (c.isExposure()) {
        c.state = CheckState::Closed;
        c.reason = QStringLiteral("conn-refused");
    } else if (broken && c.to == ComponentId::loadBalancer) {
        c.state = CheckState::Filtered;
        c.reason = QStringLiteral("no-response");
        c.latencyMs = -1;
        c.advice =
            QStringLiteral("Nothing answered in time: a firewall on the path drops the packets. Ask for the rule "
                           "in the change request.");
    } else {
        c.state = CheckState::Open;
        c.reason = QStringLiteral("syn-ack");
        c.service = c.protocol == QLatin1String("tcp") ? ServiceStatus::Unchecked : ServiceStatus::Ok;
        c.detail =
            c.protocol == QLatin1String("tcp") ? QString() : QStringLiteral("%1 answered as expected").arg(c.protocol);
    }
    c.decide();
    return c;
}

struct Machine
{
    QString role;
    QString hostname;
    QString address;
    bool broken = false;
};

struct Generated
{
    qint64 vantageChecks = 0;
    int winners = 0;
    int tallies = 0;
};

// The merged file, written as a stream: the small part through RunResults, then "vantage_checks" entry by entry.
bool writeMerged(const QString &path, int agents, Generated *out)
{
    const Profile profile = fleetProfile();
    const TopologyTemplate topology = TopologyTemplate::builtin(profile.templateId);
    QList<Machine> machines;
    for (int i = 1; i <= crNodes; ++i)
        machines << Machine{ComponentId::controlRoom, QStringLiteral("cr%1").arg(i),
                            QStringLiteral("10.0.4.%1").arg(10 + i)};
    for (int i = 1; i <= agents; ++i)
        machines << Machine{ComponentId::botAgent, QStringLiteral("ws-%1").arg(i, 4, 10, QLatin1Char('0')),
                            QStringLiteral("10.9.%1.%2").arg(i / 250).arg(i % 250 + 1), i % 331 == 17};

    // Each role's tested checks as JSON with marks for the machine's name and address, healthy and broken.
    QHash<QString, QList<Check>> planned;
    QHash<QString, QList<QByteArray>> json[2];
    for (const QString &role : {ComponentId::controlRoom, ComponentId::botAgent}) {
        Vantage v;
        v.role = role;
        const CheckPlan plan = CheckPlan::build(topology, profile, v);
        for (const Check &c : plan.checks()) {
            if (!c.runnable)
                continue;
            planned[role] << c;
            for (int broken = 0; broken < 2; ++broken) {
                Check o = observed(c, broken);
                o.testedFrom = QString::fromLatin1(hostMark);
                o.sourceAddress = QString::fromLatin1(addressMark);
                json[broken][role] << QJsonDocument(o.toJson()).toJson(QJsonDocument::Compact);
            }
        }
    }

    RunResults merged;
    QList<RunResults> winnersFrom;
    FleetTallyBuilder fleet;
    const QDateTime started(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC);
    for (const Machine &m : std::as_const(machines)) {
        RunResults r;
        r.profileName = profile.name;
        r.templateId = profile.templateId;
        r.vantage.role = m.role;
        r.vantage.hostname = m.hostname;
        r.vantage.addresses << QHostAddress(m.address);
        r.started = started;
        r.finished = started.addSecs(3);
        fleet.beginMachine(m.hostname, m.role);
        for (const Check &c : planned.value(m.role)) {
            const Check o = observed(c, m.broken);
            fleet.add(o, o.isExposure() ? m.role != ComponentId::controlRoom : o.from == m.role);
            if (m.role == ComponentId::controlRoom || m.hostname == QLatin1String("ws-0001") ||
                m.hostname == QLatin1String("ws-0017"))
                r.checks << o;
        }
        fleet.endMachine();
        if (!r.checks.isEmpty())
            winnersFrom << r;
        merged.sources << RunResults();
        merged.sources.last().vantage = r.vantage;
        merged.sources.last().started = r.started;
        merged.sources.last().finished = r.finished;
    }
    const RunResults winners = ResultMerge::merge(winnersFrom);
    merged.profileName = winners.profileName;
    merged.templateId = winners.templateId;
    merged.vantage = winners.vantage;
    merged.vantage.hostname.clear();
    merged.started = winners.started;
    merged.finished = winners.finished;
    merged.checks = winners.checks;
    merged.fleet = fleet.tallies();
    out->winners = int(merged.checks.size());
    out->tallies = int(merged.fleet.size());

    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray head = merged.toJsonBytes();
    head.truncate(head.lastIndexOf('}'));
    while (head.endsWith('\n') || head.endsWith(' '))
        head.chop(1);
    file.write(head + ",\n    \"vantage_checks\": [\n");
    QByteArray chunk;
    bool first = true;
    for (const Machine &m : std::as_const(machines)) {
        for (const QByteArray &entry : json[m.broken ? 1 : 0].value(m.role)) {
            if (!first)
                chunk += ",\n";
            first = false;
            QByteArray e = entry;
            chunk += e.replace(hostMark, m.hostname.toLatin1()).replace(addressMark, m.address.toLatin1());
            ++out->vantageChecks;
        }
        if (chunk.size() > 4 * 1024 * 1024) {
            if (file.write(chunk) != chunk.size())
                return false;
            chunk.clear();
        }
    }
    chunk += "\n    ]\n}\n";
    return file.write(chunk) == chunk.size() && file.flush();
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("open_bench"));
    const int agents = qEnvironmentVariableIsSet("TOPOCHECK_OPEN_BENCH_AGENTS")
                           ? qEnvironmentVariableIntValue("TOPOCHECK_OPEN_BENCH_AGENTS")
                           : 1000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("merged.json"));
    Generated generated;
    QElapsedTimer writing;
    writing.start();
    if (!dir.isValid() || !writeMerged(path, agents, &generated)) {
        std::printf("open: FAIL cannot write %s\n", qPrintable(path));
        return 1;
    }
    const double megabytes = double(QFileInfo(path).size()) / (1024.0 * 1024.0);
    std::printf("open: wrote a merged file of %d Bot Agents and %d Control Room nodes: %.0f MB, %d winner checks, "
                "%lld checks of every machine, %d fleet tallies (%.1f s)\n",
                agents, crNodes, megabytes, generated.winners, static_cast<long long>(generated.vantageChecks),
                generated.tallies, double(writing.elapsed()) / 1000.0);

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 300)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(tickMs);
    QObject::connect(&tick, &QTimer::timeout, &window, [&] {
        const qint64 now = clock.elapsed();
        worst = qMax(worst, now - last - tickMs);
        last = now;
    });
    bool done = false;
    QStringList errors;
    QObject::connect(window.resultsLoader(), &ResultsLoader::loaded, &window, [&] { done = true; });
    QObject::connect(window.resultsLoader(), &ResultsLoader::failed, &window,
                     [&](const QString &, const QStringList &e) {
                         errors = e;
                         done = true;
                     });
    // the main thread's share: from the end of the read to the window having taken the results
    qint64 readEnd = 0;
    qint64 taken = 0;
    QObject::connect(window.resultsLoader(), &ResultsLoader::loadingChanged, &window, [&](bool loading) {
        if (!loading)
            readEnd = clock.elapsed();
    });
    QObject::connect(window.resultsLoader(), &ResultsLoader::loaded, &window,
                     [&] { taken = clock.elapsed() - readEnd; });
    clock.start();
    tick.start();
    QElapsedTimer call;
    call.start();
    window.openResults(path);
    const qint64 callMs = call.elapsed();
    while (!done && clock.elapsed() < 300000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const qint64 openMs = clock.elapsed();
    // the diagram, the tables and the status bar take the results in the turns that follow
    while (clock.elapsed() < openMs + 1000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    tick.stop();

    const RunResults &shown = window.session()->results();
    std::printf("open merged results: %.0f MB in %.1f s, longest main-thread stall %lld ms (target %.0f ms); "
                "openResults() returned in %lld ms, showing the results took %lld ms\n",
                megabytes, double(openMs) / 1000.0, static_cast<long long>(worst), targetMs,
                static_cast<long long>(callMs), static_cast<long long>(taken));
    if (!done || !errors.isEmpty()) {
        std::printf("open: FAIL %s\n", done ? qPrintable(errors.join(QStringLiteral("; "))) : "not read within 300 s");
        return 1;
    }
    if (shown.checks.size() != generated.winners || shown.vantageCheckCount != generated.vantageChecks ||
        shown.fleet.size() != generated.tallies || shown.sources.size() != agents + crNodes) {
        std::printf(
            "open: FAIL the window shows %lld checks, %lld checks of every machine, %lld tallies, %lld machines\n",
            static_cast<long long>(shown.checks.size()), static_cast<long long>(shown.vantageCheckCount),
            static_cast<long long>(shown.fleet.size()), static_cast<long long>(shown.sources.size()));
        return 1;
    }
    const char *word = worst < targetMs ? "ok  " : worst < 1.5 * targetMs ? "over" : "FAIL";
    std::printf("%s open: longest main-thread stall %lld ms against a target of %.0f ms%s\n", word,
                static_cast<long long>(worst), targetMs,
                worst < targetMs         ? ""
                : worst < 1.5 * targetMs ? " (within 1.5 x: tolerated)"
                                         : " (beyond 1.5 x)");
    return worst < 1.5 * targetMs ? 0 : 1;
}
