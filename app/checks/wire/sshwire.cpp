#include "sshwire.h"

namespace {

QString printable(QByteArrayView line)
{
    QString out;
    for (const char c : line.first(qMin<qsizetype>(line.size(), 80)))
        out.append(c >= 0x20 && c < 0x7f ? QChar::fromLatin1(c) : QLatin1Char('.'));
    return out.trimmed();
}

bool looksBinary(QByteArrayView bytes)
{
    for (const char c : bytes) {
        const quint8 u = quint8(c);
        if ((u < 0x20 && c != '\r' && c != '\n' && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
}

// Other services that talk first, or answer our identification line, with a recognisable line.
bool otherProtocolLine(QByteArrayView line)
{
    for (const char *prefix : {"HTTP/", "220 ", "220-", "+OK", "* OK", "<", "RFB "}) {
        if (line.startsWith(QByteArrayView(prefix)))
            return true;
    }
    return false;
}

} // namespace

namespace SshWire {

SshIdentification parseIdentification(QByteArrayView received)
{
    SshIdentification id;
    qsizetype pos = 0;
    for (int lines = 0; pos < received.size(); ++lines) {
        const QByteArrayView rest = received.sliced(pos);
        const qsizetype eol = rest.indexOf('\n');
        const QByteArrayView line = eol < 0 ? rest : rest.first(eol);
        const bool isIdentification = line.startsWith(QByteArrayView("SSH-", qMin<qsizetype>(4, line.size())));
        if (lines == 0 && !isIdentification &&
            (otherProtocolLine(line) || looksBinary(line.first(qMin<qsizetype>(line.size(), 64))))) {
            id.kind = SshIdentification::Kind::NotSsh;
            id.firstLine = printable(line);
            return id;
        }
        if (eol < 0) {
            // an unfinished line: wait, unless it is already too long to be an identification
            if (isIdentification ? line.size() > MaxLine : pos + line.size() > MaxPreamble) {
                id.kind = isIdentification ? SshIdentification::Kind::Malformed : SshIdentification::Kind::NotSsh;
                id.firstLine = printable(line);
            }
            return id;
        }
        QByteArrayView text = line;
        if (text.endsWith('\r'))
            text.chop(1);
        if (line.startsWith("SSH-")) {
            id.line = QString::fromLatin1(text.first(qMin<qsizetype>(text.size(), MaxLine)));
            if (text.size() + 2 > MaxLine + 1 || looksBinary(text)) {
                id.kind = SshIdentification::Kind::Malformed;
                id.firstLine = printable(text);
                return id;
            }
            const qsizetype space = id.line.indexOf(QLatin1Char(' '));
            const QString head = space < 0 ? id.line : id.line.left(space);
            id.comments = space < 0 ? QString() : id.line.mid(space + 1);
            const qsizetype dash = head.indexOf(QLatin1Char('-'), 4);
            if (dash < 0 || dash == 4 || dash + 1 >= head.size()) {
                id.kind = SshIdentification::Kind::Malformed;
                id.firstLine = printable(text);
                return id;
            }
            id.protoVersion = head.mid(4, dash - 4);
            id.softwareVersion = head.mid(dash + 1);
            id.kind = SshIdentification::Kind::Identification;
            return id;
        }
        pos += eol + 1;
        if (lines + 1 >= MaxPreambleLines || pos > MaxPreamble) {
            id.kind = SshIdentification::Kind::NotSsh;
            id.firstLine = printable(received.first(qMin<qsizetype>(received.size(), 80)));
            return id;
        }
    }
    return id;
}

} // namespace SshWire
