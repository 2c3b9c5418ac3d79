#include "runresults.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString csvEscape(const QString &field)
{
    // Quote when needed; a leading =, +, - or @ would be a formula in a spreadsheet.
    QString f = field;
    if (!f.isEmpty() && QStringLiteral("=+-@").contains(f.front()) && !f.front().isDigit())
        f.prepend(QLatin1Char('\''));
    if (f.contains(QLatin1Char(',')) || f.contains(QLatin1Char('"')) || f.contains(QLatin1Char('\n'))
        || f.contains(QLatin1Char('\r')))
        return QLatin1Char('"') + QString(f).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
    return f;
}
} // namespace

RunResults::Summary RunResults::summary() const
{
    Summary s;
    for (const Check &c : checks) {
        switch (c.verdict) {
        case Verdict::Pass: ++s.pass; break;
        case Verdict::Warn: ++s.warn; break;
        case Verdict::Fail: ++s.fail; break;
        case Verdict::Skipped: ++s.skipped; break;
        }
    }
    return s;
}

QJsonObject RunResults::toJson() const
{
    const Summary s = summary();
    QJsonArray list;
    for (const Check &c : checks)
        list.append(c.toJson());
    QJsonObject root{{QStringLiteral("format"), formatId},
                     {QStringLiteral("tool"), tool},
                     {QStringLiteral("profile"), profileName},
                     {QStringLiteral("template"), templateId},
                     {QStringLiteral("vantage"),
                      QJsonObject{{QStringLiteral("role"), vantage.role},
                                  {QStringLiteral("hostname"), vantage.hostname},
                                  {QStringLiteral("addresses"), QJsonArray::fromStringList(vantage.addressStrings())}}},
                     {QStringLiteral("started"), isoUtc(started)},
                     {QStringLiteral("finished"), isoUtc(finished)},
                     {QStringLiteral("summary"),
                      QJsonObject{{QStringLiteral("pass"), s.pass},
                                  {QStringLiteral("warn"), s.warn},
                                  {QStringLiteral("fail"), s.fail},
                                  {QStringLiteral("skipped"), s.skipped}}},
                     {QStringLiteral("checks"), list}};
    if (!sources.isEmpty()) {
        QJsonArray merged;
        for (const RunResults &r : sources)
            merged.append(QJsonObject{{QStringLiteral("role"), r.vantage.role},
                                      {QStringLiteral("hostname"), r.vantage.hostname},
                                      {QStringLiteral("addresses"), QJsonArray::fromStringList(r.vantage.addressStrings())},
                                      {QStringLiteral("started"), isoUtc(r.started)},
                                      {QStringLiteral("finished"), isoUtc(r.finished)}});
        root.insert(QStringLiteral("merged_from"), merged);
    }
    return root;
}

QByteArray RunResults::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

RunResults RunResults::fromJson(const QByteArray &json, QStringList *errors)
{
    RunResults r;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        errors->append(tr("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
        return r;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != formatId) {
        errors->append(tr("format: expected \"%1\"").arg(formatId));
        return r;
    }
    r.tool = root.value(QStringLiteral("tool")).toString();
    r.profileName = root.value(QStringLiteral("profile")).toString();
    r.templateId = root.value(QStringLiteral("template")).toString();
    const QJsonObject v = root.value(QStringLiteral("vantage")).toObject();
    r.vantage.role = v.value(QStringLiteral("role")).toString();
    if (r.vantage.role.isEmpty())
        errors->append(tr("vantage.role: missing"));
    r.vantage.hostname = v.value(QStringLiteral("hostname")).toString();
    for (const QJsonValue &a : v.value(QStringLiteral("addresses")).toArray())
        r.vantage.addresses << QHostAddress(a.toString());
    r.started = QDateTime::fromString(root.value(QStringLiteral("started")).toString(), Qt::ISODate);
    r.finished = QDateTime::fromString(root.value(QStringLiteral("finished")).toString(), Qt::ISODate);
    const QJsonValue checks = root.value(QStringLiteral("checks"));
    if (!checks.isArray()) {
        errors->append(tr("checks: missing or not a list"));
        return r;
    }
    const QJsonArray list = checks.toArray();
    for (int i = 0; i < list.size(); ++i) {
        Check c = Check::fromJson(list.at(i).toObject(), QStringLiteral("checks[%1]").arg(i), errors);
        c.id = i;
        r.checks << c;
    }
    // The machines a merged result came from, so a report can name each flow's own source.
    for (const QJsonValue &m : root.value(QStringLiteral("merged_from")).toArray()) {
        const QJsonObject o = m.toObject();
        RunResults source;
        source.tool = r.tool;
        source.profileName = r.profileName;
        source.templateId = r.templateId;
        source.vantage.role = o.value(QStringLiteral("role")).toString();
        source.vantage.hostname = o.value(QStringLiteral("hostname")).toString();
        for (const QJsonValue &a : o.value(QStringLiteral("addresses")).toArray())
            source.vantage.addresses << QHostAddress(a.toString());
        source.started = QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODate);
        source.finished = QDateTime::fromString(o.value(QStringLiteral("finished")).toString(), Qt::ISODate);
        r.sources << source;
    }
    return r;
}

QByteArray RunResults::toCsv() const
{
    QString out = Check::csvHeader().join(QLatin1Char(',')) + QLatin1String("\r\n");
    for (const Check &c : checks) {
        QStringList fields = c.csvFields();
        for (QString &f : fields)
            f = csvEscape(f);
        out += fields.join(QLatin1Char(',')) + QLatin1String("\r\n");
    }
    return out.toUtf8();
}
