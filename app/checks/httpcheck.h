#pragma once

#include "protocolcheck.h"

// http / https: GET / and the response head only (RFC 9110 9.3.1; RFC 9112 3.2.1 origin form,
// 3.2.2 absolute form through a proxy).
class HttpCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpCheck)

public:
    explicit HttpCheck(bool tls, QObject *parent = nullptr);
    ~HttpCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
};
