#pragma once

#include "validationissue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Reads typed values out of one JSON object and records every problem with its JSON path,
// so that a file's problems are all reported at once.
class JsonReader
{
    Q_DECLARE_TR_FUNCTIONS(JsonReader)

public:
    JsonReader(const QJsonObject &object, const QString &path, ValidationIssues *issues);

    // Parses a whole document that must be an object; syntax errors name the line and column.
    static QJsonObject parseObject(const QByteArray &json, ValidationIssues *issues);

    QString pathOf(const QString &key) const;
    bool has(const QString &key) const { return m_object.contains(key); }

    QString requiredString(const QString &key);
    QString optionalString(const QString &key, const QString &fallback);
    bool optionalBool(const QString &key, bool fallback);
    QJsonArray requiredArray(const QString &key);
    QJsonObject optionalObject(const QString &key);
    QJsonObject requiredObject(const QString &key);
    // An integer within [min, max]; a missing key gives fallback, a bad value records an issue.
    int optionalInt(const QString &key, int fallback, int min, int max, const QString &unit = QString());

    static QString typeName(const QJsonValue &value);

private:
    void add(const QString &key, const QString &message);

    QJsonObject m_object;
    QString m_path;
    ValidationIssues *m_issues;
};
