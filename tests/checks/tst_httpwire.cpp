#include "httpwire.h"
#include "websocketwire.h"

#include <QtTest>

namespace {

// nginx 1.22.1 of the lab, GET / on port 80
const QByteArray NginxHead = QByteArrayLiteral("HTTP/1.1 200 OK\r\n"
                                               "Server: nginx/1.22.1\r\n"
                                               "Date: Sat, 28 Nov 2026 10:00:00 GMT\r\n"
                                               "Content-Type: text/plain\r\n"
                                               "Content-Length: 44\r\n"
                                               "Connection: close\r\n"
                                               "\r\n"
                                               "lab nginx on 10.234.0.2:80 (HTTP/1.1)\n");

} // namespace

class TestHttpWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nginxHead()
    {
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead(NginxHead, &head), HttpWire::Parse::Complete);
        QCOMPARE(head.version, QByteArray("HTTP/1.1"));
        QCOMPARE(head.status, 200);
        QCOMPARE(head.reason, QByteArray("OK"));
        QCOMPARE(head.header("server"), QByteArray("nginx/1.22.1"));
        QCOMPARE(head.header("CONTENT-LENGTH"), QByteArray("44"));
        QVERIFY(!head.hasHeader("Upgrade"));
        QCOMPARE(head.headBytes, int(NginxHead.indexOf("lab nginx")));
        QCOMPARE(HttpWire::summary(head), QStringLiteral("HTTP 200, Server: nginx/1.22.1"));
    }

    void byteByByte()
    {
        const int headEnd = int(NginxHead.indexOf("\r\n\r\n")) + 4;
        for (int n = 0; n < headEnd; ++n) {
            HttpWire::ResponseHead head;
            QCOMPARE(HttpWire::parseResponseHead(NginxHead.left(n), &head), HttpWire::Parse::NeedMore);
        }
    }

    void azureGatewayHeaders()
    {
        const QByteArray bytes = "HTTP/1.1 502 Bad Gateway\r\nServer: Microsoft-Azure-Application-Gateway/v2\r\n"
                                 "Set-Cookie: ApplicationGatewayAffinityCORS=abc; SameSite=None\r\n"
                                 "Set-Cookie: ApplicationGatewayAffinity=abc\r\n\r\n";
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead(bytes, &head), HttpWire::Parse::Complete);
        QCOMPARE(head.status, 502);
        QCOMPARE(head.headerValues("set-cookie").size(), 2);
        QVERIFY(head.header("Server").contains("Azure-Application-Gateway"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("expected");
        QTest::newRow("ssh banner") << QByteArray("SSH-2.0-OpenSSH_9.2p1 Debian\r\n") << int(HttpWire::Parse::Malformed);
        QTest::newRow("tls alert") << QByteArray::fromHex("15030300020246") << int(HttpWire::Parse::Malformed);
        QTest::newRow("no status code") << QByteArray("HTTP/1.1 OK\r\n\r\n") << int(HttpWire::Parse::Malformed);
        QTest::newRow("status 2 digits") << QByteArray("HTTP/1.1 20 OK\r\n\r\n") << int(HttpWire::Parse::Malformed);
        QTest::newRow("header without colon") << QByteArray("HTTP/1.1 200 OK\r\nServer nginx\r\n\r\n")
                                              << int(HttpWire::Parse::Malformed);
        QTest::newRow("space in name") << QByteArray("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n")
                                       << int(HttpWire::Parse::Malformed);
        QTest::newRow("endless head") << QByteArray("HTTP/1.1 200 OK\r\n") + QByteArray(20000, 'a')
                                      << int(HttpWire::Parse::TooLarge);
        QTest::newRow("bare LF ok") << QByteArray("HTTP/1.0 404 Not Found\nServer: x\n\n") << int(HttpWire::Parse::Complete);
    }

    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, expected);
        HttpWire::ResponseHead head;
        QCOMPARE(int(HttpWire::parseResponseHead(bytes, &head)), expected);
    }

    void requestAndHost()
    {
        QCOMPARE(HttpWire::hostHeader(QStringLiteral("lb.lab.test"), 443, true), QByteArray("lb.lab.test"));
        QCOMPARE(HttpWire::hostHeader(QStringLiteral("lb.lab.test"), 443, false), QByteArray("lb.lab.test:443"));
        QCOMPARE(HttpWire::hostHeader(QStringLiteral("fd00::2"), 8080, false), QByteArray("[fd00::2]:8080"));
        QCOMPARE(HttpWire::authority(QStringLiteral("lb.lab.test"), 443), QByteArray("lb.lab.test:443"));
        const QByteArray request = HttpWire::requestHead("GET", "/", "lb.lab.test", {"Connection: close"});
        QVERIFY(request.startsWith("GET / HTTP/1.1\r\nHost: lb.lab.test\r\n"));
        QVERIFY(request.endsWith("Connection: close\r\n\r\n"));
    }

    void chunked()
    {
        QByteArray body;
        const QByteArray wire = "7\r\n{\"a\":1,\r\n6;ext=1\r\n\"b\":2}\r\n0\r\n\r\n";
        QCOMPARE(HttpWire::decodeChunked(wire, &body), HttpWire::Parse::Complete);
        QCOMPARE(body, QByteArray("{\"a\":1,\"b\":2}"));
        QCOMPARE(HttpWire::decodeChunked(wire.left(10), &body), HttpWire::Parse::NeedMore);
        QCOMPARE(HttpWire::decodeChunked("zz\r\n", &body), HttpWire::Parse::Malformed);
        QCOMPARE(HttpWire::decodeChunked("7\r\n{\"a\":1,XX0\r\n\r\n", &body), HttpWire::Parse::Malformed);
        QCOMPARE(HttpWire::decodeChunked("ffffff\r\n", &body, 1000), HttpWire::Parse::TooLarge);
    }

    void webSocketAccept()
    {
        // RFC 6455 1.3's own example
        QCOMPARE(WebSocketWire::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        const QByteArray key = WebSocketWire::newKey();
        QCOMPARE(QByteArray::fromBase64(key).size(), 16);
        QVERIFY(key != WebSocketWire::newKey());
        const QByteArray request = WebSocketWire::upgradeRequest("/ws", "lb.lab.test", key);
        QVERIFY(request.contains("\r\nUpgrade: websocket\r\n"));
        QVERIFY(request.contains(QByteArray("\r\nSec-WebSocket-Key: " + key + "\r\n")));
        QVERIFY(request.contains("\r\nSec-WebSocket-Version: 13\r\n"));
        const QByteArray close = WebSocketWire::closeFrame();
        QCOMPARE(close.size(), 8);
        QCOMPARE(quint8(close.at(0)), quint8(0x88));
        QCOMPARE(quint8(close.at(1)), quint8(0x82));
        QCOMPARE(quint8(close.at(6) ^ close.at(2)), quint8(0x03));
        QCOMPARE(quint8(close.at(7) ^ close.at(3)), quint8(0xe8));
    }

    void webSocketValidation_data()
    {
        const QByteArray key = "dGhlIHNhbXBsZSBub25jZQ==";
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<int>("expected");
        QTest::newRow("websocketd 101") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nServer: nginx/1.22.1\r\n"
                                                      "Upgrade: websocket\r\nConnection: upgrade\r\n"
                                                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                                        << int(WebSocketWire::Upgrade::Accepted);
        QTest::newRow("stripped 200") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n")
                                      << int(WebSocketWire::Upgrade::NotUpgraded);
        QTest::newRow("wrong accept") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                                    "Connection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n")
                                      << int(WebSocketWire::Upgrade::BadAccept);
        QTest::newRow("no upgrade header") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                                                         "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                                           << int(WebSocketWire::Upgrade::BadHeaders);
        QTest::newRow("connection list") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\n"
                                                       "Connection: keep-alive, Upgrade\r\n"
                                                       "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                                         << int(WebSocketWire::Upgrade::Accepted);
    }

    void webSocketValidation()
    {
        QFETCH(QByteArray, response);
        QFETCH(int, expected);
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead(response, &head), HttpWire::Parse::Complete);
        QString problem;
        QCOMPARE(int(WebSocketWire::validateUpgrade(head, "dGhlIHNhbXBsZSBub25jZQ==", &problem)), expected);
        QCOMPARE(problem.isEmpty(), expected == int(WebSocketWire::Upgrade::Accepted));
    }
};

QTEST_APPLESS_MAIN(TestHttpWire)
#include "tst_httpwire.moc"
