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
                                      << int(WebSocketWire::Upgrade::Stripped);
        QTest::newRow("stripped 204") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n")
                                      << int(WebSocketWire::Upgrade::Stripped);
        QTest::newRow("301 to https") << QByteArray("HTTP/1.1 301 Moved Permanently\r\nServer: nginx/1.22.1\r\n"
                                                    "Content-Length: 169\r\nLocation: https://lb.lab.test/\r\n\r\n")
                                      << int(WebSocketWire::Upgrade::Redirected);
        QTest::newRow("308 relative") << QByteArray("HTTP/1.1 308 Permanent Redirect\r\nLocation: /ws/\r\n\r\n")
                                      << int(WebSocketWire::Upgrade::Redirected);
        QTest::newRow("404") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 153\r\n\r\n")
                             << int(WebSocketWire::Upgrade::NoEndpoint);
        QTest::newRow("401") << QByteArray("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n\r\n")
                             << int(WebSocketWire::Upgrade::NoEndpoint);
        QTest::newRow("403") << QByteArray("HTTP/1.1 403 Forbidden\r\n\r\n") << int(WebSocketWire::Upgrade::NoEndpoint);
        QTest::newRow("400") << QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n")
                             << int(WebSocketWire::Upgrade::OtherStatus);
        QTest::newRow("426") << QByteArray("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n")
                             << int(WebSocketWire::Upgrade::OtherStatus);
        QTest::newRow("502") << QByteArray("HTTP/1.1 502 Bad Gateway\r\n\r\n")
                             << int(WebSocketWire::Upgrade::OtherStatus);
        QTest::newRow("length not digits") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: -1\r\n\r\n")
                                           << int(WebSocketWire::Upgrade::AbsurdLength);
        QTest::newRow("length of 1 TiB") << QByteArray(
                                                "HTTP/1.1 404 Not Found\r\nContent-Length: 1099511627776\r\n\r\n")
                                         << int(WebSocketWire::Upgrade::AbsurdLength);
        QTest::newRow("lengths differ") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n"
                                                      "Content-Length: 4\r\n\r\n")
                                        << int(WebSocketWire::Upgrade::AbsurdLength);
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

    void redirectsToHttps()
    {
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead("HTTP/1.1 301 Moved\r\nLocation: HTTPS://lb.lab.test/\r\n\r\n", &head),
                 HttpWire::Parse::Complete);
        QVERIFY(WebSocketWire::redirectsToHttps(head));
        QCOMPARE(HttpWire::parseResponseHead("HTTP/1.1 302 Found\r\nLocation: http://lb.lab.test/login\r\n\r\n", &head),
                 HttpWire::Parse::Complete);
        QVERIFY(!WebSocketWire::redirectsToHttps(head));
        QCOMPARE(HttpWire::parseResponseHead("HTTP/1.1 200 OK\r\nLocation: https://lb.lab.test/\r\n\r\n", &head),
                 HttpWire::Parse::Complete);
        QVERIFY(!WebSocketWire::redirectsToHttps(head));
    }

    void contentLength_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("expected");
        QTest::addColumn<qint64>("length");
        QTest::newRow("absent") << QByteArray("Server: x\r\n") << int(HttpWire::Length::Absent) << qint64(-1);
        QTest::newRow("44") << QByteArray("Content-Length: 44\r\n") << int(HttpWire::Length::Valid) << qint64(44);
        QTest::newRow("repeated list") << QByteArray("Content-Length: 44, 44\r\n") << int(HttpWire::Length::Valid)
                                       << qint64(44);
        QTest::newRow("two equal lines") << QByteArray("Content-Length: 7\r\ncontent-length: 7\r\n")
                                         << int(HttpWire::Length::Valid) << qint64(7);
        QTest::newRow("differ") << QByteArray("Content-Length: 7, 8\r\n") << int(HttpWire::Length::Invalid)
                                << qint64(-1);
        QTest::newRow("negative") << QByteArray("Content-Length: -7\r\n") << int(HttpWire::Length::Invalid)
                                  << qint64(-1);
        QTest::newRow("hex") << QByteArray("Content-Length: 0x10\r\n") << int(HttpWire::Length::Invalid) << qint64(-1);
        QTest::newRow("empty") << QByteArray("Content-Length:\r\n") << int(HttpWire::Length::Invalid) << qint64(-1);
        QTest::newRow("20 digits") << QByteArray("Content-Length: 99999999999999999999\r\n")
                                   << int(HttpWire::Length::Invalid) << qint64(-1);
    }

    void contentLength()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, expected);
        QFETCH(qint64, length);
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead("HTTP/1.1 200 OK\r\n" + headers + "\r\n", &head),
                 HttpWire::Parse::Complete);
        qint64 seen = -1;
        QCOMPARE(int(HttpWire::contentLength(head, &seen)), expected);
        QCOMPARE(seen, length);
    }

    void authChallenges_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArrayList>("schemes");
        QTest::addColumn<QByteArrayList>("realms");
        // OpenSearch 2.x security plugin, anonymous request
        QTest::newRow("opensearch") << QByteArray("WWW-Authenticate: Basic realm=\"OpenSearch Security\"\r\n")
                                    << QByteArrayList{"Basic"} << QByteArrayList{"OpenSearch Security"};
        // Elasticsearch 8 security: three challenges on one line, auth-params after the first
        QTest::newRow("elasticsearch") << QByteArray("WWW-Authenticate: Basic realm=\"security\", charset=\"UTF-8\", "
                                                     "Bearer realm=\"security\", ApiKey\r\n")
                                       << QByteArrayList{"Basic", "Bearer", "ApiKey"}
                                       << QByteArrayList{"security", "security"};
        // IIS with Windows authentication: one challenge per line, no realm
        QTest::newRow("iis") << QByteArray("WWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM\r\n")
                             << QByteArrayList{"Negotiate", "NTLM"} << QByteArrayList{};
        // a Negotiate continuation (token68 with padding), a quoted comma and an escaped quote
        QTest::newRow("token68 and quoting")
            << QByteArray("WWW-Authenticate: Negotiate oRQwEqADCgEAoQsGCSqGSIb3EgECAg==, "
                          "Basic realm=\"a, \\\"b\\\"\", Digest realm=x, nonce=\"1\"\r\n")
            << QByteArrayList{"Negotiate", "Basic", "Digest"} << QByteArrayList{"a, \"b\"", "x"};
        QTest::newRow("absent") << QByteArray("Server: x\r\n") << QByteArrayList{} << QByteArrayList{};
    }

    void authChallenges()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArrayList, schemes);
        QFETCH(QByteArrayList, realms);
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead("HTTP/1.1 401 Unauthorized\r\n" + headers + "\r\n", &head),
                 HttpWire::Parse::Complete);
        QCOMPARE(HttpWire::authSchemes(head, "www-authenticate"), schemes);
        QCOMPARE(HttpWire::authRealms(head, "WWW-Authenticate"), realms);
    }

    void azureApplicationGateway_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<bool>("gateway");
        QTest::newRow("server v2") << QByteArray("Server: Microsoft-Azure-Application-Gateway/v2\r\n") << true;
        QTest::newRow("server lower case") << QByteArray("server: microsoft-azure-application-gateway/v1\r\n") << true;
        QTest::newRow("second server line")
            << QByteArray("Server: nginx\r\nServer: Microsoft-Azure-Application-Gateway/v2\r\n") << true;
        QTest::newRow("affinity cookie")
            << QByteArray("Server: nginx\r\nSet-Cookie: ApplicationGatewayAffinity=ab12; Path=/\r\n") << true;
        QTest::newRow("CORS cookie only")
            << QByteArray("Set-Cookie: a=1\r\nSet-Cookie: ApplicationGatewayAffinityCORS=ab12; "
                          "Path=/; SameSite=None; Secure\r\n")
            << true;
        QTest::newRow("nginx") << QByteArray("Server: nginx/1.22.1\r\nSet-Cookie: session=1\r\n") << false;
        QTest::newRow("similar cookie") << QByteArray("Set-Cookie: MyApplicationGatewayAffinityX=1\r\n") << false;
        QTest::newRow("name in a value") << QByteArray("Set-Cookie: note=ApplicationGatewayAffinity\r\n") << false;
    }

    void azureApplicationGateway()
    {
        QFETCH(QByteArray, headers);
        QFETCH(bool, gateway);
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead("HTTP/1.1 200 OK\r\n" + headers + "\r\n", &head),
                 HttpWire::Parse::Complete);
        QCOMPARE(HttpWire::fromAzureApplicationGateway(head), gateway);
    }

    void proxyAnswerOrigin_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<int>("origin");
        // Debian 12's tinyproxy 1.11.1 (the lab's), captured: its own page, and a relayed answer
        QTest::newRow("tinyproxy's own") << QByteArray("HTTP/1.1 500 Unable to connect\r\nServer: tinyproxy/1.11.1\r\n"
                                                       "Content-Type: text/html\r\nConnection: close\r\n\r\n<html>")
                                         << int(HttpWire::AnswerFrom::Proxy);
        QTest::newRow("tinyproxy relayed")
            << QByteArray("HTTP/1.0 403 Forbidden\r\nVia: 1.1 labproxy (tinyproxy/1.11.1)\r\n"
                          "Server: nginx/1.22.1\r\nContent-Length: 3\r\n\r\nno\n")
            << int(HttpWire::AnswerFrom::Relayed);
        QTest::newRow("page names it") << QByteArray("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n"
                                                     "<p><em>Generated by <a href=\"https://tinyproxy.github.io/\">"
                                                     "tinyproxy</a> version 1.11.1.</em></p>")
                                       << int(HttpWire::AnswerFrom::Proxy);
        // Squid's error pages carry its Via too: X-Squid-Error is the proxy's own mark
        QTest::newRow("squid error") << QByteArray(
                                            "HTTP/1.1 503 Service Unavailable\r\nServer: squid/5.7\r\n"
                                            "X-Squid-Error: ERR_CONNECT_FAIL 111\r\nVia: 1.1 px (squid/5.7)\r\n\r\n")
                                     << int(HttpWire::AnswerFrom::Proxy);
        QTest::newRow("proxy authentication")
            << QByteArray("HTTP/1.1 403 Forbidden\r\nProxy-Authenticate: NTLM\r\n\r\n")
            << int(HttpWire::AnswerFrom::Proxy);
        QTest::newRow("Proxy-Status on a relayed answer")
            << QByteArray("HTTP/1.1 503 Service Unavailable\r\nServer: nginx\r\nVia: 1.1 px\r\n"
                          "Proxy-Status: px; received-status=503\r\n\r\n")
            << int(HttpWire::AnswerFrom::Relayed);
        QTest::newRow("nothing to tell") << QByteArray("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                                         << int(HttpWire::AnswerFrom::Unknown);
    }

    void proxyAnswerOrigin()
    {
        QFETCH(QByteArray, answer);
        QFETCH(int, origin);
        HttpWire::ResponseHead head;
        QCOMPARE(HttpWire::parseResponseHead(answer, &head), HttpWire::Parse::Complete);
        QCOMPARE(int(HttpWire::proxyAnswerOrigin(head, answer.mid(head.headBytes))), origin);
    }
};

QTEST_APPLESS_MAIN(TestHttpWire)
#include "tst_httpwire.moc"
