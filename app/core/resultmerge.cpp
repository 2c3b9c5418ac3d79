#include "resultmerge.h"

#include <QStringList>

#include <algorithm>

namespace {
QString keyOf(const Check &c)
{
    return c.flowId + QLatin1Char('\x1f') + c.host + QLatin1Char('\x1f') + QString::number(c.port)
        + QLatin1Char('\x1f') + c.via + QLatin1Char('\x1f') + c.portRange;
}

// keyOf(a) == keyOf(b), field by field
bool sameKey(const Check &a, const Check &b)
{
    return a.port == b.port && a.flowId == b.flowId && a.host == b.host && a.via == b.via && a.portRange == b.portRange;
}

constexpr int ownSource = 3;

// Higher wins: a tested check from the flow's own source, then one from a run playing every role.
int authority(const Check &c, const QString &role)
{
    if (c.state == CheckState::NotTested)
        return 0;
    if (c.expect == Expectation::Closed)
        return role != QLatin1String("control-room") ? ownSource : 1;
    if (role == c.from)
        return ownSource;
    if (role == Vantage::all)
        return 2;
    return 1;
}

// The role of the machine that ran a check: in a merged file merged again, the source it names.
QString roleOf(const Check &c, const RunResults &run, const QHash<QString, QString> &sourceRoles)
{
    return sourceRoles.isEmpty() ? run.vantage.role : sourceRoles.value(c.testedFrom, run.vantage.role);
}

QHash<QString, QString> sourceRolesOf(const RunResults &run)
{
    QHash<QString, QString> roles;
    for (const RunResults &source : run.sources)
        roles.insert(source.vantage.hostname, source.vantage.role);
    return roles;
}
} // namespace

bool ResultMerge::decides(const Check &check, const RunResults &run)
{
    return authority(check, run.vantage.role) == ownSource;
}

void ResultMerge::add(const RunResults &run)
{
    if (m_first) {
        m_out.profileName = run.profileName;
        m_out.templateId = run.templateId;
        m_out.vantage.role = mergedRole;
        m_first = false;
    }
    if (!run.vantage.hostname.isEmpty() && !m_hostnames.contains(run.vantage.hostname))
        m_hostnames << run.vantage.hostname;
    if (run.started.isValid() && (!m_out.started.isValid() || run.started < m_out.started))
        m_out.started = run.started;
    if (run.finished.isValid() && (!m_out.finished.isValid() || run.finished > m_out.finished))
        m_out.finished = run.finished;
    // Of two checks with the same authority and address, the worse verdict, so that a failure seen
    // anywhere is not hidden; a winner names the machine that ran it
    const auto stamped = [&run](const Check &check) {
        Check c = check;
        if (c.testedFrom.isEmpty() && c.state != CheckState::NotTested)
            c.testedFrom = run.vantage.hostname;
        return c;
    };
    const QHash<QString, QString> sourceRoles = sourceRolesOf(run);
    // The machines of a fleet run one plan: check i of this run is most often in the group of check i
    // of the previous one, found by comparing its key's fields instead of spelling and hashing the key.
    if (m_groupAt.size() < run.checks.size())
        m_groupAt.resize(run.checks.size(), -1);
    for (qsizetype i = 0; i < run.checks.size(); ++i) {
        const Check &check = run.checks.at(i);
        const int a = authority(check, roleOf(check, run, sourceRoles));
        int at = m_groupAt.at(i);
        if (at < 0 || !sameKey(m_groups.at(at).checks.constFirst(), check)) {
            const QString key = keyOf(check);
            const auto it = m_index.constFind(key);
            if (it == m_index.cend()) {
                m_groupAt[i] = int(m_groups.size());
                m_index.insert(key, int(m_groups.size()));
                m_groups.append({a, {stamped(check)}});
                continue;
            }
            at = it.value();
            m_groupAt[i] = at;
        }
        Group &g = m_groups[at];
        if (a < g.authority)
            continue;
        if (a > g.authority) {
            g = {a, {stamped(check)}};
            continue;
        }
        const auto same = std::find_if(g.checks.begin(), g.checks.end(),
                                       [&check](const Check &b) { return b.address == check.address; });
        if (same == g.checks.end())
            g.checks << stamped(check);
        else if (verdictSeverity(check.verdict) > verdictSeverity(same->verdict))
            *same = stamped(check);
    }
    RunResults header = run;
    header.checks.clear();
    header.fleet.clear();
    m_out.sources << header;
}

RunResults ResultMerge::result() const
{
    RunResults out = m_out;
    out.vantage.hostname = m_hostnames.join(QLatin1String(", "));
    for (const Group &g : std::as_const(m_groups)) {
        for (Check c : g.checks) {
            c.id = int(out.checks.size());
            out.checks << c;
        }
    }
    return out;
}

RunResults ResultMerge::merge(const QList<RunResults> &runs)
{
    ResultMerge m;
    for (const RunResults &run : runs)
        m.add(run);
    RunResults out = m.result();
    out.sources = runs;
    return out;
}
