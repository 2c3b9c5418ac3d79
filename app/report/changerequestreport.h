#pragma once

#include "profile.h"
#include "rulesnippets.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QCoreApplication>
#include <QDate>
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
        // Non-empty: the results are out of date or from another profile state; page 1 says so with this text.
        QString staleNote;
    };

    // Atomic: the file is either untouched or the whole report.
    static bool writePdf(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                         const QString &path, QString *error);
    static bool writePdf(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                         const QString &path, const Settings &settings, QString *error);
    // "Contoso production - firewall change request 2026-12-02.pdf"
    static QString defaultFileName(const QString &profileName, const QDate &date);

};
