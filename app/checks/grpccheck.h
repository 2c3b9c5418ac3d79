#pragma once

#include "streamcheck.h"

// grpc: cleartext HTTP/2 with prior knowledge (RFC 7540 3.4, 3.5): the client preface and an empty
// SETTINGS frame; the server's first frame must be its SETTINGS (6.5). gRPC runs only over HTTP/2.
class GrpcCheck final : public StreamCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GrpcCheck)

public:
    explicit GrpcCheck(QObject *parent = nullptr);
    ~GrpcCheck() override;

protected:
    void begin() override;
    void received() override;
    QString serviceLabel() const override { return QStringLiteral("HTTP/2"); }
};
