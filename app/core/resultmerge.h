#pragma once

#include "runresults.h"

#include <QList>

// --merge: the results of several machines joined into one document. For each (flow, host, port,
// via) the checks of a machine whose vantage is the flow's source win (one per address the name
// resolved to); for exposure checks (expect
// closed) every outside machine is a source and the worst verdict wins; a run with vantage "all"
// stands in when no machine of the right role tested the flow. The inputs are kept in `sources`.
class ResultMerge
{
public:
    static inline const QString mergedRole = QStringLiteral("merged");

    static RunResults merge(const QList<RunResults> &runs);
};
