#include "httpwire.h"

#include <QString>

#include <algorithm>

namespace {

bool isToken(char c)
{
    static const QByteArray specials = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || specials.contains(c);
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

// Forward proxies by the name they give in Server or on their own error pages (lower case).
const char *const ProxyProducts[] = {
    "tinyproxy", "squid",    "zscaler",    "bluecoat", "blue coat",     "proxysg",    "mcafee web gateway",
    "skyhigh",   "websense", "forcepoint", "privoxy",  "forefront tmg", "isa server", "fortiguard"};

bool namesProxy(const QByteArray &text)
{
    const QByteArray lower = text.toLower();
    return std::any_of(std::begin(ProxyProducts), std::end(ProxyProducts),
                       [&lower](const char *product) { return lower.contains(product); });
}

// One challenge list (RFC 9110 11.6.1): schemes start the list or follow a comma; name=value pairs
// are auth-params; anything else after a scheme is its token68.
template <typename OnScheme, typename OnParam>
void walkChallenges(const QByteArray &value, OnScheme onScheme, OnParam onParam)
{
    const int n = int(value.size());
    int i = 0;
    bool expectScheme = true;
    while (i < n) {
        const char c = value.at(i);
        if (isSpace(c)) {
            ++i;
            continue;
        }
        if (c == ',') {
            expectScheme = true;
            ++i;
            continue;
        }
        int end = i;
        while (end < n && !isSpace(value.at(end)) && value.at(end) != ',' && value.at(end) != '='
               && value.at(end) != '"')
            ++end;
        const QByteArray word = value.mid(i, end - i);
        int j = end;
        while (j < n && isSpace(value.at(j)))
            ++j;
        int equals = j;
        while (equals < n && value.at(equals) == '=')
            ++equals;
        int v = equals;
        while (v < n && isSpace(value.at(v)))
            ++v;
        if (equals - j == 1 && !word.isEmpty() && v < n && value.at(v) != ',') {
            QByteArray param;
            if (value.at(v) == '"') {
                ++v;
                while (v < n && value.at(v) != '"') {
                    if (value.at(v) == '\\' && v + 1 < n)
                        ++v;
                    param += value.at(v++);
                }
                ++v; // the closing quote
            } else {
                while (v < n && !isSpace(value.at(v)) && value.at(v) != ',')
                    param += value.at(v++);
            }
            onParam(word, param);
            i = v;
            expectScheme = false;
            continue;
        }
        if (expectScheme && !word.isEmpty())
            onScheme(word);
        expectScheme = false;
        i = qMax(equals, end + 1); // a token68 and its padding, or a stray character
    }
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

Length contentLength(const ResponseHead &head, qint64 *length)
{
    const QList<QByteArray> values = head.headerValues("Content-Length");
    if (values.isEmpty())
        return Length::Absent;
    qint64 found = -1;
    for (const QByteArray &line : values) {
        for (const QByteArray &item : line.split(',')) {
            const QByteArray digits = item.trimmed();
            if (digits.isEmpty() || digits.size() > 15
                || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return Length::Invalid;
            const qint64 value = digits.toLongLong();
            if (found >= 0 && value != found)
                return Length::Invalid;
            found = value;
        }
    }
    if (length)
        *length = found;
    return Length::Valid;
}

QList<QByteArray> authRealms(const ResponseHead &head, const QByteArray &headerName)
{
    QList<QByteArray> realms;
    for (const QByteArray &value : head.headerValues(headerName)) {
        walkChallenges(
            value, [](const QByteArray &) {},
            [&realms](const QByteArray &name, const QByteArray &param) {
                if (name.compare("realm", Qt::CaseInsensitive) == 0)
                    realms.append(param);
            });
    }
    return realms;
}

QList<QByteArray> authSchemes(const ResponseHead &head, const QByteArray &headerName)
{
    QList<QByteArray> schemes;
    for (const QByteArray &value : head.headerValues(headerName))
        walkChallenges(
            value, [&schemes](const QByteArray &scheme) { schemes.append(scheme); },
            [](const QByteArray &, const QByteArray &) {});
    return schemes;
}

bool fromAzureApplicationGateway(const ResponseHead &head)
{
    for (const QByteArray &server : head.headerValues("Server")) {
        if (server.toLower().contains("microsoft-azure-application-gateway"))
            return true;
    }
    for (const QByteArray &cookie : head.headerValues("Set-Cookie")) {
        const QByteArray name = cookie.left(cookie.indexOf('=')).trimmed();
        if (name.compare("ApplicationGatewayAffinity", Qt::CaseInsensitive) == 0
            || name.compare("ApplicationGatewayAffinityCORS", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

AnswerFrom proxyAnswerOrigin(const ResponseHead &head, const QByteArray &body)
{
    // Proxy-Connection and Proxy-Status (RFC 9209) also come on relayed answers: not evidence
    if (head.hasHeader("X-Squid-Error") || head.hasHeader("Proxy-Authenticate"))
        return AnswerFrom::Proxy;
    const QList<QByteArray> servers = head.headerValues("Server");
    if (std::any_of(servers.cbegin(), servers.cend(), namesProxy) || namesProxy(body.left(4096)))
        return AnswerFrom::Proxy;
    return head.hasHeader("Via") ? AnswerFrom::Relayed : AnswerFrom::Unknown;
}

} // namespace HttpWire
