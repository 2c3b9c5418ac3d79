#include "smtpcheck.h"

#include "smtpwire.h"

namespace {
const QByteArray Ehlo = QByteArrayLiteral("EHLO topocheck.invalid\r\n");
}

SmtpCheck::SmtpCheck(QObject *parent)
    : ProtocolCheck(QStringLiteral("SMTP"), MaxTextReply, parent)
{
    useChannel(false, true, {});
}

SmtpCheck::~SmtpCheck() = default;

int SmtpCheck::nudgeAfterMs() const
{
    return qMax(200, context().timeoutMs / 3);
}

void SmtpCheck::nudge()
{
    // A server that stays silent may be a web server waiting for a request: a line of text makes it
    // say what it is. A real SMTP server that greets this late would time out anyway.
    if (!isFinished() && m_step == Step::Greeting && !m_heard)
        send(Ehlo);
}

std::optional<ServiceOutcome> SmtpCheck::received(QByteArray &buffer)
{
    m_heard = true;
    for (;;) {
        SmtpWire::Reply reply;
        int consumed = 0;
        switch (SmtpWire::parseReply(buffer, &reply, &consumed)) {
        case SmtpWire::Parse::NeedMore:
            return std::nullopt;
        case SmtpWire::Parse::Malformed:
        case SmtpWire::Parse::TooLarge: {
            const QByteArray line = buffer.left(int(buffer.indexOf('\n'))).trimmed().left(60);
            return webServerOr(
                buffer,
                ServiceOutcome::mismatch(
                    tr("not an SMTP reply: \"%1\"").arg(QString::fromLatin1(line)),
                    tr("Another service listens on %1: the Control Room needs the mail relay's submission port.")
                        .arg(endpoint())));
        }
        case SmtpWire::Parse::Complete:
            break;
        }
        buffer.remove(0, consumed);
        const QString first = reply.lines.value(0).left(100);
        const QString said = QString::number(reply.code) + QLatin1Char(' ') + first;

        switch (m_step) {
        case Step::Greeting:
            if (reply.code != 220) {
                return ServiceOutcome::error(tr("the SMTP server refuses service: %1").arg(said),
                                             tr("The mail relay at %1 does not accept this client; ask its "
                                                "administrators to allow the Control Room.")
                                                 .arg(endpoint()));
            }
            m_banner = said;
            m_step = Step::Ehlo;
            send(Ehlo);
            break;
        case Step::Ehlo: {
            if (reply.code != 250) {
                return ServiceOutcome::error(tr("SMTP server (%1) rejected EHLO: %2").arg(m_banner, said),
                                             tr("The mail relay at %1 refuses ESMTP; the Control Room needs ESMTP "
                                                "with STARTTLS.")
                                                 .arg(endpoint()));
            }
            const QStringList keywords = SmtpWire::ehloKeywords(reply);
            if (!keywords.contains(QLatin1String("STARTTLS"))) {
                return ServiceOutcome::error(
                    tr("SMTP server (%1) does not offer STARTTLS (extensions: %2)")
                        .arg(m_banner, keywords.join(QLatin1Char(' ')).left(120)),
                    tr("Enable STARTTLS on the mail relay at %1: the Control Room sends mail over TLS.")
                        .arg(endpoint()));
            }
            m_step = Step::StartTls;
            send(QByteArrayLiteral("STARTTLS\r\n"));
            break;
        }
        case Step::StartTls:
            if (reply.code != 220) {
                return ServiceOutcome::error(tr("SMTP server (%1) refused STARTTLS: %2").arg(m_banner, said),
                                             tr("The mail relay at %1 offers STARTTLS but refuses it; check its TLS "
                                                "certificate and configuration.")
                                                 .arg(endpoint()));
            }
            startTls();
            return std::nullopt; // anything else buffered in clear text is dropped by startTls()
        case Step::SecureEhlo:
            if (reply.code != 250) {
                return ServiceOutcome::error(tr("SMTP server (%1) rejected EHLO after STARTTLS: %2").arg(m_banner, said),
                                             tr("The mail relay at %1 fails after the TLS upgrade; check its logs.")
                                                 .arg(endpoint()));
            }
            send(QByteArrayLiteral("QUIT\r\n"));
            return ServiceOutcome::ok(tr("%1; STARTTLS upgrade works").arg(m_banner));
        }
    }
}

void SmtpCheck::tlsReady()
{
    m_step = Step::SecureEhlo;
    send(Ehlo);
}
