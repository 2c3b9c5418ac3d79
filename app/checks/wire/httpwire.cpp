#include "httpwire.h"

#include <QString>

#include <algorithm>

namespace {

bool isToken(char c)
{
    static const QByteArray specials = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || specials.contains(c);
}

} // namespace

namespace HttpWire {

QByteArray ResponseHead::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool ResponseHead::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QList<QByteArray> ResponseHead::headerValues(const QByteArray &name) const
{
    QList<QByteArray> values;
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            values.append(h.second);
    }
    return values;
}

bool looksLikeHttp(const QByteArray &bytes)
{
    return bytes.startsWith("HTTP/1.") || bytes.startsWith("HTTP/2 ") || bytes.startsWith("HTTP/0.9");
}

bool looksLikeWeb(const QByteArray &bytes)
{
    const QByteArray start = bytes.left(64).trimmed().toLower();
    return looksLikeHttp(bytes) || start.startsWith("<html") || start.startsWith("<!doctype html")
        || start.startsWith("<head") || start.startsWith("<body");
}

QString summary(const ResponseHead &head)
{
    QString out = QStringLiteral("HTTP ") + QString::number(head.status);
    const QByteArray server = head.header("Server");
    if (!server.isEmpty())
        out += QStringLiteral(", Server: ") + QString::fromLatin1(server.left(80));
    return out;
}

Parse parseResponseHead(const QByteArray &buffer, ResponseHead *head, int maxBytes)
{
    const QByteArray prefix = buffer.left(5);
    if (!QByteArrayLiteral("HTTP/").startsWith(prefix))
        return Parse::Malformed;
    // RFC 9112 2.2: a bare LF also ends a line; accept both so that sloppy servers are still named.
    int end = int(buffer.indexOf("\r\n\r\n"));
    int terminator = 4;
    const int lf = int(buffer.indexOf("\n\n"));
    if (lf >= 0 && (end < 0 || lf < end)) {
        end = lf;
        terminator = 2;
    }
    if (end < 0)
        return buffer.size() >= maxBytes ? Parse::TooLarge : Parse::NeedMore;
    if (end + terminator > maxBytes)
        return Parse::TooLarge;

    const QList<QByteArray> lines = buffer.left(end).split('\n');
    QByteArray status = lines.first().trimmed();
    const int space1 = int(status.indexOf(' '));
    if (space1 < 0)
        return Parse::Malformed;
    ResponseHead out;
    out.version = status.left(space1);
    if (out.version.size() < 8 || !out.version.startsWith("HTTP/"))
        return Parse::Malformed;
    const QByteArray code = status.mid(space1 + 1, 3);
    if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Parse::Malformed;
    if (status.size() > space1 + 4 && status.at(space1 + 4) != ' ')
        return Parse::Malformed;
    out.status = code.toInt();
    out.reason = status.mid(space1 + 5).trimmed();

    for (int i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        if ((line.at(0) == ' ' || line.at(0) == '\t') && !out.headers.isEmpty()) {
            out.headers.last().second += ' ' + line.trimmed(); // obsolete line folding
            continue;
        }
        const int colon = int(line.indexOf(':'));
        if (colon <= 0)
            return Parse::Malformed;
        const QByteArray name = line.left(colon);
        if (!std::all_of(name.begin(), name.end(), isToken))
            return Parse::Malformed;
        out.headers.append({name, line.mid(colon + 1).trimmed()});
    }
    out.headBytes = end + terminator;
    *head = out;
    return Parse::Complete;
}

QByteArray requestHead(const QByteArray &method, const QByteArray &target, const QByteArray &host,
                       const QList<QByteArray> &extraHeaders)
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nUser-Agent: Topocheck/" TOPOCHECK_VERSION "\r\n";
    for (const QByteArray &line : extraHeaders)
        out += line + "\r\n";
    return out + "\r\n";
}

QByteArray authority(const QString &host, quint16 port)
{
    QString name = host;
    if (name.contains(QLatin1Char(':')) && !name.startsWith(QLatin1Char('[')))
        name = QLatin1Char('[') + name + QLatin1Char(']');
    return name.toUtf8() + ':' + QByteArray::number(port);
}

QByteArray hostHeader(const QString &host, quint16 port, bool tls)
{
    const QByteArray full = authority(host, port);
    return port == (tls ? 443 : 80) ? full.left(full.lastIndexOf(':')) : full;
}

Parse decodeChunked(const QByteArray &buffer, QByteArray *body, int maxBytes)
{
    QByteArray out;
    int pos = 0;
    for (;;) {
        const int lineEnd = int(buffer.indexOf("\r\n", pos));
        if (lineEnd < 0)
            return buffer.size() - pos > 1024 ? Parse::Malformed : Parse::NeedMore;
        QByteArray sizeText = buffer.mid(pos, lineEnd - pos);
        const int semicolon = int(sizeText.indexOf(';'));
        if (semicolon >= 0)
            sizeText.truncate(semicolon); // chunk extensions are ignored
        sizeText = sizeText.trimmed();
        if (sizeText.isEmpty() || sizeText.size() > 8)
            return Parse::Malformed;
        bool ok = false;
        const qint64 size = sizeText.toLongLong(&ok, 16);
        if (!ok || size < 0)
            return Parse::Malformed;
        if (out.size() + size > maxBytes)
            return Parse::TooLarge;
        const qint64 dataStart = lineEnd + 2;
        if (size == 0) {
            *body = out; // trailers, if any, are not needed
            return Parse::Complete;
        }
        if (buffer.size() < dataStart + size + 2)
            return Parse::NeedMore;
        if (buffer.mid(int(dataStart + size), 2) != "\r\n")
            return Parse::Malformed;
        out += buffer.mid(int(dataStart), int(size));
        pos = int(dataStart + size + 2);
    }
}

} // namespace HttpWire
