#include "h2wire.h"

#include <QtTest>

namespace {
// The lab's gRPC server (grpcio, h2c) answering the client preface: SETTINGS, WINDOW_UPDATE, SETTINGS ACK
const QByteArray GrpcAnswer = QByteArray::fromHex(
    "0000180400000000000004003fffff0005003fffff000600002000fe0300000001000004080000000000003f000000000004"
    "0100000000");
} // namespace

class TestH2Wire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void preface()
    {
        const QByteArray p = H2Wire::clientPreface();
        QCOMPARE(p.size(), 24 + 9);
        QCOMPARE(p.left(24), QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        QCOMPARE(p.mid(24), QByteArray::fromHex("000000040000000000"));
        QCOMPARE(H2Wire::settingsAck(), QByteArray::fromHex("000000040100000000"));
        H2Wire::FrameHeader goAway;
        QVERIFY(H2Wire::parseFrameHeader(H2Wire::goAway(), &goAway));
        QCOMPARE(goAway.type, quint8(H2Wire::GoAway));
        QCOMPARE(goAway.length, 8u);
        QCOMPARE(H2Wire::goAway().size(), 17);
    }

    void grpcCapture()
    {
        H2Wire::FrameHeader frame;
        QVERIFY(H2Wire::parseFrameHeader(GrpcAnswer, &frame));
        QCOMPARE(frame.type, quint8(H2Wire::Settings));
        QCOMPARE(frame.flags, quint8(0));
        QCOMPARE(frame.streamId, 0u);
        QCOMPARE(frame.length, 24u);
        QList<QPair<quint16, quint32>> settings;
        QVERIFY(H2Wire::parseSettings(GrpcAnswer.mid(9, 24), &settings));
        QCOMPARE(settings.size(), 4);
        QCOMPARE(settings.at(0), (QPair<quint16, quint32>(4, 0x3fffff)));
        QCOMPARE(H2Wire::describeSettings(settings),
                 QStringLiteral("INITIAL_WINDOW_SIZE=4194303 MAX_FRAME_SIZE=4194303 MAX_HEADER_LIST_SIZE=8192 0xfe03=1"));
        // next frame: WINDOW_UPDATE on stream 0, then the ACK of our SETTINGS
        QVERIFY(H2Wire::parseFrameHeader(GrpcAnswer.mid(33), &frame));
        QCOMPARE(frame.type, quint8(H2Wire::WindowUpdate));
        QCOMPARE(H2Wire::frameTypeName(frame.type), QStringLiteral("WINDOW_UPDATE"));
        QVERIFY(H2Wire::parseFrameHeader(GrpcAnswer.mid(46), &frame));
        QCOMPARE(frame.flags & H2Wire::AckFlag, int(H2Wire::AckFlag));
    }

    void shortAndOdd()
    {
        H2Wire::FrameHeader frame;
        QVERIFY(!H2Wire::parseFrameHeader(QByteArray::fromHex("0000000400000000"), &frame));
        QVERIFY(H2Wire::parseFrameHeader(QByteArray::fromHex("ffffff07ffffffffff"), &frame));
        QCOMPARE(frame.length, 0xffffffu);
        QCOMPARE(frame.streamId, 0x7fffffffu); // the reserved bit is not part of the id
        QList<QPair<quint16, quint32>> settings;
        QVERIFY(!H2Wire::parseSettings(QByteArray(7, '\0'), &settings));
        QVERIFY(H2Wire::parseSettings({}, &settings));
        QCOMPARE(H2Wire::describeSettings(settings), QStringLiteral("(empty)"));
    }
};

QTEST_APPLESS_MAIN(TestH2Wire)
#include "tst_h2wire.moc"
