#include "resultsprovenance.h"

#include "displaynames.h"
#include "topologytemplate.h"

namespace {
// The name labels the results; every other field changes what a run checks.
bool sameChecks(Profile a, const Profile &b)
{
    a.name = b.name;
    return a == b;
}
} // namespace

ResultsProvenance::ResultsProvenance(QObject *parent)
    : QObject(parent)
    , m_self(Vantage::current(Vantage::all))
{}

ResultsProvenance::~ResultsProvenance() = default;

void ResultsProvenance::setResults(const Profile &profile, bool ranHere)
{
    m_results = profile;
    m_hasResults = true;
    m_ranHere = ranHere;
    Q_EMIT changed();
}

void ResultsProvenance::clearResults()
{
    m_hasResults = false;
    Q_EMIT changed();
}

void ResultsProvenance::setCurrentProfile(const Profile &profile)
{
    if (profile == m_current)
        return;
    m_current = profile;
    Q_EMIT changed();
}

void ResultsProvenance::setSelf(const Vantage &self)
{
    m_self = self;
    Q_EMIT changed();
}

bool ResultsProvenance::isStale() const
{
    return m_hasResults && !sameChecks(m_results, m_current);
}

QString ResultsProvenance::roleWarning() const
{
    return roleWarning(m_current, m_self);
}

QString ResultsProvenance::note() const
{
    QStringList lines;
    if (isStale())
        lines << tr("These results were produced before the profile was changed (hosts, ports, options or "
                    "\"This machine is\"); they may not describe the profile as it is now.");
    if (m_hasResults && m_ranHere) {
        const QString role = roleWarning(m_results, m_self);
        if (!role.isEmpty())
            lines << role;
    }
    return lines.join(QLatin1Char(' '));
}

QString ResultsProvenance::roleWarning(const Profile &profile, const Vantage &self)
{
    if (profile.vantage.isEmpty() || profile.vantage == Vantage::all)
        return {};
    const QStringList hosts = profile.hosts.value(profile.vantage);
    if (hosts.isEmpty())
        return {};
    for (const QString &host : hosts) {
        if (self.isSelf(host))
            return {};
    }
    const QString role = DisplayNames::role(TopologyTemplate::builtin(profile.templateId), profile.vantage);
    const QString me = self.hostname.isEmpty() ? self.addressStrings().join(QStringLiteral(", ")) : self.hostname;
    return tr("\"This machine is\" says %1, but this machine (%2) is none of the %1 hosts listed (%3): "
              "the checks run from here, not from one of them.")
        .arg(role, me, hosts.join(QStringLiteral(", ")));
}
