#include "topologytemplate.h"

#include "jsonreader.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSet>

const Component *TopologyTemplate::component(const QString &id) const
{
    for (const Component &c : m_components)
        if (c.id == id)
            return &c;
    return nullptr;
}

const Flow *TopologyTemplate::flow(const QString &id) const
{
    for (const Flow &f : m_flows)
        if (f.id == id)
            return &f;
    return nullptr;
}

QStringList TopologyTemplate::roles() const
{
    QStringList roles;
    for (const Component &c : m_components) {
        if (c.id == ComponentId::localhost)
            continue;
        const bool isSource = std::any_of(m_flows.cbegin(), m_flows.cend(),
                                          [&](const Flow &f) { return f.from == c.id && !f.isExposureCheck(); });
        if (isSource || c.id != ComponentId::controlRoom)
            roles << c.id;
    }
    return roles;
}

QStringList TopologyTemplate::portKeys() const
{
    QStringList keys;
    for (const Flow &f : m_flows)
        if (!f.portKey.isEmpty() && !keys.contains(f.portKey))
            keys << f.portKey;
    return keys;
}

QJsonObject TopologyTemplate::toJson() const
{
    QJsonArray components;
    for (const Component &c : m_components) {
        components.append(QJsonObject{{QStringLiteral("id"), c.id},
                                      {QStringLiteral("label"), c.label},
                                      {QStringLiteral("owner"), c.isVendor() ? QStringLiteral("vendor") : QStringLiteral("customer")},
                                      {QStringLiteral("multiple"), c.multiple}});
    }
    QJsonArray flows;
    for (const Flow &f : m_flows) {
        QJsonObject o{{QStringLiteral("id"), f.id},
                      {QStringLiteral("from"), f.from},
                      {QStringLiteral("to"), f.to},
                      {QStringLiteral("transport"), transportName(f.transport)},
                      {QStringLiteral("ports"), f.ports.toString()},
                      {QStringLiteral("protocol"), f.protocol},
                      {QStringLiteral("purpose"), f.purpose},
                      {QStringLiteral("expect"), expectationName(f.expect)},
                      {QStringLiteral("required"), f.required}};
        if (!f.portKey.isEmpty())
            o.insert(QStringLiteral("port_key"), f.portKey);
        if (!f.reference.isEmpty())
            o.insert(QStringLiteral("reference"), f.reference);
        flows.append(o);
    }
    return QJsonObject{{QStringLiteral("format"), formatId},
                       {QStringLiteral("id"), m_id},
                       {QStringLiteral("title"), m_title},
                       {QStringLiteral("components"), components},
                       {QStringLiteral("flows"), flows}};
}

