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
    if (!fleet.isEmpty()) {
        QJsonArray tallies;
        for (const FleetTally &t : fleet)
            tallies.append(t.toJson());
        root.insert(QStringLiteral("fleet"), tallies);
    }
    return root;
}

QByteArray RunResults::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

bool RunResults::checkFormat(const QJsonValue &format, QStringList *errors)
{
    const QString id = format.toString();
    if (id == formatId)
        return true;
    if (!errors)
        return false;
    // "topocheck-results/2" and later: written by a newer Topocheck, which this one cannot read faithfully
    static const QLatin1String family("topocheck-results/");
    bool numbered = false;
    const int version = id.startsWith(family) ? QStringView(id).mid(family.size()).toInt(&numbered) : 0;
    if (numbered && version > 1)
        errors->append(tr("format: \"%1\" is a newer format than this Topocheck reads (\"%2\"); open it with a newer "
                          "Topocheck").arg(id, formatId));
    else
        errors->append(tr("format: expected \"%1\"").arg(formatId));
    return false;
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
    return fromJsonObject(doc.object(), errors);
}

RunResults RunResults::fromJsonObject(const QJsonObject &root, QStringList *errors)
{
    RunResults r;
    if (!checkFormat(root.value(QStringLiteral("format")), errors))
        return r;
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
    const QJsonValue fleet = root.value(QStringLiteral("fleet"));
    if (!fleet.isUndefined() && !fleet.isArray())
        errors->append(tr("fleet: not a list"));
    const QJsonArray tallies = fleet.toArray();
    for (int i = 0; i < tallies.size(); ++i)
        r.fleet << FleetTally::fromJson(tallies.at(i).toObject(), QStringLiteral("fleet[%1]").arg(i), errors);
    const QJsonValue vantageChecks = root.value(QStringLiteral("vantage_checks"));
    if (!vantageChecks.isUndefined() && !vantageChecks.isArray())
        errors->append(tr("vantage_checks: not a list"));
    r.vantageCheckCount = vantageChecks.toArray().size();
    return r;
}

QStringList RunResults::csvHeader(bool merged)
{
    QStringList header = Check::csvHeader();
    if (merged)
        header << QStringLiteral("tested_from");
    return header;
}

QByteArray RunResults::csvRow(const Check &check, bool merged)
{
    QStringList fields = check.csvFields();
    if (merged)
        fields << check.testedFrom;
    for (QString &f : fields)
        f = csvEscape(f);
    return (fields.join(QLatin1Char(',')) + QLatin1String("\r\n")).toUtf8();
}

QByteArray RunResults::toCsv() const
{
    // a merged result names the machine of each row (CONTRACT.md allows adding columns at the end)
    const bool merged = !sources.isEmpty();
    QByteArray out = (csvHeader(merged).join(QLatin1Char(',')) + QLatin1String("\r\n")).toUtf8();
    for (const Check &c : checks)
        out += csvRow(c, merged);
    return out;
}
