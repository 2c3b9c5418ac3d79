#pragma once

#include "protocolcheck.h"

// smtp (submission, 587): greeting, EHLO, STARTTLS and the TLS upgrade, EHLO again, QUIT; no mail
// is sent (RFC 5321 3.1, 4.1.1.1, 4.1.1.10; RFC 3207 4 and 4.2). The client waits for the 220 however
// late it comes (RFC 5321 3.1) and says nothing before it: exim's smtp_enforce_sync (on by default)
// answers a client that talks first with 554, and an early EHLO puts every later reply out of step.
class SmtpCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpCheck)

public:
    explicit SmtpCheck(QObject *parent = nullptr);
    ~SmtpCheck() override;

protected:
    QByteArray request() override { return {}; } // the server speaks first
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    ServiceOutcome unanswered(const QByteArray &buffer) const override;
    void tlsReady() override;

private:
    enum class Step { Greeting, Ehlo, StartTls, SecureEhlo };

    Step m_step = Step::Greeting;
    QString m_banner;
};