TopologyTemplate TopologyTemplate::fromJson(const QByteArray &json, ValidationIssues *issues)
{
    ValidationIssues found;
    TopologyTemplate t;
    const QJsonObject root = JsonReader::parseObject(json, &found);
    if (!found.isEmpty()) {
        if (issues)
            *issues = found;
        return {};
    }
    JsonReader r(root, QString(), &found);
    const QString format = r.requiredString(QStringLiteral("format"));
    if (!format.isNull() && format != formatId)
        found << ValidationIssue{QStringLiteral("format"),
                                 tr("\"%1\" is not a template format (expected \"%2\")").arg(format, formatId)};
    t.m_id = r.requiredString(QStringLiteral("id"));
    t.m_title = r.optionalString(QStringLiteral("title"), t.m_id);

    QSet<QString> componentIds;
    const QJsonArray components = r.requiredArray(QStringLiteral("components"));
    for (int i = 0; i < components.size(); ++i) {
        const QString path = QStringLiteral("components[%1]").arg(i);
        if (!components.at(i).isObject()) {
            found << ValidationIssue{path, tr("expected an object")};
            continue;
        }
        JsonReader cr(components.at(i).toObject(), path, &found);
        Component c;
        c.id = cr.requiredString(QStringLiteral("id"));
        c.label = cr.optionalString(QStringLiteral("label"), c.id);
        const QString owner = cr.optionalString(QStringLiteral("owner"), QStringLiteral("customer"));
        if (owner == QLatin1String("vendor"))
            c.owner = Component::Owner::Vendor;
        else if (owner != QLatin1String("customer"))
            found << ValidationIssue{path + QStringLiteral(".owner"),
                                     tr("\"%1\" is not an owner (vendor or customer)").arg(owner)};
        c.multiple = cr.optionalBool(QStringLiteral("multiple"), false);
        if (c.id.isNull())
            continue;
        if (!Component::isKnownId(c.id))
            found << ValidationIssue{path + QStringLiteral(".id"), tr("\"%1\" is not a component id").arg(c.id)};
        else if (componentIds.contains(c.id))
            found << ValidationIssue{path + QStringLiteral(".id"), tr("\"%1\" is listed twice").arg(c.id)};
        componentIds.insert(c.id);
        t.m_components << c;
    }

    QSet<QString> flowIds;
    const QJsonArray flows = r.requiredArray(QStringLiteral("flows"));
    for (int i = 0; i < flows.size(); ++i) {
        const QString path = QStringLiteral("flows[%1]").arg(i);
        if (!flows.at(i).isObject()) {
            found << ValidationIssue{path, tr("expected an object")};
            continue;
        }
        JsonReader fr(flows.at(i).toObject(), path, &found);
        Flow f;
        f.id = fr.requiredString(QStringLiteral("id"));
        f.from = fr.requiredString(QStringLiteral("from"));
        f.to = fr.requiredString(QStringLiteral("to"));
        for (const auto &[key, value] : {std::pair{QStringLiteral("from"), f.from}, std::pair{QStringLiteral("to"), f.to}}) {
            if (!value.isNull() && !componentIds.contains(value))
                found << ValidationIssue{path + QLatin1Char('.') + key,
                                         tr("\"%1\" is not a component of this template").arg(value)};
        }
        const QString transport = fr.requiredString(QStringLiteral("transport"));
        if (transport == QLatin1String("udp"))
            f.transport = Transport::Udp;
        else if (!transport.isNull() && transport != QLatin1String("tcp"))
            found << ValidationIssue{path + QStringLiteral(".transport"),
                                     tr("\"%1\" is not a transport (tcp or udp)").arg(transport)};
        const QString ports = fr.requiredString(QStringLiteral("ports"));
        if (!ports.isNull()) {
            QString error;
            f.ports = PortRange::parse(ports, &error);
            if (!f.ports.isValid())
                found << ValidationIssue{path + QStringLiteral(".ports"), error};
        }
        f.portKey = fr.optionalString(QStringLiteral("port_key"), QString());
        f.protocol = fr.optionalString(QStringLiteral("protocol"), QStringLiteral("tcp"));
        if (!Flow::knownProtocols().contains(f.protocol))
            found << ValidationIssue{path + QStringLiteral(".protocol"),
                                     tr("\"%1\" is not a protocol Topocheck can check").arg(f.protocol)};
        f.purpose = fr.optionalString(QStringLiteral("purpose"), QString());
        const QString expect = fr.optionalString(QStringLiteral("expect"), QStringLiteral("open"));
        bool known = false;
        f.expect = expectationFromName(expect, &known);
        if (!known)
            found << ValidationIssue{path + QStringLiteral(".expect"),
                                     tr("\"%1\" is not an expectation (open, reachable or closed)").arg(expect)};
        f.required = fr.optionalBool(QStringLiteral("required"), true);
        f.reference = fr.optionalString(QStringLiteral("reference"), QString());
        if (!f.id.isNull() && flowIds.contains(f.id))
            found << ValidationIssue{path + QStringLiteral(".id"), tr("\"%1\" is listed twice").arg(f.id)};
        flowIds.insert(f.id);
        t.m_flows << f;
    }
    if (issues)
        *issues = found;
    return found.isEmpty() ? t : TopologyTemplate();
}

QStringList TopologyTemplate::builtinIds()
{
    return {QStringLiteral("automation360"), QStringLiteral("automation360-azure"), QStringLiteral("automation360-gcp")};
}

QByteArray TopologyTemplate::builtinSource(const QString &id)
{
    if (!isBuiltin(id))
        return {};
    QFile file(QStringLiteral(":/templates/") + id + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

TopologyTemplate TopologyTemplate::builtin(const QString &id, ValidationIssues *issues)
{
    // Parsed once per process: templates are immutable resources.
    static QHash<QString, TopologyTemplate> cache;
    static QHash<QString, ValidationIssues> cacheIssues;
    static QMutex mutex;
    const QMutexLocker locker(&mutex);
    if (!cache.contains(id)) {
        ValidationIssues found;
        TopologyTemplate t;
        if (!isBuiltin(id))
            found << ValidationIssue{QStringLiteral("template"),
                                     tr("\"%1\" is not a built-in template (%2)").arg(id, builtinIds().join(QLatin1String(", ")))};
        else
            t = fromJson(builtinSource(id), &found);
        cache.insert(id, t);
        cacheIssues.insert(id, found);
    }
    if (issues)
        *issues = cacheIssues.value(id);
    return cache.value(id);
}
