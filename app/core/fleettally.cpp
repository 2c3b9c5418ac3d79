#include "fleettally.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <limits>

namespace {
// Keeps the alphabetically first `FleetTally::namesKept` names: the counts stay whole, the list short.
void keepName(QStringList *names, const QString &name)
{
    const auto at = std::lower_bound(names->begin(), names->end(), name);
    if (at != names->end() && *at == name)
        return;
    if (names->size() >= FleetTally::namesKept && at == names->end())
        return;
    names->insert(at, name);
    if (names->size() > FleetTally::namesKept)
        names->removeLast();
}

QString namesOf(const QStringList &names, int total, int shown)
{
    const QStringList first = names.mid(0, std::max(0, shown));
    QString text = first.join(QLatin1String(", "));
    const int more = total - int(first.size());
    if (more > 0)
        text = first.isEmpty() ? FleetTally::tr("%n machine(s)", nullptr, more)
                               : FleetTally::tr("%1 and %n more", nullptr, more).arg(text);
    return text;
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}
} // namespace

QString FleetTally::sentence(int namesShown) const
{
    QString text = tr("%1 of %n machine(s) pass", nullptr, machines).arg(pass);
    if (fail > 0)
        text += QLatin1String("; ") + tr("%n fail: %1", nullptr, fail).arg(namesOf(failing, fail, namesShown));
    if (warn > 0)
        text += QLatin1String("; ") + tr("%n warn: %1", nullptr, warn).arg(namesOf(warning, warn, namesShown));
    return text;
}

QJsonObject FleetTally::toJson() const
{
    return QJsonObject{{QStringLiteral("link"), linkId},
                       {QStringLiteral("role"), role},
                       {QStringLiteral("decides"), decides},
                       {QStringLiteral("machines"), machines},
                       {QStringLiteral("pass"), pass},
                       {QStringLiteral("warn"), warn},
                       {QStringLiteral("fail"), fail},
                       {QStringLiteral("failing"), QJsonArray::fromStringList(failing)},
                       {QStringLiteral("warning"), QJsonArray::fromStringList(warning)},
                       {QStringLiteral("checks"), double(checks)}};
}

FleetTally FleetTally::fromJson(const QJsonObject &o, const QString &path, QStringList *errors)
{
    FleetTally t;
    const auto text = [&](const char *key) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isString() || v.toString().isEmpty())
            errors->append(path + QLatin1Char('.') + QLatin1String(key) + QLatin1String(": ") + tr("missing or not a string"));
        return v.toString();
    };
    const auto count = [&](const char *key) -> qint64 {
        const QJsonValue v = o.value(QLatin1String(key));
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > 9.0e15 || qint64(d) != d) {
            errors->append(path + QLatin1Char('.') + QLatin1String(key) + QLatin1String(": ")
                           + tr("missing or not a whole number of zero or more"));
            return 0;
        }
        return qint64(d);
    };
    t.linkId = text("link");
    t.role = text("role");
    t.decides = o.value(QStringLiteral("decides")).toBool();
    const auto machinesCount = [&](const char *key) {
        const qint64 n = count(key);
        if (n > std::numeric_limits<int>::max()) {
            errors->append(path + QLatin1Char('.') + QLatin1String(key) + QLatin1String(": ") + tr("too large"));
            return 0;
        }
        return int(n);
    };
    t.machines = machinesCount("machines");
    t.pass = machinesCount("pass");
    t.warn = machinesCount("warn");
    t.fail = machinesCount("fail");
    t.checks = count("checks");
    if (qint64(t.pass) + t.warn + t.fail > t.machines)
        errors->append(path + QStringLiteral(".machines: ") + tr("fewer than pass, warn and fail together"));
    t.failing = stringsOf(o.value(QStringLiteral("failing"))).mid(0, namesKept);
    t.warning = stringsOf(o.value(QStringLiteral("warning"))).mid(0, namesKept);
    return t;
}

void FleetTallyBuilder::beginMachine(const QString &hostname, const QString &role)
{
    m_hostname = hostname;
    m_role = role;
    m_machine.clear();
}

void FleetTallyBuilder::add(const Check &check, bool decides)
{
    if (check.state == CheckState::NotTested)
        return;
    Seen &seen = m_machine[check.linkId()];
    if (seen.checks == 0 || verdictSeverity(check.verdict) > verdictSeverity(seen.worst))
        seen.worst = check.verdict;
    ++seen.checks;
    seen.decides = seen.decides || decides;
}

void FleetTallyBuilder::endMachine()
{
    for (auto it = m_machine.cbegin(); it != m_machine.cend(); ++it) {
        const QString key = it.key() + QLatin1Char('\x1f') + m_role;
        auto t = m_tallies.find(key);
        if (t == m_tallies.end()) {
            t = m_tallies.insert(key, FleetTally{});
            t->linkId = it.key();
            t->role = m_role;
        }
        const Seen &seen = it.value();
        t->decides = t->decides || seen.decides;
        ++t->machines;
        t->checks += seen.checks;
        switch (seen.worst) {
        case Verdict::Pass: ++t->pass; break;
        case Verdict::Warn:
            ++t->warn;
            keepName(&t->warning, m_hostname);
            break;
        case Verdict::Fail:
            ++t->fail;
            keepName(&t->failing, m_hostname);
            break;
        case Verdict::Skipped: break;
        }
    }
    m_machine.clear();
}

void FleetTallyBuilder::add(const FleetTally &tally)
{
    const QString key = tally.linkId + QLatin1Char('\x1f') + tally.role;
    auto t = m_tallies.find(key);
    if (t == m_tallies.end()) {
        t = m_tallies.insert(key, FleetTally{});
        t->linkId = tally.linkId;
        t->role = tally.role;
    }
    t->decides = t->decides || tally.decides;
    t->machines += tally.machines;
    t->pass += tally.pass;
    t->warn += tally.warn;
    t->fail += tally.fail;
    t->checks += tally.checks;
    for (const QString &name : tally.failing)
        keepName(&t->failing, name);
    for (const QString &name : tally.warning)
        keepName(&t->warning, name);
}

QList<FleetTally> FleetTallyBuilder::tallies() const
{
    QList<FleetTally> out = m_tallies.values();
    std::sort(out.begin(), out.end(), [](const FleetTally &a, const FleetTally &b) {
        if (a.linkId != b.linkId)
            return a.linkId < b.linkId;
        if (a.decides != b.decides)
            return a.decides;
        return a.role < b.role;
    });
    return out;
}
