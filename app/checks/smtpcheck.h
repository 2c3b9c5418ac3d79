#pragma once

#include "streamcheck.h"

#include <QTimer>

// smtp (submission, 587): greeting, EHLO, STARTTLS and the TLS upgrade, EHLO again, QUIT; no mail
// is sent (RFC 5321 3.1, 4.1.1.1, 4.1.1.10; RFC 3207 4 and 4.2).
class SmtpCheck final : public StreamCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpCheck)

public:
    explicit SmtpCheck(QObject *parent = nullptr);
    ~SmtpCheck() override;

protected:
    void begin() override;
    void received() override;
    void tlsReady() override;
    QString serviceLabel() const override { return QStringLiteral("SMTP"); }
    QList<QByteArray> alpn() const override { return {}; }

private:
    enum class Step { Greeting, Ehlo, StartTls, SecureEhlo };

    Step m_step = Step::Greeting;
    QString m_banner;
    QTimer m_nudge;
};
