#include "profile.h"

#include "component.h"
#include "hostsyntax.h"
#include "jsonreader.h"
#include "topologytemplate.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace {
const QStringList knownKeys{QStringLiteral("format"), QStringLiteral("name"),  QStringLiteral("template"),
                            QStringLiteral("vantage"), QStringLiteral("hosts"), QStringLiteral("ports"),
                            QStringLiteral("options")};
const QStringList knownOptions{QStringLiteral("timeout_ms"),     QStringLiteral("concurrency"),
                               QStringLiteral("kerberos_realm"), QStringLiteral("websocket_path"),
                               QStringLiteral("ca_file"),        QStringLiteral("proxy")};

// A JSON number as the user wrote it, also when it is far outside any int (1e30).
QString numberText(double d)
{
    return std::abs(d) < 1e15 ? QString::number(qlonglong(d)) : QString::number(d, 'g', 6);
}

QString proxyProblem(const QString &proxy)
{
    // QUrl refuses a port outside 0-65535 as a whole URL: name the port itself
    static const QRegularExpression portPart(QStringLiteral("^http://[^/@]*:(-?[0-9]+)/?$"));
    const QRegularExpressionMatch port = portPart.match(proxy);
    if (port.hasMatch()) {
        const qlonglong number = port.captured(1).toLongLong();
        if (number < 1 || number > 65535 || port.captured(1).size() > 5)
            return Profile::tr("%1 is not a port (1-65535)").arg(port.captured(1));
    }
    const QUrl url(proxy, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty())
        return Profile::tr("\"%1\" is not an HTTP proxy URL (expected http://host:port)").arg(proxy);
    if (!url.userName().isEmpty() || !url.password().isEmpty())
        return Profile::tr("credentials do not belong in the proxy URL: Topocheck never sends credentials");
    if (url.port() == 0)
        return Profile::tr("%1 is not a port (1-65535)").arg(url.port());
    return {};
}

QString realmProblem(const QString &realm)
{
    for (const QChar c : realm) {
        if (c.isSpace())
            return Profile::tr("\"%1\" is not a Kerberos realm (spaces are not allowed)").arg(realm);
        if (c == QLatin1Char('@') || c == QLatin1Char('/'))
            return Profile::tr("\"%1\" is not a Kerberos realm ('%2' is not allowed)").arg(realm, c);
    }
    return {};
}

