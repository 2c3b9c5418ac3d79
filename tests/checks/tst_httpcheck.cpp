#include "httpcheck.h"
#include "websocketcheck.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <optional>

// HttpCheck and WebSocketCheck against a loopback server that answers with canned bytes, for the
// answers the lab cannot produce (an Azure Application Gateway, silence).
class TestHttpCheck : public QObject
{
    Q_OBJECT

private:
    ServiceOutcome run(ProtocolCheck *check, const QByteArray &answer, int timeoutMs = 1500)
    {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost))
            return {};
        QByteArray request;
        connect(&server, &QTcpServer::newConnection, this, [&server, &request, answer] {
            QTcpSocket *peer = server.nextPendingConnection();
            connect(peer, &QIODevice::readyRead, peer, [peer, &request, answer] {
                request += peer->readAll();
                if (request.contains("\r\n\r\n") && !answer.isEmpty())
                    peer->write(answer);
            });
        });
        QTcpSocket *socket = check->createSocket();
        CheckContext ctx;
        ctx.host = QStringLiteral("cr.example.test");
        ctx.address = QHostAddress::LocalHost;
        ctx.port = server.serverPort();
        ctx.timeoutMs = timeoutMs;
        QSignalSpy finished(check, &ProtocolCheck::finished);
        // the deadline is the engine's probe's to keep: here, the test's
        std::optional<ServiceOutcome> timedOut;
        QTimer deadline;
        deadline.setSingleShot(true);
        connect(&deadline, &QTimer::timeout, check, [check, &timedOut] {
            timedOut = check->timedOut();
            check->abort();
        });
        connect(socket, &QAbstractSocket::connected, check, [check, socket, ctx, &deadline] {
            check->start(socket, ctx);
            deadline.start(ctx.timeoutMs);
        });
        socket->connectToHost(ctx.address, ctx.port);
        (void)QTest::qWaitFor([&] { return !finished.isEmpty() || timedOut; }, timeoutMs + 2000);
        QTest::qWait(20); // and nothing more afterwards
        if (finished.size() + (timedOut ? 1 : 0) != 1)
            return {};
        m_request = request;
        return timedOut ? *timedOut : finished.first().first().value<ServiceOutcome>();
    }

    QByteArray m_request;

private Q_SLOTS:
    void nginx()
    {
        HttpCheck check(false);
        const ServiceOutcome out = run(&check, "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n");
        QCOMPARE(out.service, ServiceStatus::Ok);
        QCOMPARE(out.detail, QStringLiteral("HTTP 200, Server: nginx/1.22.1"));
        QVERIFY(!out.softFinding);
        QVERIFY(m_request.startsWith("GET / HTTP/1.1\r\n"));
        QVERIFY(m_request.contains("\r\nHost: cr.example.test:"));
    }

    void azureApplicationGateway()
    {
        HttpCheck check(false);
        const ServiceOutcome out = run(&check, "HTTP/1.1 200 OK\r\nServer: Microsoft-Azure-Application-Gateway/v2\r\n"
                                               "Set-Cookie: ApplicationGatewayAffinity=x; Path=/\r\n\r\n");
        QCOMPARE(out.service, ServiceStatus::Ok);
        QVERIFY(out.softFinding);
        QVERIFY(out.detail.contains(QLatin1String("Azure Application Gateway")));
        QVERIFY(out.advice.contains(QLatin1String("Azure Load Balancer")));
    }

    void notHttp()
    {
        HttpCheck check(false);
        const ServiceOutcome out = run(&check, "SSH-2.0-OpenSSH_9.2p1\r\n\r\n");
        QCOMPARE(out.service, ServiceStatus::Mismatch);
        QVERIFY(out.detail.startsWith(QLatin1String("not an HTTP answer")));
    }

    void silentServerTimesOut()
    {
        HttpCheck check(false);
        QElapsedTimer clock;
        clock.start();
        const ServiceOutcome out = run(&check, {}, 400);
        QCOMPARE(out.service, ServiceStatus::Mismatch);
        QVERIFY(out.detail.contains(QLatin1String("no HTTP answer within 400 ms")));
        QVERIFY(clock.elapsed() < 1500);
    }

    void webSocketStripped()
    {
        WebSocketCheck check(false);
        const ServiceOutcome out = run(&check, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        QCOMPARE(out.service, ServiceStatus::Mismatch);
        QVERIFY(out.detail.contains(QLatin1String("strips the WebSocket upgrade (HTTP 200")));
        QVERIFY(m_request.contains("\r\nUpgrade: websocket\r\n"));
    }

    void webSocketWrongAccept()
    {
        WebSocketCheck check(false);
        const ServiceOutcome out = run(&check, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                               "Connection: Upgrade\r\nSec-WebSocket-Accept: bm9wZQ==\r\n\r\n");
        QCOMPARE(out.service, ServiceStatus::Mismatch);
        QVERIFY(out.detail.contains(QLatin1String("wrong Sec-WebSocket-Accept")));
    }
};

QTEST_GUILESS_MAIN(TestHttpCheck)
#include "tst_httpcheck.moc"
