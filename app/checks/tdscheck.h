#pragma once

#include "protocolcheck.h"

// [MS-TDS] 2.2.6.5 PRELOGIN in a 2.2.3.1 packet: the server's version and encryption choice, before any
// login (no credentials, no TLS).
class TdsCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TdsCheck)

public:
    explicit TdsCheck(QObject *parent = nullptr);
    ~TdsCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;

private:
    ServiceOutcome prelogin(QByteArrayView packet, const QByteArray &buffer) const;
};