void validateInto(const Profile &p, ValidationIssues *issues, bool checkTemplateRelations)
{
    if (!TopologyTemplate::isBuiltin(p.templateId)) {
        issues->append({QStringLiteral("template"),
                        Profile::tr("\"%1\" is not a built-in template (%2)")
                            .arg(p.templateId, TopologyTemplate::builtinIds().join(QLatin1String(", ")))});
        checkTemplateRelations = false;
    }
    const TopologyTemplate t = checkTemplateRelations ? TopologyTemplate::builtin(p.templateId) : TopologyTemplate();
    if (!p.vantage.isEmpty() && p.vantage != QLatin1String("all") && checkTemplateRelations && !t.roles().contains(p.vantage))
        issues->append(
            {QStringLiteral("vantage"), Profile::tr("\"%1\" is not a role of template %2 (all, %3)")
                                            .arg(p.vantage, p.templateId, t.roles().join(QLatin1String(", ")))});
    for (auto it = p.hosts.cbegin(); it != p.hosts.cend(); ++it) {
        const QString path = QStringLiteral("hosts.") + it.key();
        if (!Component::isKnownId(it.key())) {
            issues->append({path, Profile::tr("\"%1\" is not a component (%2)")
                                      .arg(it.key(), Component::knownIds().join(QLatin1String(", ")))});
            continue;
        }
        QHash<QString, int> seen; // identity -> first index: a list of 10,000 hosts is checked in linear time
        for (int i = 0; i < it.value().size(); ++i) {
            const QString host = it.value().at(i);
            const QString itemPath = path + QStringLiteral("[%1]").arg(i);
            const QString problem = HostSyntax::problem(host);
            if (!problem.isEmpty()) {
                issues->append({itemPath, problem});
                continue;
            }
            const QString key = HostSyntax::identity(host);
            const auto previous = seen.constFind(key);
            if (previous != seen.cend())
                issues->append(
                    {itemPath, Profile::tr("\"%1\" is listed twice (also at [%2])").arg(host).arg(previous.value())});
            else
                seen.insert(key, i);
        }
    }
    if (checkTemplateRelations) {
        // ports x hosts can explode (10,000 Control Room nodes x the cluster and exposure ports): refused
        // with the figures before a plan of millions of checks takes the machine's memory
        QMap<QString, qint64> checksTo;
        for (const Flow &flow : t.flows()) {
            const qint64 hosts = flow.isLocal() ? 1 : p.hosts.value(flow.to).size();
            const bool proxied = !p.options.proxy.isEmpty() && flow.protocol.startsWith(QLatin1String("http"))
                && (flow.from == QLatin1String("bot-agent") || flow.from == QLatin1String("web-browser"));
            // a component without hosts plans one placeholder check per flow
            checksTo[flow.to] += hosts == 0 ? 1 : hosts * p.portFor(flow.portKey, flow.ports).count() * (proxied ? 2 : 1);
        }
        qint64 total = 0;
        QString heaviest;
        for (auto it = checksTo.cbegin(); it != checksTo.cend(); ++it) {
            total += it.value();
            if (heaviest.isEmpty() || it.value() > checksTo.value(heaviest))
                heaviest = it.key();
        }
        if (total > Profile::maxPlannedChecks)
            issues->append({QStringLiteral("hosts.") + heaviest,
                            Profile::tr("%1 hosts: with the ports of their flows the run would hold %2 checks (%3 of them "
                                        "towards these hosts); a run holds at most %4 checks: split the hosts over "
                                        "several profiles and join the results with --merge")
                                .arg(p.hosts.value(heaviest).size())
                                .arg(total)
                                .arg(checksTo.value(heaviest))
                                .arg(Profile::maxPlannedChecks)});
        const QStringList portKeys = t.portKeys();
        for (auto it = p.ports.cbegin(); it != p.ports.cend(); ++it) {
            if (!portKeys.contains(it.key()))
                issues->append({QStringLiteral("ports.") + it.key(),
                                Profile::tr("\"%1\" is not a port key of template %2 (%3)")
                                    .arg(it.key(), p.templateId, portKeys.join(QLatin1String(", ")))});
        }
    }
    const ProfileOptions &o = p.options;
    if (o.timeoutMs < ProfileOptions::minTimeoutMs || o.timeoutMs > ProfileOptions::maxTimeoutMs)
        issues->append({QStringLiteral("options.timeout_ms"), Profile::tr("%1 is out of range (%2-%3 ms)")
                                                                  .arg(o.timeoutMs)
                                                                  .arg(ProfileOptions::minTimeoutMs)
                                                                  .arg(ProfileOptions::maxTimeoutMs)});
    if (o.concurrency < 1 || o.concurrency > ProfileOptions::maxConcurrency)
        issues->append(
            {QStringLiteral("options.concurrency"),
             Profile::tr("%1 is out of range (1-%2)").arg(o.concurrency).arg(ProfileOptions::maxConcurrency)});
    if (!o.kerberosRealm.isEmpty()) {
        const QString problem = realmProblem(o.kerberosRealm);
        if (!problem.isEmpty())
            issues->append({QStringLiteral("options.kerberos_realm"), problem});
    }
    if (!o.websocketPath.startsWith(QLatin1Char('/')) || o.websocketPath.contains(QLatin1Char(' ')))
        issues->append({QStringLiteral("options.websocket_path"),
                        Profile::tr("\"%1\" is not a request path (it must start with '/' and have no spaces)")
                            .arg(o.websocketPath)});
    if (!o.proxy.isEmpty()) {
        const QString problem = proxyProblem(o.proxy);
        if (!problem.isEmpty())
            issues->append({QStringLiteral("options.proxy"), problem});
    }
}
} // namespace

PortRange Profile::portFor(const QString &portKey, const PortRange &defaultPorts) const
{
    if (portKey.isEmpty() || !ports.contains(portKey))
        return defaultPorts;
    return ports.value(portKey);
}

