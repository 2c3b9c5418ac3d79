#include "resultmerge.h"

#include <QHash>
#include <QStringList>

#include <algorithm>

namespace {
QString keyOf(const Check &c)
{
    return c.flowId + QLatin1Char('\x1f') + c.host + QLatin1Char('\x1f') + QString::number(c.port)
        + QLatin1Char('\x1f') + c.via + QLatin1Char('\x1f') + c.portRange;
}

// Higher wins: a tested check from the flow's own source, then one from a run playing every role.
int authority(const Check &c, const RunResults &run)
{
    if (c.state == CheckState::NotTested)
        return 0;
    if (c.expect == Expectation::Closed)
        return run.vantage.role != QLatin1String("control-room") ? 3 : 1;
    if (run.vantage.role == c.from)
        return 3;
    if (run.vantage.isAll())
        return 2;
    return 1;
}
} // namespace

RunResults ResultMerge::merge(const QList<RunResults> &runs)
{
    RunResults out;
    if (runs.isEmpty())
        return out;
    out.profileName = runs.constFirst().profileName;
    out.templateId = runs.constFirst().templateId;
    out.vantage.role = mergedRole;
    QStringList hostnames;

    // Per (flow, host, port, via): the checks of the highest authority, one per address (each address
    // of a name is a check of its own); of two with the same authority and address, the worse verdict,
    // so that a failure seen anywhere is not hidden.
    struct Group
    {
        int authority = -1;
        QList<Check> checks;
    };
    QList<Group> groups;
    QHash<QString, int> index;
    for (const RunResults &run : runs) {
        if (!run.vantage.hostname.isEmpty() && !hostnames.contains(run.vantage.hostname))
            hostnames << run.vantage.hostname;
        if (run.started.isValid() && (!out.started.isValid() || run.started < out.started))
            out.started = run.started;
        if (run.finished.isValid() && (!out.finished.isValid() || run.finished > out.finished))
            out.finished = run.finished;
        for (Check c : run.checks) {
            if (c.testedFrom.isEmpty() && c.state != CheckState::NotTested)
                c.testedFrom = run.vantage.hostname;
            const int a = authority(c, run);
            const QString key = keyOf(c);
            const auto it = index.constFind(key);
            if (it == index.cend()) {
                index.insert(key, int(groups.size()));
                groups.append({a, {c}});
                continue;
            }
            Group &g = groups[it.value()];
            if (a < g.authority)
                continue;
            if (a > g.authority) {
                g = {a, {c}};
                continue;
            }
            const auto same = std::find_if(g.checks.begin(), g.checks.end(),
                                           [&c](const Check &b) { return b.address == c.address; });
            if (same == g.checks.end())
                g.checks << c;
            else if (verdictSeverity(c.verdict) > verdictSeverity(same->verdict))
                *same = c;
        }
    }
    out.vantage.hostname = hostnames.join(QLatin1String(", "));
    for (const Group &g : std::as_const(groups)) {
        for (Check c : g.checks) {
            c.id = int(out.checks.size());
            out.checks << c;
        }
    }
    out.sources = runs;
    return out;
}
