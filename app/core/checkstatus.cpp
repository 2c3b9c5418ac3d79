#include "checkstatus.h"

#include <array>
#include <utility>

namespace {
const std::array<std::pair<CheckState, const char *>, 7> stateNames{{
    {CheckState::NotTested, "not-tested"},
    {CheckState::Open, "open"},
    {CheckState::Closed, "closed"},
    {CheckState::Filtered, "filtered"},
    {CheckState::OpenFiltered, "open|filtered"},
    {CheckState::Unresolved, "unresolved"},
    {CheckState::Error, "error"},
}};
const std::array<std::pair<ServiceStatus, const char *>, 4> serviceNames{{
    {ServiceStatus::Unchecked, "unchecked"},
    {ServiceStatus::Ok, "ok"},
    {ServiceStatus::Mismatch, "mismatch"},
    {ServiceStatus::Error, "error"},
}};
const std::array<std::pair<Verdict, const char *>, 4> verdictNames{{
    {Verdict::Skipped, "skipped"},
    {Verdict::Pass, "pass"},
    {Verdict::Warn, "warn"},
    {Verdict::Fail, "fail"},
}};

template<typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char *>, N> &names, E value)
{
    for (const auto &[v, n] : names)
        if (v == value)
            return QString::fromLatin1(n);
    return {};
}

template<typename E, std::size_t N>
E valueOf(const std::array<std::pair<E, const char *>, N> &names, const QString &name, bool *ok)
{
    for (const auto &[v, n] : names) {
        if (name == QLatin1String(n)) {
            if (ok)
                *ok = true;
            return v;
        }
    }
    if (ok)
        *ok = false;
    return names.front().first;
}
} // namespace

QString stateName(CheckState state) { return nameOf(stateNames, state); }
QString serviceName(ServiceStatus service) { return nameOf(serviceNames, service); }
QString verdictName(Verdict verdict) { return nameOf(verdictNames, verdict); }
CheckState stateFromName(const QString &name, bool *ok) { return valueOf(stateNames, name, ok); }
ServiceStatus serviceFromName(const QString &name, bool *ok) { return valueOf(serviceNames, name, ok); }
Verdict verdictFromName(const QString &name, bool *ok) { return valueOf(verdictNames, name, ok); }

int verdictSeverity(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Skipped: return 0;
    case Verdict::Pass: return 1;
    case Verdict::Warn: return 2;
    case Verdict::Fail: return 3;
    }
    return 0;
}

Verdict worseVerdict(Verdict a, Verdict b)
{
    return verdictSeverity(a) >= verdictSeverity(b) ? a : b;
}

Verdict decideVerdict(Expectation expect, CheckState state, ServiceStatus service, bool softFinding)
{
    if (state == CheckState::NotTested)
        return Verdict::Skipped;
    if (expect == Expectation::Closed) {
        switch (state) {
        case CheckState::Closed:
        case CheckState::Filtered:
            return Verdict::Pass;
        case CheckState::Open:
            return Verdict::Fail;
        default:
            // open|filtered, unresolved, error: exposure could not be ruled out
            return Verdict::Warn;
        }
    }
    if (state == CheckState::OpenFiltered)
        return Verdict::Warn;
    // Reachable (port ranges, of which a running product listens on a few): what is asked is the
    // path, which a refusal by the destination proves as much as an answer; what answered on a port
    // of the range is recorded (service, detail) but decides nothing.
    if (expect == Expectation::Reachable)
        return state == CheckState::Open || state == CheckState::Closed ? Verdict::Pass : Verdict::Fail;
    if (state != CheckState::Open)
        return Verdict::Fail;
    if (service == ServiceStatus::Ok || service == ServiceStatus::Unchecked)
        return softFinding ? Verdict::Warn : Verdict::Pass;
    return Verdict::Fail;
}
