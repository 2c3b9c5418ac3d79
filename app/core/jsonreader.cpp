#include "jsonreader.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

JsonReader::JsonReader(const QJsonObject &object, const QString &path, ValidationIssues *issues)
    : m_object(object)
    , m_path(path)
    , m_issues(issues)
{
}

QJsonObject JsonReader::parseObject(const QByteArray &json, ValidationIssues *issues)
{
    if (json.trimmed().isEmpty()) {
        issues->append({QString(), json.isEmpty() ? tr("the file is empty (0 bytes): expected a JSON object")
                                                  : tr("the file holds only white space: expected a JSON object")});
        return {};
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < error.offset && i < json.size(); ++i) {
            if (json.at(i) == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        issues->append({QString(), tr("not valid JSON: %1 at line %2, column %3").arg(error.errorString()).arg(line).arg(column)});
        return {};
    }
    if (!doc.isObject()) {
        issues->append({QString(), tr("expected a JSON object at the top level, found %1")
                                       .arg(doc.isArray() ? tr("an array") : tr("something else"))});
        return {};
    }
    return doc.object();
}

QString JsonReader::pathOf(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
}

void JsonReader::add(const QString &key, const QString &message)
{
    if (m_issues)
        m_issues->append({pathOf(key), message});
}

QString JsonReader::typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return tr("null");
    case QJsonValue::Bool: return tr("true/false");
    case QJsonValue::Double: return tr("a number");
    case QJsonValue::String: return tr("a string");
    case QJsonValue::Array: return tr("a list");
    case QJsonValue::Object: return tr("an object");
    case QJsonValue::Undefined: break;
    }
    return tr("nothing");
}

QString JsonReader::requiredString(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined()) {
        add(key, tr("missing (required)"));
        return {};
    }
    if (!v.isString()) {
        add(key, tr("expected a string, found %1").arg(typeName(v)));
        return {};
    }
    return v.toString();
}

QString JsonReader::optionalString(const QString &key, const QString &fallback)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString()) {
        add(key, tr("expected a string, found %1").arg(typeName(v)));
        return fallback;
    }
    return v.toString();
}

bool JsonReader::optionalBool(const QString &key, bool fallback)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool()) {
        add(key, tr("expected true or false, found %1").arg(typeName(v)));
        return fallback;
    }
    return v.toBool();
}

QJsonArray JsonReader::requiredArray(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined()) {
        add(key, tr("missing (required)"));
        return {};
    }
    if (!v.isArray()) {
        add(key, tr("expected a list, found %1").arg(typeName(v)));
        return {};
    }
    return v.toArray();
}

QJsonObject JsonReader::optionalObject(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject()) {
        add(key, tr("expected an object, found %1").arg(typeName(v)));
        return {};
    }
    return v.toObject();
}

QJsonObject JsonReader::requiredObject(const QString &key)
{
    if (!m_object.contains(key)) {
        add(key, tr("missing (required)"));
        return {};
    }
    return optionalObject(key);
}

int JsonReader::optionalInt(const QString &key, int fallback, int min, int max, const QString &unit)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isDouble()) {
        add(key, tr("expected a whole number, found %1").arg(typeName(v)));
        return fallback;
    }
    const double d = v.toDouble();
    if (std::floor(d) != d) {
        add(key, tr("%1 is not a whole number").arg(d));
        return fallback;
    }
    if (d < min || d > max) {
        const QString suffix = unit.isEmpty() ? QString() : QLatin1Char(' ') + unit;
        // 1e30 is a JSON number too: it is shown as written, never converted to an integer that cannot hold it
        const QString shown = std::abs(d) < 1e15 ? QString::number(qlonglong(d)) : QString::number(d, 'g', 6);
        add(key, tr("%1 is out of range (%2-%3%4)").arg(shown).arg(min).arg(max).arg(suffix));
        return fallback;
    }
    return int(d);
}
