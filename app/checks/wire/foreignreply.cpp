#include "foreignreply.h"

namespace {

QString printableLine(QByteArrayView bytes)
{
    const qsizetype eol = bytes.indexOf('\n');
    QByteArrayView line = eol < 0 ? bytes : bytes.first(eol);
    line = line.first(qMin<qsizetype>(line.size(), 100));
    QString out;
    for (const char c : line)
        out.append(c >= 0x20 && c < 0x7f ? QChar::fromLatin1(c) : QLatin1Char(' '));
    return out.simplified();
}

QString headerValue(QByteArrayView head, QByteArrayView name)
{
    qsizetype pos = 0;
    while (pos < head.size()) {
        const qsizetype eol = head.indexOf('\n', pos);
        const QByteArrayView line = head.sliced(pos, (eol < 0 ? head.size() : eol) - pos);
        if (line.size() > name.size() && line.at(name.size()) == ':' &&
            line.first(name.size()).compare(name, Qt::CaseInsensitive) == 0)
            return printableLine(line.sliced(name.size() + 1));
        if (eol < 0)
            break;
        pos = eol + 1;
    }
    return {};
}

bool isText(QByteArrayView bytes)
{
    for (const char c : bytes.first(qMin<qsizetype>(bytes.size(), 64))) {
        const quint8 u = quint8(c);
        if ((u < 0x20 && c != '\r' && c != '\n' && c != '\t') || u >= 0x7f)
            return false;
    }
    return true;
}

} // namespace

ForeignReply ForeignReply::identify(QByteArrayView bytes)
{
    ForeignReply r;
    if (bytes.isEmpty())
        return r;
    const QByteArrayView head = bytes.first(qMin<qsizetype>(bytes.size(), 4096));
    if (head.startsWith("HTTP/") || head.startsWith("<!DOCTYPE") || head.startsWith("<html") ||
        head.startsWith("<HTML")) {
        r.kind = Kind::Http;
        r.firstLine = printableLine(head);
        const qsizetype end = head.indexOf("\r\n\r\n");
        r.server = headerValue(end < 0 ? head : head.first(end), "Server");
        return r;
    }
    // a TLS record: handshake (server hello) or alert, version 3.x
    if (head.size() >= 3 && (head.at(0) == 0x16 || head.at(0) == 0x15) && head.at(1) == 0x03 &&
        quint8(head.at(2)) <= 0x04) {
        r.kind = Kind::Tls;
        return r;
    }
    if (head.startsWith("SSH-")) {
        r.kind = Kind::Ssh;
        r.firstLine = printableLine(head);
        return r;
    }
    if (head.startsWith("220 ") || head.startsWith("220-")) {
        r.kind = Kind::Smtp;
        r.firstLine = printableLine(head);
        return r;
    }
    if (isText(head)) {
        r.kind = Kind::Text;
        r.firstLine = printableLine(head);
        return r;
    }
    r.kind = Kind::Binary;
    r.firstBytes = QString::fromLatin1(head.first(qMin<qsizetype>(head.size(), 8)).toByteArray().toHex(' '));
    return r;
}
