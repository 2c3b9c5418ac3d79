#pragma once

// Runs checks against the lab's real servers through the probe engine, as the application does (the
// engine on its own thread), and collects what came back by check id or by name. Needs
// topocheck_engine; labenvironment.h says whether the lab is up.

#include "labenvironment.h"
#include "probeenginethread.h"

#include <QHash>
#include <QSignalSpy>
#include <QTest>

#include <utility>

namespace LabHarness {

using LabEnvironment::caFile;
using LabEnvironment::missing;
using LabEnvironment::realm;

// Named checks: the name is what a data row calls the check.
using NamedChecks = QList<std::pair<QString, Check>>;

// One engine run of the checks (ids unique), every check in flight at once; what came back, by id,
// with the checks the run added (a name's further addresses). Records a failure of the current test
// when the run does not end within waitMs, or a check comes back from another run, unplanned (neither
// given nor added), twice or not at all.
inline QHash<int, Check> runChecks(const QList<Check> &checks, const ProfileOptions &options, int waitMs = 60000)
{
    const auto fail = [](const QString &why) { QTest::qFail(qPrintable(why), __FILE__, __LINE__); };
    QHash<int, Check> out;
    ProbeEngineThread engine;
    QSignalSpy added(&engine, &ProbeEngineThread::checksAdded);
    QSignalSpy finished(&engine, &ProbeEngineThread::checkFinished);
    QSignalSpy ended(&engine, &ProbeEngineThread::runFinished);
    const int runId = engine.run(checks, options);
    if (!ended.wait(waitMs)) {
        fail(QStringLiteral("the run did not end within %1 ms").arg(waitMs));
        return out;
    }
    QList<Check> planned = checks;
    for (const QList<QVariant> &args : std::as_const(added))
        if (args.at(0).toInt() == runId)
            planned << args.at(1).value<QList<Check>>();
    for (const QList<QVariant> &args : std::as_const(finished)) {
        const Check c = args.at(1).value<Check>();
        if (args.at(0).toInt() != runId)
            fail(QStringLiteral("check %1 came back from run %2, not %3").arg(c.id).arg(args.at(0).toInt()).arg(runId));
        else if (std::none_of(planned.cbegin(), planned.cend(), [&c](const Check &p) { return p.id == c.id; }))
            fail(QStringLiteral("check %1 came back but was not planned").arg(c.id));
        else if (out.contains(c.id))
            fail(QStringLiteral("check %1 came back twice").arg(c.id));
        else
            out.insert(c.id, c);
    }
    if (out.size() != planned.size())
        fail(QStringLiteral("%1 of %2 checks came back").arg(out.size()).arg(planned.size()));
    return out;
}

// The same for named checks (their ids are replaced by their positions); what came back, by name
// ("name@address" for the further addresses of a check's host).
inline QHash<QString, Check> runNamed(const NamedChecks &named, const ProfileOptions &options, int waitMs = 60000)
{
    QList<Check> checks;
    for (const auto &[name, check] : named) {
        checks << check;
        checks.last().id = int(checks.size()) - 1;
    }
    QHash<QString, Check> out;
    const QHash<int, Check> byId = runChecks(checks, options, waitMs);
    for (auto it = byId.cbegin(); it != byId.cend(); ++it) {
        if (it.key() < named.size()) {
            out.insert(named.at(it.key()).first, it.value());
            continue;
        }
        // a further address of a named check's host: "name@address"
        const Check &c = it.value();
        for (qsizetype i = 0; i < checks.size(); ++i)
            if (checks.at(i).flowId == c.flowId && checks.at(i).host == c.host && checks.at(i).port == c.port
                && checks.at(i).via == c.via)
                out.insert(named.at(i).first + QLatin1Char('@') + c.address, c);
    }
    return out;
}

} // namespace LabHarness
