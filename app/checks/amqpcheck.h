#pragma once

#include "protocolcheck.h"

// AMQP 0-9-1 section 4.2.2: the protocol header; the broker answers with Connection.Start (4.2.3, class 10
// method 10) carrying its product and version, or with its own header when it speaks another version
// (AMQP 1.0 section 2.2): either is an AMQP broker.
class AmqpCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AmqpCheck)

public:
    explicit AmqpCheck(QObject *parent = nullptr);
    ~AmqpCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;

private:
    ServiceOutcome firstFrame(QByteArrayView frame, const QByteArray &buffer) const;
};