QJsonObject Profile::toJson() const
{
    QJsonObject root = m_unknown;
    root.insert(QStringLiteral("format"), formatId);
    root.insert(QStringLiteral("name"), name);
    root.insert(QStringLiteral("template"), templateId);
    if (!vantage.isEmpty())
        root.insert(QStringLiteral("vantage"), vantage);
    QJsonObject h;
    for (auto it = hosts.cbegin(); it != hosts.cend(); ++it)
        h.insert(it.key(), QJsonArray::fromStringList(it.value()));
    root.insert(QStringLiteral("hosts"), h);
    QJsonObject p;
    for (auto it = ports.cbegin(); it != ports.cend(); ++it) {
        if (it.value().isSingle())
            p.insert(it.key(), int(it.value().first));
        else
            p.insert(it.key(), it.value().toString());
    }
    root.insert(QStringLiteral("ports"), p);
    QJsonObject o = m_unknownOptions;
    o.insert(QStringLiteral("timeout_ms"), options.timeoutMs);
    o.insert(QStringLiteral("concurrency"), options.concurrency);
    if (!options.kerberosRealm.isEmpty())
        o.insert(QStringLiteral("kerberos_realm"), options.kerberosRealm);
    o.insert(QStringLiteral("websocket_path"), options.websocketPath);
    if (!options.caFile.isEmpty())
        o.insert(QStringLiteral("ca_file"), options.caFile);
    if (!options.proxy.isEmpty())
        o.insert(QStringLiteral("proxy"), options.proxy);
    root.insert(QStringLiteral("options"), o);
    return root;
}

QByteArray Profile::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

Profile Profile::fromJson(const QByteArray &json, ValidationIssues *issues)
{
    ValidationIssues found;
    Profile p;
    const QJsonObject root = JsonReader::parseObject(json, &found);
    if (!found.isEmpty()) {
        *issues = found;
        return {};
    }
    JsonReader r(root, QString(), &found);
    const QString format = r.requiredString(QStringLiteral("format"));
    if (!format.isNull() && format != formatId) {
        found << ValidationIssue{QStringLiteral("format"),
                                 tr("\"%1\" is not a profile format (expected \"%2\")").arg(format, formatId)};
        *issues = found;
        return {};
    }
    p.name = r.optionalString(QStringLiteral("name"), QString());
    p.templateId = r.optionalString(QStringLiteral("template"), defaultTemplate);
    p.vantage = r.optionalString(QStringLiteral("vantage"), QString());

    const QJsonValue hostsValue = root.value(QStringLiteral("hosts"));
    if (hostsValue.isUndefined()) {
        found << ValidationIssue{QStringLiteral("hosts"), tr("missing (required): list the hosts of each component")};
    } else if (!hostsValue.isObject()) {
        found << ValidationIssue{QStringLiteral("hosts"), tr("expected an object mapping components to lists of hosts, found %1")
                                                              .arg(JsonReader::typeName(hostsValue))};
    } else {
        const QJsonObject h = hostsValue.toObject();
        for (auto it = h.constBegin(); it != h.constEnd(); ++it) {
            const QString path = QStringLiteral("hosts.") + it.key();
            if (!it.value().isArray()) {
                found << ValidationIssue{path, tr("expected a list of hosts, found %1").arg(JsonReader::typeName(it.value()))};
                continue;
            }
            const QJsonArray list = it.value().toArray();
            QStringList hosts;
            QHash<QString, int> seen; // identity -> index in the file
            for (int i = 0; i < list.size(); ++i) {
                const QString itemPath = path + QStringLiteral("[%1]").arg(i);
                if (!list.at(i).isString()) {
                    found << ValidationIssue{itemPath, tr("expected a host name or address, found %1").arg(JsonReader::typeName(list.at(i)))};
                    continue;
                }
                const QString host = list.at(i).toString();
                // a host listed twice is checked once: folded here, with a note; the first spelling stays
                if (HostSyntax::isValid(host)) {
                    const QString identity = HostSyntax::identity(host);
                    const auto previous = seen.constFind(identity);
                    if (previous != seen.cend()) {
                        p.notes << ValidationIssue{itemPath, tr("\"%1\" is listed twice (also at [%2]): checked once")
                                                                 .arg(host)
                                                                 .arg(previous.value())};
                        continue;
                    }
                    seen.insert(identity, i);
                }
                hosts << host;
            }
            p.hosts.insert(it.key(), hosts);
        }
    }

    const QJsonObject portsObject = r.optionalObject(QStringLiteral("ports"));
    for (auto it = portsObject.constBegin(); it != portsObject.constEnd(); ++it) {
        const QString path = QStringLiteral("ports.") + it.key();
        const QJsonValue v = it.value();
        PortRange range;
        QString error;
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (std::floor(d) != d)
                error = tr("%1 is not a whole number").arg(d);
            else if (d < 1 || d > 65535)
                error = tr("%1 is not a port (1-65535)").arg(numberText(d));
            else
                range = PortRange::single(quint16(d));
        } else if (v.isString()) {
            // text is for a range ("47100-47200"); one port is a number, as this file is written
            range = PortRange::parse(v.toString(), &error);
            if (error.isEmpty() && !v.toString().contains(QLatin1Char('-')))
                error = tr("\"%1\" is text: write a port as a number (%2, without quotes); only a range is text "
                           "(\"47100-47200\")")
                            .arg(v.toString())
                            .arg(range.first);
        } else {
            error = tr("expected a port number, found %1").arg(JsonReader::typeName(v));
        }
        if (!error.isEmpty())
            found << ValidationIssue{path, error};
        else
            p.ports.insert(it.key(), range);
    }

    const QJsonObject optionsObject = r.optionalObject(QStringLiteral("options"));
    JsonReader o(optionsObject, QStringLiteral("options"), &found);
    p.options.timeoutMs = o.optionalInt(QStringLiteral("timeout_ms"), ProfileOptions::defaultTimeoutMs,
                                        ProfileOptions::minTimeoutMs, ProfileOptions::maxTimeoutMs, QStringLiteral("ms"));
    p.options.concurrency = o.optionalInt(QStringLiteral("concurrency"), ProfileOptions::defaultConcurrency, 1,
                                          ProfileOptions::maxConcurrency);
    p.options.kerberosRealm = o.optionalString(QStringLiteral("kerberos_realm"), QString());
    p.options.websocketPath = o.optionalString(QStringLiteral("websocket_path"), QStringLiteral("/"));
    p.options.caFile = o.optionalString(QStringLiteral("ca_file"), QString());
    p.options.proxy = o.optionalString(QStringLiteral("proxy"), QString());

    for (auto it = root.constBegin(); it != root.constEnd(); ++it)
        if (!knownKeys.contains(it.key()))
            p.m_unknown.insert(it.key(), it.value());
    for (auto it = optionsObject.constBegin(); it != optionsObject.constEnd(); ++it)
        if (!knownOptions.contains(it.key()))
            p.m_unknownOptions.insert(it.key(), it.value());

    // Range problems were reported while reading; the rest needs the typed values.
    ValidationIssues semantic;
    validateInto(p, &semantic, true);
    for (const ValidationIssue &issue : semantic) {
        const bool alreadyReported = std::any_of(found.cbegin(), found.cend(),
                                                 [&](const ValidationIssue &f) { return f.path == issue.path; });
        if (!alreadyReported)
            found << issue;
    }
    *issues = found;
    return p;
}

