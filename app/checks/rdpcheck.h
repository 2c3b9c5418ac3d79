#pragma once

#include "protocolcheck.h"

// [MS-RDPBCGR] 2.2.1.1 / 2.2.1.2: X.224 Connection Request with RDP_NEG_REQ offering TLS and CredSSP;
// the Connection Confirm names the security protocol the server selected. No TLS or login follows.
class RdpCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RdpCheck)

public:
    explicit RdpCheck(QObject *parent = nullptr);
    ~RdpCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;

private:
    ServiceOutcome confirmation(QByteArrayView packet, const QByteArray &buffer) const;
};
