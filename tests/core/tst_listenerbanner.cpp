#include "listenerbanner.h"

#include <QtTest>

// The listener's banner: what `topocheck --listen` sends and what every check recognises.
class TstListenerBanner : public QObject
{
    Q_OBJECT

private:
    static ListenerBanner cr1()
    {
        ListenerBanner b;
        b.transport = Transport::Tcp;
        b.port = 443;
        b.role = QStringLiteral("control-room");
        b.hostName = QStringLiteral("cr1.corp.local");
        b.names = {QStringLiteral("cr1.corp.local"), QStringLiteral("cr1")};
        b.addresses = {QHostAddress(QStringLiteral("10.0.0.5")), QHostAddress(QStringLiteral("fd00::5"))};
        return b;
    }

private Q_SLOTS:
    void encodesOneBoundedLine()
    {
        const QByteArray line = cr1().encode();
        QCOMPARE(line, QByteArray("TOPOCHECK-LISTENER/1 tcp/443 role=control-room host=cr1.corp.local "
                                  "names=cr1.corp.local,cr1 addresses=10.0.0.5,fd00::5\r\n"));

        ListenerBanner many = cr1();
        for (int i = 0; i < 200; ++i)
            many.addresses << QHostAddress(QStringLiteral("10.1.%1.%2").arg(i / 250).arg(i % 250 + 1));
        const QByteArray longLine = many.encode();
        QVERIFY(longLine.size() <= ListenerBanner::MaxBytes);
        QVERIFY(longLine.endsWith("\r\n"));
        ListenerBanner back;
        QCOMPARE(ListenerBanner::match(longLine, &back), ListenerBanner::Match::Banner);
        QVERIFY(back.addresses.size() > 10);
        QVERIFY(back.addresses.size() < many.addresses.size());
    }

    void roundTrips()
    {
        ListenerBanner back;
        QString problem;
        QCOMPARE(ListenerBanner::match(cr1().encode(), &back, &problem), ListenerBanner::Match::Banner);
        QVERIFY(problem.isEmpty());
        QCOMPARE(back.port, quint16(443));
        QCOMPARE(back.transport, Transport::Tcp);
        QCOMPARE(back.role, QStringLiteral("control-room"));
        QCOMPARE(back.hostName, QStringLiteral("cr1.corp.local"));
        QCOMPARE(back.names, (QStringList{QStringLiteral("cr1.corp.local"), QStringLiteral("cr1")}));
        QCOMPARE(back.addresses.size(), 2);
        QCOMPARE(back.addresses.at(1), QHostAddress(QStringLiteral("fd00::5")));
    }

    void tellsOtherServicesAndPrefixes_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("expected");
        const int notBanner = int(ListenerBanner::Match::NotBanner);
        const int incomplete = int(ListenerBanner::Match::Incomplete);
        const int malformed = int(ListenerBanner::Match::Malformed);
        const int banner = int(ListenerBanner::Match::Banner);
        QTest::newRow("ssh") << QByteArray("SSH-2.0-OpenSSH_9.2p1\r\n") << notBanner;
        QTest::newRow("http") << QByteArray("HTTP/1.1 200 OK\r\n") << notBanner;
        QTest::newRow("tls record") << QByteArray("\x16\x03\x03\x00\x31", 5) << notBanner;
        QTest::newRow("smtp") << QByteArray("220 mail.lab.test ESMTP\r\n") << notBanner;
        QTest::newRow("empty") << QByteArray() << notBanner;
        QTest::newRow("T alone") << QByteArray("T") << incomplete;
        QTest::newRow("magic only") << QByteArray("TOPOCHECK-LISTENER/1 ") << incomplete;
        QTest::newRow("no newline yet") << QByteArray("TOPOCHECK-LISTENER/1 tcp/443 role=x host=") << incomplete;
        QTest::newRow("other version") << QByteArray("TOPOCHECK-LISTENER/2 tcp/443\r\n") << notBanner;
        QTest::newRow("no port") << QByteArray("TOPOCHECK-LISTENER/1 role=x host=y\r\n") << malformed;
        QTest::newRow("port 0") << QByteArray("TOPOCHECK-LISTENER/1 tcp/0 role=x host=y\r\n") << malformed;
        QTest::newRow("port 65536") << QByteArray("TOPOCHECK-LISTENER/1 tcp/65536 role=x host=y\r\n") << malformed;
        QTest::newRow("sctp") << QByteArray("TOPOCHECK-LISTENER/1 sctp/80 role=x host=y\r\n") << malformed;
        QTest::newRow("no role") << QByteArray("TOPOCHECK-LISTENER/1 tcp/80 host=y\r\n") << malformed;
        QTest::newRow("control bytes") << QByteArray("TOPOCHECK-LISTENER/1 tcp/80 role=x\x01 host=y\r\n") << malformed;
        QTest::newRow("endless") << (QByteArray("TOPOCHECK-LISTENER/1 ") + QByteArray(600, 'a')) << malformed;
        QTest::newRow("unknown field kept out") << QByteArray("TOPOCHECK-LISTENER/1 udp/88 role=x host=y zone=z\n") << banner;
    }

    void tellsOtherServicesAndPrefixes()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, expected);
        QString problem;
        QCOMPARE(int(ListenerBanner::match(bytes, nullptr, &problem)), expected);
        QCOMPARE(problem.isEmpty(), expected != int(ListenerBanner::Match::Malformed));
    }

    void matchesTheProbedDestination_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("matches");
        QTest::newRow("full name") << "cr1.corp.local" << "192.0.2.1" << 443 << true;
        QTest::newRow("full name, other case, trailing dot") << "CR1.Corp.Local." << "192.0.2.1" << 443 << true;
        QTest::newRow("short name") << "cr1" << "192.0.2.1" << 443 << true;
        QTest::newRow("address literal") << "10.0.0.5" << "10.0.0.5" << 443 << true;
        QTest::newRow("other name, listener's address") << "lb.corp.local" << "10.0.0.5" << 443 << true;
        QTest::newRow("ipv6 address") << "fd00::5" << "fd00::5" << 443 << true;
        QTest::newRow("other node") << "cr2.corp.local" << "10.0.0.6" << 443 << false;
        QTest::newRow("other address literal") << "10.0.0.6" << "10.0.0.6" << 443 << false;
        QTest::newRow("other port") << "cr1.corp.local" << "10.0.0.5" << 8443 << false;
    }

    void matchesTheProbedDestination()
    {
        QFETCH(QString, host);
        QFETCH(QString, address);
        QFETCH(int, port);
        QFETCH(bool, matches);
        const QString why = cr1().mismatchFor(host, QHostAddress(address), quint16(port), Transport::Tcp);
        QCOMPARE(why.isEmpty(), matches);
        if (!matches)
            QVERIFY2(why.contains(port == 443 ? QStringLiteral("cr1.corp.local") : QStringLiteral("8443")), qPrintable(why));
    }

    void transportMustMatch()
    {
        QVERIFY(!cr1().mismatchFor(QStringLiteral("cr1"), {}, 443, Transport::Udp).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstListenerBanner)
#include "tst_listenerbanner.moc"
