#pragma once

// A merged result of a fleet (issue 15) for the report tests and the report benchmark: Bot Agents and
// Control Room nodes as `--merge` keeps them. The winners are what ResultMerge keeps of one Bot Agent's and
// each node's default run (a thousand Bot Agents with the same outcomes leave the same winners), spread
// over the failing machines as the merge would name them; every machine is a source; the fleet tallies
// are built by FleetTallyBuilder, one machine at a time, as the streaming merge builds them.

#include "fleettally.h"
#include "reportfixture.h"
#include "resultmerge.h"

#include <QHash>

namespace FleetFixture {

inline QString botName(int i)
{
    return QStringLiteral("ws-%1").arg(i, 4, 10, QLatin1Char('0'));
}

inline QString botAddress(int i)
{
    return QStringLiteral("10.0.%1.%2").arg(100 + i / 250).arg(1 + i % 250);
}

inline RunResults machineRun(const QString &role, const QString &hostname, const QString &address, int nodes)
{
    const TopologyTemplate t = ReportFixture::onPremises();
    const Vantage v = ReportFixture::vantage(role, hostname, address);
    const CheckPlan plan = CheckPlan::build(t, ReportFixture::profile(nodes), v);
    RunResults r;
    r.profileName = QStringLiteral("Contoso production");
    r.templateId = t.id();
    r.vantage = v;
    r.started = QDateTime(QDate(2026, 11, 28), QTime(10, 0), Qt::UTC);
    r.finished = r.started.addSecs(40);
    for (Check c : plan.checks()) {
        if (!c.runnable) {
            r.checks << c;
            continue;
        }
        ReportFixture::observe(c, true);
        c.sourceAddress = address;
        r.checks << c;
        // dual-stack names: each address is a check of its own (a Bot Agent's default run is about 2,700 checks)
        if (c.address != QLatin1String("127.0.0.1")) {
            c.address = QStringLiteral("fd00:10::") +
                        c.address.section(QLatin1Char('.'), 2).replace(QLatin1Char('.'), QLatin1Char(':'));
            r.checks << c;
        }
    }
    return r;
}

// bots Bot Agents (ws-0000...) and nodes Control Room nodes (cr1.contoso.local...). On a link whose winners
// fail or warn, Bot Agent i saw that verdict when (i + 7k) % (6 + k) == 0 (k: the link's index), so each link
// has its own share of failing machines (some over the 50 names kept), and cr1 saw it of the nodes.
inline RunResults merged(int bots = 1000, int nodes = 2)
{
    const TopologyTemplate t = ReportFixture::onPremises();
    QList<RunResults> runs{machineRun(QStringLiteral("bot-agent"), botName(0), botAddress(0), nodes)};
    for (int n = 1; n <= nodes; ++n)
        runs << machineRun(QStringLiteral("control-room"), QStringLiteral("cr%1.contoso.local").arg(n),
                           ReportFixture::addressOf(QStringLiteral("cr%1.contoso.local").arg(n)), nodes);
    RunResults out = ResultMerge::merge(runs);
    out.profileName = QStringLiteral("Contoso production");

    // The links each kind of machine tests, in a fixed order.
    QStringList botLinks;
    QStringList nodeLinks;
    for (const RunResults &run : std::as_const(runs))
        for (const Check &c : run.checks)
            if (c.state != CheckState::NotTested) {
                QStringList &links = run.vantage.role == QLatin1String("bot-agent") ? botLinks : nodeLinks;
                if (!links.contains(c.linkId()))
                    links << c.linkId();
            }
    // The winners' worst verdict per link: the machines that decide a link saw at worst that, some of them.
    QHash<QString, Verdict> worst;
    for (const Check &c : std::as_const(out.checks))
        if (c.state != CheckState::NotTested &&
            verdictSeverity(c.verdict) > verdictSeverity(worst.value(c.linkId(), Verdict::Pass)))
            worst.insert(c.linkId(), c.verdict);
    auto fails = [](int machine, int link) { return (machine + 7 * link) % (6 + link) == 0; };

    // A winner from a Bot Agent names one of the machines that saw its verdict on the link.
    QHash<QString, int> botLinkIndex;
    for (int k = 0; k < botLinks.size(); ++k)
        botLinkIndex.insert(botLinks.at(k), k);
    for (Check &c : out.checks) {
        if (!c.testedFrom.startsWith(QLatin1String("ws-")) || c.verdict == Verdict::Pass)
            continue;
        const int k = botLinkIndex.value(c.linkId());
        int machine = (c.port + k) % bots;
        while (!fails(machine, k))
            machine = (machine + 1) % bots;
        c.testedFrom = botName(machine);
        c.sourceAddress = botAddress(machine);
    }

    // One check per link stands for a machine's worst on it.
    auto representatives = [](const QStringList &links, const RunResults &like) {
        QList<Check> out;
        for (const QString &link : links)
            for (const Check &c : like.checks)
                if (c.state != CheckState::NotTested && c.linkId() == link) {
                    out << c;
                    break;
                }
        return out;
    };
    const QList<Check> botChecks = representatives(botLinks, runs.first());
    FleetTallyBuilder builder;
    auto machine = [&](const RunResults &run, const QList<Check> &checks, int index) {
        builder.beginMachine(run.vantage.hostname, run.vantage.role);
        for (int k = 0; k < checks.size(); ++k) {
            Check seen = checks.at(k);
            const Verdict linkWorst = worst.value(seen.linkId(), Verdict::Pass);
            // Control Room nodes: the first saw the link's worst, the others passed
            const bool saw = run.vantage.role == QLatin1String("bot-agent") ? fails(index, k) : index == 0;
            seen.verdict = saw ? linkWorst : Verdict::Pass;
            builder.add(seen, ResultMerge::decides(seen, run));
        }
        builder.endMachine();
    };
    qint64 tested = 0;
    for (const Check &c : runs.first().checks)
        tested += c.state != CheckState::NotTested;
    out.vantageCheckCount = tested * bots;
    out.sources.clear();
    for (int i = 0; i < bots; ++i) {
        RunResults source;
        source.vantage = ReportFixture::vantage(QStringLiteral("bot-agent"), botName(i), botAddress(i));
        source.started = runs.first().started;
        source.finished = runs.first().finished;
        machine(source, botChecks, i);
        out.sources << source;
    }
    for (int n = 1; n <= nodes; ++n) {
        RunResults source = runs.at(n);
        machine(source, representatives(nodeLinks, source), n - 1);
        for (const Check &c : source.checks)
            out.vantageCheckCount += c.state != CheckState::NotTested;
        source.checks.clear();
        out.sources << source;
    }
    out.fleet = builder.tallies();
    return out;
}

} // namespace FleetFixture
