#pragma once

#include "runresults.h"

#include <QHash>
#include <QList>

// --merge: the results of several machines joined into one document. For each (flow, host, port,
// via) the checks of a machine whose vantage is the flow's source win (one per address the name
// resolved to); for exposure checks (expect
// closed) every outside machine is a source and the worst verdict wins; a run with vantage "all"
// stands in when no machine of the right role tested the flow. The inputs are kept in `sources`.
//
// The streaming merge (--merge of a thousand machines) adds the runs one at a time: only the winners
// and the runs' headers stay in memory.
class ResultMerge
{
public:
    static inline const QString mergedRole = QStringLiteral("merged");

    static RunResults merge(const QList<RunResults> &runs);

    // One more run, in input order; its checks are read, its header is kept (without the checks).
    void add(const RunResults &run);
    // The merged results so far: the winners, numbered, and every run added as a source.
    RunResults result() const;
    // The merge rule: does this machine's check decide its flow? (the flow's own source; for an exposure
    // check, a machine outside the cluster)
    static bool decides(const Check &check, const RunResults &run);

private:
    // Per (flow, host, port, via): the checks of the highest authority, one per address.
    struct Group
    {
        int authority = -1;
        QList<Check> checks;
    };
    RunResults m_out;
    QStringList m_hostnames;
    QList<Group> m_groups;
    QHash<QString, int> m_index;
    QList<int> m_groupAt; // per position of a check in a run: the group of the last check seen there
    bool m_first = true;
};