ValidationIssues Profile::validate() const
{
    ValidationIssues issues;
    validateInto(*this, &issues, true);
    return issues;
}

Profile Profile::load(const QString &path, ValidationIssues *issues)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *issues = {{QString(), tr("cannot read the file: %1").arg(file.errorString())}};
        return {};
    }
    const QString tooBig = tr("a profile is at most %1 MB").arg(maxFileSize / (1024 * 1024));
    if (file.size() > maxFileSize) {
        *issues = {{QString(), tr("the file is %1 MB; %2").arg(file.size() / (1024 * 1024)).arg(tooBig)}};
        return {};
    }
    // a pipe or a device has no size: read one byte more than the limit, never the whole stream
    const QByteArray bytes = file.read(maxFileSize + 1);
    if (bytes.size() > maxFileSize) {
        *issues = {{QString(), tr("more than %1 MB to read; %2").arg(maxFileSize / (1024 * 1024)).arg(tooBig)}};
        return {};
    }
    if (bytes.isEmpty() && file.error() != QFileDevice::NoError) {
        *issues = {{QString(), tr("cannot read the file: %1").arg(file.errorString())}};
        return {};
    }
    Profile p = fromJson(bytes, issues);
    if (p.name.isEmpty() && issues->isEmpty())
        p.name = QFileInfo(path).completeBaseName();
    return p;
}

bool Profile::save(const QString &path, QString *error) const
{
    // Unbuffered: buffered, the rest of a short write (a full disk) would be lost at commit without an error
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = toJsonBytes();
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
