#pragma once

#include "profile.h"
#include "rulesnippets.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPageSize>
#include <QString>

// The PDF a firewall team can act on (issue 6): summary and diagram, the rules to add, the exposed
// ports to close, TLS findings, every check by link, and the rules as commands. Painting needs a
// QApplication (the chart and the diagram are graphics scenes); the text exports do not.
class ChangeRequestReport
{
    Q_DECLARE_TR_FUNCTIONS(ChangeRequestReport)

public:
    struct Settings
    {
        QPageSize::PageSizeId pageSize = QPageSize::A4;
        QDateTime generated; // invalid: now
    };

    // Atomic: the file is either untouched or the whole report.
    static bool writePdf(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                         const QString &path, QString *error);
    static bool writePdf(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                         const QString &path, const Settings &settings, QString *error);

};
