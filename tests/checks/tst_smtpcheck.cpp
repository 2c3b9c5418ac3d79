#include "smtpcheck.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <optional>

// SmtpCheck against a loopback relay whose greeting comes late, in exim 4.96's two ways of treating a
// client that talks before the greeting (smtp_in.c): smtp_enforce_sync (the default) answers 554 and
// closes; where PIPECONNECT is advertised, the early command is kept and answered after the 220. The
// relay offers STARTTLS but answers it 454 (as exim does when its TLS set-up fails), so the check ends
// there with the relay's reply in its detail. The probe's nudge and deadline are kept by the test, as
// the engine's Probe keeps them.
class TestSmtpCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lateGreeting_data()
    {
        QTest::addColumn<bool>("enforceSync");
        QTest::newRow("smtp_enforce_sync: 554 to early talkers") << true;
        QTest::newRow("PIPECONNECT: early EHLO answered after the greeting") << false;
    }

    void lateGreeting()
    {
        QFETCH(bool, enforceSync);
        constexpr int TimeoutMs = 1500;
        constexpr int GreetingMs = 700; // later than a third of the timeout, well before its end

        QTcpServer relay;
        QVERIFY(relay.listen(QHostAddress::LocalHost));
        QByteArray heard;
        bool greeted = false;
        bool spokeFirst = false;
        int ehlos = 0;
        connect(&relay, &QTcpServer::newConnection, this, [&, enforceSync] {
            QTcpSocket *peer = relay.nextPendingConnection();
            const auto answer = [&, peer] {
                while (greeted && heard.contains("\r\n")) {
                    const qsizetype end = heard.indexOf("\r\n");
                    const QByteArray line = heard.left(end).toUpper();
                    heard.remove(0, end + 2);
                    if (line.startsWith("EHLO ")) {
                        ++ehlos;
                        peer->write("250-relay.example.test Hello\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
                    } else if (line == "STARTTLS") {
                        peer->write("454 4.7.0 TLS currently unavailable\r\n");
                    } else {
                        peer->write("500 unrecognized command\r\n");
                    }
                }
            };
            connect(peer, &QIODevice::readyRead, peer, [&, peer, answer] {
                heard += peer->readAll();
                if (!greeted)
                    spokeFirst = true;
                answer();
            });
            QTimer::singleShot(GreetingMs, peer, [&, peer, answer, enforceSync] {
                if (enforceSync && !heard.isEmpty()) {
                    peer->write("554 SMTP synchronization error\r\n");
                    peer->disconnectFromHost();
                    return;
                }
                greeted = true;
                peer->write("220 relay.example.test ESMTP Exim 4.96\r\n");
                answer();
            });
        });

        SmtpCheck check;
        QTcpSocket *socket = check.createSocket();
        CheckContext ctx;
        ctx.host = QStringLiteral("relay.example.test");
        ctx.address = QHostAddress::LocalHost;
        ctx.port = relay.serverPort();
        ctx.protocol = QStringLiteral("smtp");
        ctx.timeoutMs = TimeoutMs;
        QSignalSpy finished(&check, &ProtocolCheck::finished);
        std::optional<ServiceOutcome> timedOut;
        QTimer nudge;
        QTimer deadline;
        nudge.setSingleShot(true);
        deadline.setSingleShot(true);
        connect(&nudge, &QTimer::timeout, &check, [&check] { check.nudge(); });
        connect(&deadline, &QTimer::timeout, &check, [&check, &timedOut] {
            timedOut = check.timedOut();
            check.abort();
        });
        connect(socket, &QAbstractSocket::connected, &check, [&] {
            check.start(socket, ctx);
            if (check.nudgeAfterMs() >= 0 && check.nudgeAfterMs() < TimeoutMs)
                nudge.start(check.nudgeAfterMs());
            deadline.start(TimeoutMs);
        });
        socket->connectToHost(ctx.address, ctx.port);
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty() || timedOut; }, TimeoutMs + 3000));
        const ServiceOutcome out = timedOut ? *timedOut : finished.first().first().value<ServiceOutcome>();

        QVERIFY2(!spokeFirst,
                 qPrintable(QStringLiteral("the client talked before the greeting; outcome: ") + out.detail));
        QCOMPARE(ehlos, 1);
        QCOMPARE(out.service, ServiceStatus::Error);
        QVERIFY2(out.detail.contains(QLatin1String("refused STARTTLS: 454 4.7.0 TLS currently unavailable")),
                 qPrintable(out.detail));
        QVERIFY2(out.detail.contains(QLatin1String("220 relay.example.test ESMTP Exim 4.96")), qPrintable(out.detail));
        QVERIFY(!out.advice.isEmpty());
    }

    void silentPortSaysWhatWasMissing()
    {
        // Nothing is sent to a port that says nothing: the deadline's account names the missing greeting.
        QTcpServer mute;
        QVERIFY(mute.listen(QHostAddress::LocalHost));
        QByteArray heard;
        connect(&mute, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *peer = mute.nextPendingConnection();
            connect(peer, &QIODevice::readyRead, peer, [&heard, peer] { heard += peer->readAll(); });
        });
        SmtpCheck check;
        QTcpSocket *socket = check.createSocket();
        CheckContext ctx;
        ctx.host = QStringLiteral("relay.example.test");
        ctx.address = QHostAddress::LocalHost;
        ctx.port = mute.serverPort();
        ctx.timeoutMs = 600;
        bool started = false;
        connect(socket, &QAbstractSocket::connected, &check, [&] {
            check.start(socket, ctx);
            started = true;
        });
        socket->connectToHost(ctx.address, ctx.port);
        QTRY_VERIFY_WITH_TIMEOUT(started, 3000);
        if (check.nudgeAfterMs() >= 0)
            QTimer::singleShot(check.nudgeAfterMs(), &check, [&check] { check.nudge(); });
        QTest::qWait(ctx.timeoutMs);
        const ServiceOutcome out = check.timedOut();
        check.abort();
        QVERIFY2(heard.isEmpty(), heard.constData());
        QCOMPARE(out.service, ServiceStatus::Mismatch);
        QCOMPARE(out.detail, QStringLiteral("connected, but no SMTP answer within 600 ms"));
        QVERIFY2(out.advice.contains(QLatin1String("no SMTP greeting")), qPrintable(out.advice));
    }
};

QTEST_GUILESS_MAIN(TestSmtpCheck)
#include "tst_smtpcheck.moc"
