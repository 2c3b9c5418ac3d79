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
        QByteArrayView frame;
        QCOMPARE(AmqpWire::frame(LabCaptures::amqpConnectionStart(), &frame), FrameStatus::Complete);
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
