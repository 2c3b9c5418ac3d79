#pragma once

#include "streamcheck.h"

// http / https: GET / and the response head only (RFC 9110 9.3.1; RFC 9112 3.2.1 origin form,
// 3.2.2 absolute form through a proxy).
class HttpCheck final : public StreamCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpCheck)

public:
    explicit HttpCheck(bool tls, QObject *parent = nullptr);
    ~HttpCheck() override;

protected:
    void begin() override;
    void received() override;
    QString serviceLabel() const override;
    bool tunnelsThroughProxy() const override { return usesTls(); }
};
