#include "smtpwire.h"

namespace SmtpWire {

Parse parseReply(const QByteArray &buffer, Reply *reply, int *consumed, int maxBytes)
{
    constexpr int MaxLine = 1000; // generous against 512, still bounded
    Reply out;
    int pos = 0;
    for (;;) {
        const int lf = int(buffer.indexOf('\n', pos));
        if (lf < 0) {
            if (buffer.size() - pos > MaxLine)
                return Parse::Malformed;
            return buffer.size() >= maxBytes ? Parse::TooLarge : Parse::NeedMore;
        }
        if (lf + 1 > maxBytes)
            return Parse::TooLarge;
        QByteArray line = buffer.mid(pos, lf - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > MaxLine || line.size() < 3)
            return Parse::Malformed;
        int code = 0;
        for (int i = 0; i < 3; ++i) {
            const char c = line.at(i);
            if (c < '0' || c > '9')
                return Parse::Malformed;
            code = code * 10 + (c - '0');
        }
        if (code < 200 || code > 599)
            return Parse::Malformed;
        if (out.code != 0 && code != out.code)
            return Parse::Malformed; // every line of a reply carries the same code
        out.code = code;
        const char separator = line.size() > 3 ? line.at(3) : ' ';
        if (separator != ' ' && separator != '-')
            return Parse::Malformed;
        out.lines.append(QString::fromUtf8(line.mid(4)));
        pos = lf + 1;
        if (separator == ' ') {
            *reply = out;
            *consumed = pos;
            return Parse::Complete;
        }
    }
}

QStringList ehloKeywords(const Reply &reply)
{
    QStringList keywords;
    for (int i = 1; i < reply.lines.size(); ++i) {
        const QString keyword = reply.lines.at(i).section(QLatin1Char(' '), 0, 0).trimmed().toUpper();
        if (!keyword.isEmpty())
            keywords.append(keyword);
    }
    return keywords;
}

} // namespace SmtpWire
