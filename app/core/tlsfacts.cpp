#include "tlsfacts.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace {
const QString versionKey = QStringLiteral("version");
const QString cipherKey = QStringLiteral("cipher");
const QString subjectKey = QStringLiteral("subject");
const QString sansKey = QStringLiteral("sans");
const QString issuerKey = QStringLiteral("issuer");
const QString notAfterKey = QStringLiteral("not_after");
const QString daysLeftKey = QStringLiteral("days_left");
const QString trustedKey = QStringLiteral("trusted");
const QString nameOkKey = QStringLiteral("name_ok");
const QString errorsKey = QStringLiteral("errors");

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array) {
        if (v.isString())
            out << v.toString();
    }
    return out;
}
} // namespace

bool TlsFacts::oldProtocol() const
{
    // "TLS 1.1", "TLSv1.0", "SSLv3": older than the TLS 1.2 the Control Room requires
    if (version.isEmpty())
        return false;
    if (version.startsWith(QLatin1String("SSL"), Qt::CaseInsensitive))
        return true;
    static const QRegularExpression number(QStringLiteral("(\\d+)(?:\\.(\\d+))?"));
    const QRegularExpressionMatch m = number.match(version);
    if (!m.hasMatch())
        return false;
    const int major = m.captured(1).toInt();
    const int minor = m.captured(2).isEmpty() ? 0 : m.captured(2).toInt();
    return major < 1 || (major == 1 && minor < 2);
}

QJsonObject TlsFacts::toJson() const
{
    QJsonObject o = extra;
    if (!version.isEmpty())
        o.insert(versionKey, version);
    if (!cipher.isEmpty() || !version.isEmpty())
        o.insert(cipherKey, cipher);
    if (!subject.isEmpty() || !version.isEmpty())
        o.insert(subjectKey, subject);
    if (!sans.isEmpty() || !version.isEmpty())
        o.insert(sansKey, QJsonArray::fromStringList(sans));
    if (!issuer.isEmpty() || !version.isEmpty())
        o.insert(issuerKey, issuer);
    if (notAfter.isValid())
        o.insert(notAfterKey, notAfter.toUTC().toString(Qt::ISODate));
    if (daysLeft)
        o.insert(daysLeftKey, double(*daysLeft));
    if (trusted)
        o.insert(trustedKey, *trusted);
    if (nameOk)
        o.insert(nameOkKey, *nameOk);
    if (!errors.isEmpty() || !version.isEmpty())
        o.insert(errorsKey, QJsonArray::fromStringList(errors));
    return o;
}

TlsFacts TlsFacts::fromJson(const QJsonObject &object)
{
    TlsFacts t;
    t.extra = object;
    for (const QString &key : {versionKey, cipherKey, subjectKey, sansKey, issuerKey, notAfterKey, daysLeftKey,
                               trustedKey, nameOkKey, errorsKey})
        t.extra.remove(key);
    // An older writer named the version "protocol": read it, keep writing "version".
    t.version = object.value(versionKey).toString(object.value(QStringLiteral("protocol")).toString());
    t.extra.remove(QStringLiteral("protocol"));
    t.cipher = object.value(cipherKey).toString();
    t.subject = object.value(subjectKey).toString();
    t.sans = strings(object.value(sansKey));
    t.issuer = object.value(issuerKey).toString();
    t.notAfter = QDateTime::fromString(object.value(notAfterKey).toString(), Qt::ISODate);
    if (object.value(daysLeftKey).isDouble())
        t.daysLeft = object.value(daysLeftKey).toInt();
    if (object.value(trustedKey).isBool())
        t.trusted = object.value(trustedKey).toBool();
    if (object.value(nameOkKey).isBool())
        t.nameOk = object.value(nameOkKey).toBool();
    t.errors = strings(object.value(errorsKey));
    return t;
}
