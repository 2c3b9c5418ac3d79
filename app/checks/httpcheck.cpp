#include "httpcheck.h"

#include "securechannel.h"

namespace {
// enough of an error page to find the proxy's name in it
constexpr int MaxEvidenceBody = 4096;
} // namespace

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

bool HttpCheck::proxyMayHaveAnswered() const
{
    const int s = m_head.status;
    return viaProxy() && !usesTls() && (s == 403 || s == 500 || s == 502 || s == 503 || s == 504);
}

std::optional<ServiceOutcome> HttpCheck::received(QByteArray &buffer)
{
    if (!m_haveHead) {
        switch (HttpWire::parseResponseHead(buffer, &m_head)) {
        case HttpWire::Parse::NeedMore:
            return std::nullopt;
        case HttpWire::Parse::TooLarge:
            return ServiceOutcome::mismatch(
                tr("an HTTP response head larger than 16 KiB"),
                tr("Check that %1 is the Control Room or its load balancer.").arg(endpoint()));
        case HttpWire::Parse::Malformed:
            return ServiceOutcome::mismatch(
                tr("not an HTTP answer (first bytes: %1)").arg(firstBytesHex(buffer)),
                tr("Another service listens on %1: check the port and the host.").arg(endpoint()));
        case HttpWire::Parse::Complete:
            break;
        }
        m_haveHead = true;
        buffer.remove(0, m_head.headBytes);
    }
    if (!proxyMayHaveAnswered())
        return judge({});
    // the page may name the proxy: read it up to its length, a few KiB, or the close (Connection: close)
    qint64 length = 0;
    const bool sized = HttpWire::contentLength(m_head, &length) == HttpWire::Length::Valid;
    const bool chunkedEnd = m_head.header("Transfer-Encoding").toLower().contains("chunked")
                            && (buffer.startsWith("0\r\n") || buffer.contains("\r\n0\r\n"));
    if ((sized && buffer.size() >= qMin<qint64>(length, MaxEvidenceBody)) || buffer.size() >= MaxEvidenceBody
        || chunkedEnd)
        return judge(buffer.left(MaxEvidenceBody));
    return std::nullopt;
}

std::optional<ServiceOutcome> HttpCheck::closedEarly(const QByteArray &buffer)
{
    if (m_haveHead)
        return judge(buffer.left(MaxEvidenceBody));
    return ProtocolCheck::closedEarly(buffer);
}

ServiceOutcome HttpCheck::unanswered(const QByteArray &buffer) const
{
    if (m_haveHead)
        return judge(buffer.left(MaxEvidenceBody));
    return ProtocolCheck::unanswered(buffer);
}

ServiceOutcome HttpCheck::judge(const QByteArray &body) const
{
    const QString summary = HttpWire::summary(m_head);
    const int status = m_head.status;
    if (status == 407) {
        const QList<QByteArray> schemes = HttpWire::authSchemes(m_head, "Proxy-Authenticate");
        return SecureChannel::proxyNeedsAuthentication(endpoint(), QString::fromLatin1(schemes.join(", ").left(80)));
    }

    ServiceOutcome out = ServiceOutcome::ok(summary);
    if (proxyMayHaveAnswered()) {
        const HttpWire::AnswerFrom from = HttpWire::proxyAnswerOrigin(m_head, body);
        if (from == HttpWire::AnswerFrom::Relayed) {
            out.detail +=
                tr(", relayed by the proxy (Via: %1)").arg(QString::fromLatin1(m_head.header("Via").left(80)));
        } else {
            const QString detail =
                from == HttpWire::AnswerFrom::Proxy
                    ? tr("the proxy answered %1 itself: the request did not reach %2").arg(summary, endpoint())
                    : tr("%1 through the proxy, with no Via header to show it came from %2: taken as the proxy's own "
                         "answer")
                          .arg(summary, endpoint());
            const QString advice =
                status == 403
                    ? tr("The proxy refuses requests to %1: allow the Control Room in the proxy's rules, or exempt it "
                         "from the proxy.")
                          .arg(endpoint())
                    : tr("The proxy could not reach %1 (HTTP %2): check that the proxy resolves and may connect to the "
                         "Control Room (its own firewall and DNS), or exempt the Control Room from the proxy.")
                          .arg(endpoint())
                          .arg(status);
            return ServiceOutcome::error(detail, advice);
        }
    }

    noteGateway(m_head, &out);
    if (status == 502 || status == 503 || status == 504) {
        out.softFinding = true;
        const QString advice = tr("The web server or load balancer answers, but its backend does not (HTTP %1): "
                                  "check that the Control Room service behind it runs and passes the health probe.")
                                   .arg(status);
        out.advice = out.advice.isEmpty() ? advice : out.advice + QLatin1Char(' ') + advice;
    }
    return out;
}

void HttpCheck::noteGateway(const HttpWire::ResponseHead &head, ServiceOutcome *outcome)
{
    if (!HttpWire::fromAzureApplicationGateway(head))
        return;
    outcome->softFinding = true;
    outcome->detail += tr("; Azure Application Gateway in front");
    const QString advice = tr("An Azure Application Gateway answers here; the Automation 360 documentation supports "
                              "Azure Load Balancer only in front of the Control Room. Use an Azure Load Balancer, or "
                              "have the deployment reviewed with Automation Anywhere support.");
    outcome->advice = outcome->advice.isEmpty() ? advice : outcome->advice + QLatin1Char(' ') + advice;
}
