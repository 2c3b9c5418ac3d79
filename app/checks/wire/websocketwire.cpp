#include "websocketwire.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace WebSocketWire {

QByteArray newKey()
{
    QByteArray nonce(16, '\0');
    for (char &c : nonce)
        c = char(QRandomGenerator::global()->bounded(256));
    return nonce.toBase64();
}

QByteArray acceptFor(const QByteArray &key)
{
    return QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"), QCryptographicHash::Sha1)
        .toBase64();
}

QByteArray upgradeRequest(const QByteArray &target, const QByteArray &host, const QByteArray &key)
{
    return HttpWire::requestHead("GET", target, host,
                                 {QByteArrayLiteral("Upgrade: websocket"), QByteArrayLiteral("Connection: Upgrade"),
                                  "Sec-WebSocket-Key: " + key, QByteArrayLiteral("Sec-WebSocket-Version: 13")});
}

Upgrade validateUpgrade(const HttpWire::ResponseHead &head, const QByteArray &key, QString *problem)
{
    auto fail = [problem](Upgrade result, const QString &why) {
        if (problem)
            *problem = why;
        return result;
    };
    // no handshake answer carries more than an error page; beyond 1 GiB the length is not a web server's
    constexpr qint64 MaxPlausibleBody = qint64(1) << 30;
    qint64 length = 0;
    const HttpWire::Length declared = HttpWire::contentLength(head, &length);
    if (declared == HttpWire::Length::Invalid || (declared == HttpWire::Length::Valid && length > MaxPlausibleBody))
        return fail(Upgrade::AbsurdLength, QStringLiteral("HTTP %1 with Content-Length \"%2\"")
                                               .arg(head.status)
                                               .arg(QString::fromLatin1(head.header("Content-Length").left(40))));
    if (head.status != 101) {
        const QString status = QStringLiteral("HTTP %1 instead of 101").arg(head.status);
        if (head.status >= 200 && head.status < 300)
            return fail(Upgrade::Stripped, status);
        if (head.status >= 300 && head.status < 400)
            return fail(Upgrade::Redirected, status);
        if (head.status == 401 || head.status == 403 || head.status == 404)
            return fail(Upgrade::NoEndpoint, status);
        return fail(Upgrade::OtherStatus, status);
    }
    if (head.header("Upgrade").trimmed().compare("websocket", Qt::CaseInsensitive) != 0)
        return fail(Upgrade::BadHeaders, QStringLiteral("101 without Upgrade: websocket"));
    bool upgradeToken = false;
    for (const QByteArray &token : head.header("Connection").split(',')) {
        if (token.trimmed().compare("upgrade", Qt::CaseInsensitive) == 0)
            upgradeToken = true;
    }
    if (!upgradeToken)
        return fail(Upgrade::BadHeaders, QStringLiteral("101 without Connection: Upgrade"));
    if (head.header("Sec-WebSocket-Accept") != acceptFor(key))
        return fail(Upgrade::BadAccept, QStringLiteral("101 with a wrong Sec-WebSocket-Accept"));
    return Upgrade::Accepted;
}

bool redirectsToHttps(const HttpWire::ResponseHead &head)
{
    const QByteArray location = head.header("Location").trimmed().toLower();
    return head.status >= 300 && head.status < 400
        && (location.startsWith("https://") || location.startsWith("wss://"));
}

QByteArray closeFrame()
{
    QByteArray frame;
    frame.append(char(0x88)); // FIN + Close
    frame.append(char(0x82)); // masked, 2 bytes of payload
    const quint32 mask = QRandomGenerator::global()->generate();
    const char key[4] = {char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask)};
    frame.append(key, 4);
    frame.append(char(0x03 ^ key[0]));
    frame.append(char(0xe8 ^ key[1]));
    return frame;
}

} // namespace WebSocketWire
