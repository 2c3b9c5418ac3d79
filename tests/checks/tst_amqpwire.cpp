#include "amqpwire.h"
#include "labcaptures.h"

#include <QTest>

class TestAmqpWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void header() { QCOMPARE(AmqpWire::protocolHeader(), QByteArray("AMQP\x00\x00\x09\x01", 8)); }

    void parsesRabbitMq()
    {
        const QByteArray capture = LabCaptures::amqpConnectionStart(); // the view below points into it
        QByteArrayView frame;
        QCOMPARE(AmqpWire::frame(capture, &frame), FrameStatus::Complete);
        const AmqpReply r = AmqpWire::parseReply(frame);
        QCOMPARE(r.kind, AmqpReply::Kind::ConnectionStart);
        QCOMPARE(r.versionMajor, 0);
        QCOMPARE(r.versionMinor, 9);
        QCOMPARE(r.product, QStringLiteral("RabbitMQ"));
        QCOMPARE(r.version, QStringLiteral("3.10.8"));
        QCOMPARE(r.platform, QStringLiteral("Erlang/OTP 25.2.3"));
        QCOMPARE(r.mechanisms, QStringLiteral("PLAIN AMQPLAIN"));
    }

    void brokerOfAnotherVersion()
    {
        QByteArrayView frame;
        const QByteArray amqp10("AMQP\x00\x01\x00\x00", 8);
        QCOMPARE(AmqpWire::frame(amqp10.first(5), &frame), FrameStatus::Incomplete);
        QCOMPARE(AmqpWire::frame(amqp10, &frame), FrameStatus::Complete);
        const AmqpReply r = AmqpWire::parseReply(frame);
        QCOMPARE(r.kind, AmqpReply::Kind::ProtocolHeader);
        QCOMPARE(r.versionMajor, 1);
        QCOMPARE(r.versionMinor, 0);
    }

    void qpidProtonAnswer()
    {
        // Apache Qpid Proton 0.37 (Debian 12 python3-qpid-proton, tests/lab/servers/amqp10_server.py),
        // 2026-12-02, answering our 0-9-1 header: its AMQP 1.0 header, an open and a close frame with
        // amqp:connection:framing-error; the check reads the header only
        const QByteArray answer = QByteArray::fromHex(
            "414d5150000100000000001002000000005310c00301a1000000006702000000005318c05a0100531dc05403a31d616d71"
            "703a636f6e6e656374696f6e3a6672616d696e672d6572726f72a131556e6b6e6f776e2070726f746f636f6c2064657465"
            "637465643a2027414d51505c7830305c7830305c7830395c7830312740");
        QByteArrayView frame;
        QCOMPARE(AmqpWire::frame(answer, &frame), FrameStatus::Complete);
        QCOMPARE(frame.size(), 8);
        const AmqpReply r = AmqpWire::parseReply(frame);
        QCOMPARE(r.kind, AmqpReply::Kind::ProtocolHeader);
        QCOMPARE(r.protocolId, 0);
        QCOMPARE(AmqpWire::offeredVersion(r), QStringLiteral("1.0"));
    }

    void headers_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("version"); // empty: no AMQP version defines it
        // AMQP 1.0 (OASIS, 2012) 2.2, 5.2.1 and 5.3.1: protocol id 0 AMQP, 2 TLS, 3 SASL, then 1 0 0
        QTest::newRow("1.0") << QByteArray("AMQP\x00\x01\x00\x00", 8) << "1.0";
        QTest::newRow("1.0 TLS") << QByteArray("AMQP\x02\x01\x00\x00", 8) << "1.0 (TLS layer)";
        QTest::newRow("1.0 SASL") << QByteArray("AMQP\x03\x01\x00\x00", 8) << "1.0 (SASL layer)";
        // AMQP 0-9-1 4.2.2; 0-10 1.4.2 and 0-9 4.2.2 ("AMQP" 1 1 then major, minor); 0-8 ("AMQP" 1 1 8 0)
        QTest::newRow("0-9-1") << QByteArray("AMQP\x00\x00\x09\x01", 8) << "0-9-1";
        QTest::newRow("0-10") << QByteArray("AMQP\x01\x01\x00\x0a", 8) << "0-10";
        QTest::newRow("0-9") << QByteArray("AMQP\x01\x01\x00\x09", 8) << "0-9";
        QTest::newRow("0-8") << QByteArray("AMQP\x01\x01\x08\x00", 8) << "0-8";
        QTest::newRow("unknown protocol id") << QByteArray("AMQP\x04\x01\x00\x00", 8) << "";
        QTest::newRow("AMQP 2.0") << QByteArray("AMQP\x00\x02\x00\x00", 8) << "";
        QTest::newRow("text after AMQP") << QByteArray("AMQP/1.1") << "";
    }

    void headers()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, version);
        QByteArrayView frame;
        QCOMPARE(AmqpWire::frame(header, &frame), FrameStatus::Complete);
        const AmqpReply r = AmqpWire::parseReply(frame);
        if (version.isEmpty()) {
            QCOMPARE(r.kind, AmqpReply::Kind::Malformed);
            return;
        }
        QCOMPARE(r.kind, AmqpReply::Kind::ProtocolHeader);
        QCOMPARE(AmqpWire::offeredVersion(r), version);
    }

    void framing()
    {
        QByteArrayView frame;
        const QByteArray full = LabCaptures::amqpConnectionStart();
        for (qsizetype n = 0; n < full.size(); n += 7)
            QCOMPARE(AmqpWire::frame(QByteArrayView(full).first(n), &frame), FrameStatus::Incomplete);
        QCOMPARE(AmqpWire::frame(QByteArrayView("HTTP/1.1 400"), &frame), FrameStatus::Invalid);
        QCOMPARE(AmqpWire::frame(QByteArrayView("AMQX"), &frame), FrameStatus::Invalid);
        QCOMPARE(AmqpWire::frame(QByteArrayView("\x01\x00\x00\x7f\xff\xff\xff", 7), &frame), FrameStatus::Invalid);
    }

    void malformed()
    {
        QByteArray f = LabCaptures::amqpConnectionStart();
        f[f.size() - 1] = '\0';
        QCOMPARE(AmqpWire::parseReply(f).kind, AmqpReply::Kind::Malformed);
        f = LabCaptures::amqpConnectionStart();
        f[10] = '\x0b'; // Connection.StartOk is not what a broker sends first
        QCOMPARE(AmqpWire::parseReply(f).kind, AmqpReply::Kind::Malformed);
        // server-properties claiming more bytes than the frame holds
        f = LabCaptures::amqpConnectionStart();
        f[13] = '\x7f';
        QCOMPARE(AmqpWire::parseReply(f).kind, AmqpReply::Kind::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestAmqpWire)
#include "tst_amqpwire.moc"
