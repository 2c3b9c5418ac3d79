#pragma once

#include <QList>
#include <QString>

// One problem found in an input file: where (a JSON path such as "hosts.sql-server[0]") and what.
struct ValidationIssue
{
    QString path;
    QString message;

    QString toString() const { return path.isEmpty() ? message : path + QLatin1String(": ") + message; }
    friend bool operator==(const ValidationIssue &a, const ValidationIssue &b)
    {
        return a.path == b.path && a.message == b.message;
    }
};

using ValidationIssues = QList<ValidationIssue>;
