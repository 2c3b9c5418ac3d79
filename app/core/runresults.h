#pragma once

#include "check.h"
#include "vantage.h"

#include <QCoreApplication>
#include <QDateTime>
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

    Summary summary() const;
    bool hasFailure() const { return summary().fail > 0; }

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;
    static RunResults fromJson(const QByteArray &json, QStringList *errors);
    QByteArray toCsv() const;
};
