#include "opensearchcheck.h"

#include "httpcheck.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

namespace {
constexpr int MaxBody = 65536;
}

OpenSearchCheck::OpenSearchCheck(QObject *parent)
    : ProtocolCheck(QStringLiteral("OpenSearch"), MaxTextReply, parent)
{
    useChannel(false, true, {QByteArrayLiteral("http/1.1")});
}

OpenSearchCheck::~OpenSearchCheck() = default;

QByteArray OpenSearchCheck::request()
{
    const QByteArray host = HttpWire::hostHeader(context().host, context().port, false);
    return HttpWire::requestHead(
        "GET", "/", host, {QByteArrayLiteral("Accept: application/json"), QByteArrayLiteral("Connection: close")});
}

std::optional<ServiceOutcome> OpenSearchCheck::received(QByteArray &buffer)
{
    if (!m_haveHead) {
        switch (HttpWire::parseResponseHead(buffer, &m_head)) {
        case HttpWire::Parse::NeedMore:
            return std::nullopt;
        case HttpWire::Parse::TooLarge:
        case HttpWire::Parse::Malformed:
            return ServiceOutcome::mismatch(
                tr("not an HTTP answer (first bytes: %1)").arg(firstBytesHex(buffer)),
                tr("Another service listens on %1; the Control Room cluster needs its OpenSearch HTTP port here.")
                    .arg(endpoint()));
        case HttpWire::Parse::Complete:
            break;
        }
        m_haveHead = true;
        buffer.remove(0, m_head.headBytes);
    }
    if (m_head.header("Transfer-Encoding").toLower().contains("chunked")) {
        QByteArray body;
        switch (HttpWire::decodeChunked(buffer, &body, MaxBody)) {
        case HttpWire::Parse::NeedMore:
            return std::nullopt;
        case HttpWire::Parse::Complete:
            return judge(body);
        case HttpWire::Parse::Malformed:
        case HttpWire::Parse::TooLarge:
            return judge({});
        }
    }
    bool ok = false;
    const qint64 length = m_head.header("Content-Length").toLongLong(&ok);
    if (ok && length >= 0 && length <= MaxBody) {
        if (buffer.size() >= length)
            return judge(buffer.left(int(length)));
        return std::nullopt;
    }
    if (buffer.size() >= MaxBody)
        return judge(buffer.left(MaxBody));
    // otherwise the body ends when the server closes (Connection: close)
    return std::nullopt;
}

std::optional<ServiceOutcome> OpenSearchCheck::closedEarly(const QByteArray &buffer)
{
    if (m_haveHead)
        return judge(buffer);
    return ProtocolCheck::closedEarly(buffer);
}

ServiceOutcome OpenSearchCheck::judge(const QByteArray &body) const
{
    ServiceOutcome out = judgeBody(body);
    HttpCheck::noteGateway(m_head, &out);
    return out;
}

ServiceOutcome OpenSearchCheck::judgeBody(const QByteArray &body) const
{
    const QString status = HttpWire::summary(m_head);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    const QString contentType = QString::fromLatin1(m_head.header("Content-Type").left(60));
    if (m_head.status == 401 || m_head.status == 403) {
        // The security plugin refuses anonymous requests: a search node answered all the same, if it says so
        // itself (its security_exception error type, or its realm); any other API's 401 is not OpenSearch.
        const QList<QByteArray> realms = HttpWire::authRealms(m_head, "WWW-Authenticate");
        const bool securityRealm = std::any_of(realms.cbegin(), realms.cend(), [](const QByteArray &realm) {
            return realm.toLower().contains("security");
        });
        if (securityRealm || body.toLower().contains("security_exception"))
            return ServiceOutcome::ok(tr("OpenSearch with security enabled (%1 to an anonymous request)").arg(status));
        return ServiceOutcome::mismatch(
            tr("%1 without OpenSearch's security evidence (no security_exception, no security realm)").arg(status),
            tr("A web server that asks for a login answers on %1, but not OpenSearch's security plugin: check the "
               "host and port, and that no other service took the port.")
                .arg(endpoint()));
    }
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        return ServiceOutcome::mismatch(
            tr("%1 but not OpenSearch JSON (%2)").arg(status, contentType.isEmpty() ? tr("no Content-Type") : contentType),
            tr("A web server other than the Control Room's OpenSearch answers on %1: check the host and port, and "
               "that no other service took the port.")
                .arg(endpoint()));
    }
    const QJsonObject root = doc.object();
    const QJsonObject version = root.value(QLatin1String("version")).toObject();
    const QString number = version.value(QLatin1String("number")).toString();
    if (number.isEmpty()) {
        return ServiceOutcome::mismatch(tr("%1 with JSON, but no search engine version in it").arg(status),
                                        tr("Another HTTP service answers on %1; the Control Room cluster needs its "
                                           "OpenSearch port here.")
                                            .arg(endpoint()));
    }
    const QString distribution = version.value(QLatin1String("distribution")).toString();
    const QString product = distribution.compare(QLatin1String("opensearch"), Qt::CaseInsensitive) == 0
        ? QStringLiteral("OpenSearch")
        : distribution.isEmpty() ? QStringLiteral("Elasticsearch") : distribution;
    QString detail = product + QLatin1Char(' ') + number.left(40);
    const QString cluster = root.value(QLatin1String("cluster_name")).toString();
    if (!cluster.isEmpty())
        detail += tr(" (cluster %1)").arg(cluster.left(80));
    return ServiceOutcome::ok(detail);
}
