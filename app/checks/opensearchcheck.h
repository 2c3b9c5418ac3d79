#pragma once

#include "protocolcheck.h"

#include "httpwire.h"

// opensearch: GET / on the cluster's HTTP port; the JSON names distribution, version and cluster
// (OpenSearch REST API "root" endpoint; RFC 9112 6 for the body length). A 401/403 passes only with the
// security plugin's own evidence: security_exception in the body or a security realm (RFC 9110 11.6.1).
class OpenSearchCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenSearchCheck)

public:
    explicit OpenSearchCheck(QObject *parent = nullptr);
    ~OpenSearchCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer) override;

private:
    ServiceOutcome judge(const QByteArray &body) const;
    ServiceOutcome judgeBody(const QByteArray &body) const;

    bool m_haveHead = false;
    HttpWire::ResponseHead m_head;
};
