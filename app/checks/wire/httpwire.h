#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// HTTP/1.1 message syntax (RFC 9112 2.1, 4, 5; RFC 7230 3.1.2 and 4.1 for chunked bodies): the
// request heads a probe sends and a bounded reader of the response head.
namespace HttpWire {

enum class Parse { NeedMore, Complete, Malformed, TooLarge };

struct ResponseHead
{
    QByteArray version; // "HTTP/1.1"
    int status = 0;
    QByteArray reason;
    QList<QPair<QByteArray, QByteArray>> headers; // names as sent, values trimmed
    int headBytes = 0;                            // status line + headers + the empty line

    // The first value of a header (names compare case-insensitively); empty when absent.
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;
    // Every value of a header (Set-Cookie comes once per cookie).
    QList<QByteArray> headerValues(const QByteArray &name) const;
};

// Reads the head at the front of buffer. TooLarge when no complete head fits in maxBytes.
Parse parseResponseHead(const QByteArray &buffer, ResponseHead *head, int maxBytes = 16384);

// "HTTP 200, Server: nginx/1.22.1" (the Server header shortened to 80 characters).
QString summary(const ResponseHead &head);

// True when bytes begin like an HTTP/1.x status line (enough to name a web server on a wrong port).
bool looksLikeHttp(const QByteArray &bytes);
// True for an HTTP status line or an HTML page (what HTTP/0.9-style error answers look like).
bool looksLikeWeb(const QByteArray &bytes);

// "GET target HTTP/1.1" with Host, a User-Agent and the extra header lines (each without CRLF).
QByteArray requestHead(const QByteArray &method, const QByteArray &target, const QByteArray &host,
                       const QList<QByteArray> &extraHeaders = {});

// The Host header value for a name or address and port (IPv6 in brackets, default port left out).
QByteArray hostHeader(const QString &host, quint16 port, bool tls);

// "host:port" for CONNECT and messages (IPv6 in brackets).
QByteArray authority(const QString &host, quint16 port);

// A chunked body (RFC 9112 7.1) decoded from buffer; NeedMore until the last chunk arrived.
Parse decodeChunked(const QByteArray &buffer, QByteArray *body, int maxBytes = 65536);

// Content-Length (RFC 9110 8.6, RFC 9112 6.3): Invalid when a value is not 1*DIGIT, is beyond any
// real body (more than 15 digits) or when several values differ.
enum class Length { Absent, Valid, Invalid };
Length contentLength(const ResponseHead &head, qint64 *length);

// The realm of every challenge in the named header (WWW-Authenticate or Proxy-Authenticate,
// RFC 9110 11.2 and 11.6.1), unquoted; a challenge without a realm adds nothing.
QList<QByteArray> authRealms(const ResponseHead &head, const QByteArray &headerName);
// The auth-schemes challenged in that header, in order ("Basic", "NTLM", "Negotiate").
QList<QByteArray> authSchemes(const ResponseHead &head, const QByteArray &headerName);

// An Azure Application Gateway answered: its Server header ("Microsoft-Azure-Application-Gateway/v2")
// or its affinity cookies (ApplicationGatewayAffinity, ApplicationGatewayAffinityCORS).
bool fromAzureApplicationGateway(const ResponseHead &head);

// Who produced an answer that came back through a forward proxy. Proxy: the proxy names itself
// (Server or the page names a proxy product, X-Squid-Error, Proxy-Authenticate). Relayed: it carries
// the Via header a proxy adds to what it forwards (RFC 9110 7.6.3) and nothing of the proxy's own.
// Unknown: neither. body: the first bytes of the body (may be empty).
enum class AnswerFrom { Proxy, Relayed, Unknown };
AnswerFrom proxyAnswerOrigin(const ResponseHead &head, const QByteArray &body);

} // namespace HttpWire
