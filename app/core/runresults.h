#pragma once

#include "check.h"
#include "fleettally.h"
#include "vantage.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>

// A whole run (format topocheck-results/1): who ran it, when, and every check.
class RunResults
{
    Q_DECLARE_TR_FUNCTIONS(RunResults)

public:
    static inline const QString formatId = QStringLiteral("topocheck-results/1");

    struct Summary
    {
        int pass = 0;
        int warn = 0;
        int fail = 0;
        int skipped = 0;
        int total() const { return pass + warn + fail + skipped; }
    };

    QString tool = QStringLiteral("topocheck ") + QStringLiteral(TOPOCHECK_VERSION);
    QString profileName;
    QString templateId;
    Vantage vantage;
    QDateTime started;
    QDateTime finished;
    QList<Check> checks;
    QList<RunResults> sources; // the runs a merged result was made of (empty for a single run)
    // Merged results only (issue 15): per (diagram link, vantage role), how many machines passed; and
    // how many checks of every machine the file keeps under "vantage_checks" (not held in memory:
    // see resultsfile.h).
    QList<FleetTally> fleet;
    qint64 vantageCheckCount = 0;

    Summary summary() const;
    bool hasFailure() const { return summary().fail > 0; }

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;
    static RunResults fromJson(const QByteArray &json, QStringList *errors);
    static RunResults fromJsonObject(const QJsonObject &root, QStringList *errors);
    // The "format" key: this format, or a clear error (a newer format is named as such).
    static bool checkFormat(const QJsonValue &format, QStringList *errors);
    QByteArray toCsv() const;
    // The CSV's parts, for a merge that writes its rows as a stream; a merged CSV ends with tested_from.
    static QStringList csvHeader(bool merged);
    static QByteArray csvRow(const Check &check, bool merged);
};
