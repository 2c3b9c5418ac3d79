#pragma once

#include "protocolcheck.h"

// RFC 4253 4.2: both sides send an identification string on connect; the server's proves SSH and names
// its software. Nothing beyond the identification lines is exchanged.
class SshCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshCheck)

public:
    explicit SshCheck(QObject *parent = nullptr);
    ~SshCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
};
