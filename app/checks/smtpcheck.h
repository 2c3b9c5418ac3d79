#pragma once

#include "protocolcheck.h"

// smtp (submission, 587): greeting, EHLO, STARTTLS and the TLS upgrade, EHLO again, QUIT; no mail
// is sent (RFC 5321 3.1, 4.1.1.1, 4.1.1.10; RFC 3207 4 and 4.2).
class SmtpCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpCheck)

public:
    explicit SmtpCheck(QObject *parent = nullptr);
    ~SmtpCheck() override;

    int nudgeAfterMs() const override;
    void nudge() override;

protected:
    QByteArray request() override { return {}; } // the server speaks first
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    void tlsReady() override;

private:
    enum class Step { Greeting, Ehlo, StartTls, SecureEhlo };

    Step m_step = Step::Greeting;
    bool m_heard = false;
    QString m_banner;
};
