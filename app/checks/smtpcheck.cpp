#include "smtpcheck.h"

#include "smtpwire.h"

#include <algorithm>

namespace {
const QByteArray Ehlo = QByteArrayLiteral("EHLO topocheck.invalid\r\n");
}

SmtpCheck::SmtpCheck(QObject *parent)
    : ProtocolCheck(QStringLiteral("SMTP"), MaxTextReply, parent)
{
    useChannel(false, true, {});
}

SmtpCheck::~SmtpCheck() = default;

ServiceOutcome SmtpCheck::unanswered(const QByteArray &buffer) const
{
    if (m_step != Step::Greeting || !buffer.isEmpty())
        return ProtocolCheck::unanswered(buffer);
    // Silence is all there is to go on: speaking first to find out would break a slow but real relay.
    return ServiceOutcome::mismatch(
        tr("connected, but no SMTP answer within %1 ms").arg(context().timeoutMs),
        tr("Something accepts connections on %1 but sent no SMTP greeting: a web server or another service that "
           "waits for the client, or a mail relay that greets later than the timeout (slow reverse-DNS or ident "
           "lookups on the relay). Check what answers this port; if it is the relay, raise the timeout.")
            .arg(endpoint()));
}

std::optional<ServiceOutcome> SmtpCheck::received(QByteArray &buffer)
{
    for (;;) {
        SmtpWire::Reply reply;
        int consumed = 0;
        switch (SmtpWire::parseReply(buffer, &reply, &consumed)) {
        case SmtpWire::Parse::NeedMore:
            return std::nullopt;
        case SmtpWire::Parse::Malformed:
        case SmtpWire::Parse::TooLarge: {
            // The first line when it is text a person can read, else the first bytes in hex: a detail is one
            // printable line whatever the server sent (control bytes, NULs, no line end at all).
            const qsizetype end = buffer.indexOf('\n');
            const QByteArray line = (end < 0 ? buffer : buffer.left(end)).trimmed().left(60);
            const bool readable = !line.isEmpty()
                && std::all_of(line.cbegin(), line.cend(), [](char c) { return c >= 0x20 && c < 0x7f; });
            const QString shown = readable ? QLatin1Char('"') + QString::fromLatin1(line) + QLatin1Char('"')
                                           : tr("first bytes %1").arg(firstBytesHex(buffer));
            return webServerOr(
                buffer,
                ServiceOutcome::mismatch(
                    tr("not an SMTP reply: %1").arg(shown),
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
