#pragma once

#include "flow.h"

#include <QMetaType>
#include <QString>

// The vocabularies of topocheck-results/1 (CONTRACT.md); the strings are part of the contract.
enum class CheckState { NotTested, Open, Closed, Filtered, OpenFiltered, Unresolved, Error };
enum class ServiceStatus { Unchecked, Ok, Mismatch, Error };
enum class Verdict { Skipped, Pass, Warn, Fail };

QString stateName(CheckState state);
QString serviceName(ServiceStatus service);
QString verdictName(Verdict verdict);
CheckState stateFromName(const QString &name, bool *ok = nullptr);
ServiceStatus serviceFromName(const QString &name, bool *ok = nullptr);
Verdict verdictFromName(const QString &name, bool *ok = nullptr);

// How bad a verdict is, for "the worst of a link's checks": fail > warn > pass > skipped.
int verdictSeverity(Verdict verdict);
Verdict worseVerdict(Verdict a, Verdict b);

// CONTRACT.md's verdict rules. softFinding: a TLS chain this machine does not trust, a name
// mismatch, expiry within 30 days, or another finding that works today but needs attention.
Verdict decideVerdict(Expectation expect, CheckState state, ServiceStatus service, bool softFinding);

Q_DECLARE_METATYPE(CheckState)
Q_DECLARE_METATYPE(ServiceStatus)
Q_DECLARE_METATYPE(Verdict)
