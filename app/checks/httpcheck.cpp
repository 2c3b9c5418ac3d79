#include "httpcheck.h"

#include "httpwire.h"

HttpCheck::HttpCheck(bool tls, QObject *parent)
    : ProtocolCheck(tls ? QStringLiteral("HTTPS") : QStringLiteral("HTTP"), MaxTextReply, parent)
{
    // plain HTTP through a proxy sends an absolute-form request instead of a CONNECT tunnel
    useChannel(tls, tls, {QByteArrayLiteral("http/1.1")});
}

HttpCheck::~HttpCheck() = default;

QByteArray HttpCheck::request()
{
    const QByteArray host = HttpWire::hostHeader(context().host, context().port, usesTls());
    const QByteArray target = viaProxy() && !usesTls() ? "http://" + host + '/' : QByteArrayLiteral("/");
    return HttpWire::requestHead("GET", target, host,
                                 {QByteArrayLiteral("Accept: */*"), QByteArrayLiteral("Connection: close")});
}

std::optional<ServiceOutcome> HttpCheck::received(QByteArray &buffer)
{
    HttpWire::ResponseHead head;
    switch (HttpWire::parseResponseHead(buffer, &head)) {
    case HttpWire::Parse::NeedMore:
        return std::nullopt;
    case HttpWire::Parse::TooLarge:
        return ServiceOutcome::mismatch(tr("an HTTP response head larger than 16 KiB"),
                                        tr("Check that %1 is the Control Room or its load balancer.").arg(endpoint()));
    case HttpWire::Parse::Malformed:
        return ServiceOutcome::mismatch(
            tr("not an HTTP answer (first bytes: %1)").arg(firstBytesHex(buffer)),
            tr("Another service listens on %1: check the port and the host.").arg(endpoint()));
    case HttpWire::Parse::Complete:
        break;
    }

    const QString summary = HttpWire::summary(head);
    if (viaProxy() && !usesTls() && (head.status == 407 || head.status == 502 || head.status == 503
                                     || head.status == 504 || head.status == 403)) {
        return ServiceOutcome::error(
            tr("the proxy did not deliver the request to %1 (%2)").arg(endpoint(), summary),
            head.status == 407 ? tr("The proxy asks for authentication; allow the Control Room without it or make "
                                    "sure Bot Agents authenticate to the proxy.")
                               : tr("The proxy refused or could not reach %1: allow the Control Room in the proxy's "
                                    "rules, or exempt it from the proxy.")
                                     .arg(endpoint()));
    }

    ServiceOutcome out = ServiceOutcome::ok(summary);
    QStringList advice;
    const QByteArray server = head.header("Server");
    bool gateway = server.contains("Azure-Application-Gateway");
    for (const QByteArray &cookie : head.headerValues("Set-Cookie")) {
        if (cookie.startsWith("ApplicationGatewayAffinity"))
            gateway = true;
    }
    if (gateway) {
        out.softFinding = true;
        out.detail += tr("; Azure Application Gateway in front");
        advice.append(tr("An Azure Application Gateway answers here; the Automation 360 documentation supports "
                         "Azure Load Balancer only in front of the Control Room. Use an Azure Load Balancer, or "
                         "have the deployment reviewed with Automation Anywhere support."));
    }
    if (head.status == 502 || head.status == 503 || head.status == 504) {
        out.softFinding = true;
        advice.append(tr("The web server or load balancer answers, but its backend does not (HTTP %1): check that "
                         "the Control Room service behind it runs and passes the health probe.")
                          .arg(head.status));
    }
    out.advice = advice.join(QLatin1Char(' '));
    return out;
}
