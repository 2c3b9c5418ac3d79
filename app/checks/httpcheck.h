#pragma once

#include "httpwire.h"
#include "protocolcheck.h"

// http / https: GET / and the response head (RFC 9110 9.3.1; RFC 9112 3.2.1 origin form, 3.2.2
// absolute form through a proxy). Through a proxy, a 403 or 5xx is told apart as the proxy's own or
// relayed from the server behind it (RFC 9110 7.6.3 Via), reading at most the first bytes of its page.
class HttpCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpCheck)

public:
    explicit HttpCheck(bool tls, QObject *parent = nullptr);
    ~HttpCheck() override;

    // What every HTTP-based check reports of an Azure Application Gateway in front (HttpWire tells
    // it from the answer): detail and advice added, a soft finding.
    static void noteGateway(const HttpWire::ResponseHead &head, ServiceOutcome *outcome);

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer) override;
    ServiceOutcome unanswered(const QByteArray &buffer) const override;

private:
    bool proxyMayHaveAnswered() const;
    ServiceOutcome judge(const QByteArray &body) const;

    bool m_haveHead = false;
    HttpWire::ResponseHead m_head;
};
