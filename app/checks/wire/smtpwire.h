#pragma once

#include <QByteArray>
#include <QStringList>

// SMTP replies (RFC 5321 4.2: "ddd-text" continues, "ddd text" ends) and EHLO keywords (4.1.1.1).
namespace SmtpWire {

enum class Parse { NeedMore, Complete, Malformed, TooLarge };

struct Reply
{
    int code = 0;
    QStringList lines; // the text after "ddd-" / "ddd ", one entry per line
};

// One complete reply at the front of buffer; consumed is set on Complete. Every line is bounded
// (RFC 5321 4.5.3.1.5: 512 octets) and so is the whole reply (maxBytes).
Parse parseReply(const QByteArray &buffer, Reply *reply, int *consumed, int maxBytes = 8192);

// The extension keywords of an EHLO reply, upper-case ("STARTTLS", "SIZE", "AUTH"...); the first
// line is the greeting and carries none.
QStringList ehloKeywords(const Reply &reply);

} // namespace SmtpWire
