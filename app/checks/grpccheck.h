#pragma once

#include "protocolcheck.h"

// grpc: cleartext HTTP/2 with prior knowledge (RFC 7540 3.4, 3.5): the client preface and an empty
// SETTINGS frame; the server's first frame must be its SETTINGS (6.5). gRPC runs only over HTTP/2.
class GrpcCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GrpcCheck)

public:
    explicit GrpcCheck(QObject *parent = nullptr);
    ~GrpcCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
};
