#pragma once

#include "streamcheck.h"

#include "httpwire.h"

// opensearch: GET / on the cluster's HTTP port; the JSON names distribution, version and cluster
// (OpenSearch REST API "root" endpoint; RFC 9112 6 for the body length).
class OpenSearchCheck final : public StreamCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenSearchCheck)

public:
    explicit OpenSearchCheck(QObject *parent = nullptr);
    ~OpenSearchCheck() override;

protected:
    void begin() override;
    void received() override;
    void closedByPeer() override;
    QString serviceLabel() const override { return QStringLiteral("OpenSearch"); }

private:
    void judge(const QByteArray &body);

    bool m_haveHead = false;
    HttpWire::ResponseHead m_head;
};
