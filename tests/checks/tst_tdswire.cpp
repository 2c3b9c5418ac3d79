#include "labcaptures.h"
#include "tdswire.h"

#include <QTest>

namespace {

// [MS-TDS] section 4.1 "Pre-Login Request", the example PRELOGIN a client sends: VERSION 9.0.0.0,
// ENCRYPTION 0x01 (ENCRYPT_ON), INSTOPT "", THREADID 0x00000DB8, MARS on.
QByteArray specPreloginRequest()
{
    return QByteArray::fromHex("12 01 00 2F 00 00 01 00 00 00 1A 00 06 01 00 20"
                               "00 01 02 00 21 00 01 03 00 22 00 04 04 00 26 00"
                               "01 FF 09 00 00 00 00 00 01 00 B8 0D 00 00 01");
}

} // namespace

class TestTdsWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void specExampleParses()
    {
        const QByteArray p = specPreloginRequest();
        QCOMPARE(p.size(), 0x2f);
        const TdsPreloginReply r = TdsWire::parsePreloginPayload(TdsWire::packetData(p));
        QCOMPARE(r.kind, TdsPreloginReply::Kind::Prelogin);
        QCOMPARE(r.major, 9);
        QCOMPARE(r.minor, 0);
        QCOMPARE(r.build, 0);
        QCOMPARE(r.encryption, int(TdsPreloginReply::EncryptOn));
        // a client's PRELOGIN (type 0x12) is not a server's answer
        QCOMPARE(TdsWire::parsePrelogin(p).kind, TdsPreloginReply::Kind::NotTds);
    }

    void requestHasTheSpecLayout()
    {
        // Same options in the same order as the [MS-TDS] 4.1 example: the header and the option table
        // (offsets 0x1A, 0x20, 0x21, 0x22, 0x26) are byte for byte the example's; only the values differ
        // (our VERSION 15.0.2000, ENCRYPT_OFF, thread 0, MARS off).
        const QByteArray ours = TdsWire::preloginRequest();
        QCOMPARE(ours.size(), specPreloginRequest().size());
        QCOMPARE(ours.first(8 + 26).toHex(' '), specPreloginRequest().first(8 + 26).toHex(' '));
        const TdsPreloginReply r = TdsWire::parsePreloginPayload(TdsWire::packetData(ours));
        QCOMPARE(r.kind, TdsPreloginReply::Kind::Prelogin);
        QCOMPARE(r.encryption, int(TdsPreloginReply::EncryptOff));
    }

    void handshakeInPreloginPackets()
    {
        // 2.2.6.5: the TLS bytes are the raw data of PRELOGIN (0x12) packets of at most 4096 bytes
        QByteArray tls(5000, '\x16');
        quint8 id = 1;
        const QByteArray wrapped = TdsWire::handshakePackets(tls, &id);
        QCOMPARE(wrapped.size(), 5000 + 2 * 8);
        QCOMPARE(id, quint8(3));
        QCOMPARE(wrapped.first(8).toHex(' '), QByteArray("12 00 10 00 00 00 01 00"));        // 4096 bytes, more follow
        QCOMPARE(wrapped.sliced(4096, 8).toHex(' '), QByteArray("12 01 03 98 00 00 02 00")); // 920, end of message
        QByteArrayView packet;
        QCOMPARE(TdsWire::handshakePacket(wrapped, &packet), FrameStatus::Complete);
        QCOMPARE(packet.size(), 4096);
        QCOMPARE(TdsWire::packetData(packet).size(), 4096 - 8);
        QCOMPARE(TdsWire::handshakePacket(QByteArrayView(wrapped).sliced(4096), &packet), FrameStatus::Complete);
        QCOMPARE(TdsWire::packetData(packet), QByteArrayView(tls).sliced(4088));
        QCOMPARE(TdsWire::handshakePacket(QByteArrayView(wrapped).first(4095), &packet), FrameStatus::Incomplete);
        // servers before TDS 7.2 answer in tabular-result packets; anything else is not the handshake
        QCOMPARE(TdsWire::handshakePacket(LabCaptures::tdsPreloginResponse(), &packet), FrameStatus::Complete);
        QCOMPARE(TdsWire::handshakePacket(QByteArrayView("\x16\x03\x03\x00\x02", 5), &packet), FrameStatus::Invalid);
        QByteArray id255(1, '\x00');
        quint8 wrap = 255;
        QCOMPARE(quint8(TdsWire::handshakePackets(id255, &wrap).at(6)), quint8(255));
        QCOMPARE(wrap, quint8(0));
    }

    void tlsRecordDetection()
    {
        // RFC 8446 5.1 / 6: a fatal unexpected_message alert, what a strict-encryption server may answer
        QVERIFY(TdsWire::isTlsRecord(QByteArrayView("\x15\x03\x03\x00\x02\x02\x0a", 7)));
        QVERIFY(TdsWire::isTlsRecord(QByteArrayView("\x16\x03\x01\x02\x00", 5))); // a ClientHello record
        QVERIFY(!TdsWire::isTlsRecord(LabCaptures::tdsPreloginResponse()));
        QVERIFY(!TdsWire::isTlsRecord(specPreloginRequest()));
        QVERIFY(!TdsWire::isTlsRecord(QByteArrayView("HTTP/1.1 400", 12)));
        QVERIFY(!TdsWire::isTlsRecord(QByteArrayView("\x15\x03", 2)));
    }

    void preloginMatchesReferenceProbe()
    {
        QCOMPARE(TdsWire::preloginRequest().toHex(), LabCaptures::tdsPrelogin().toHex());
    }

    void parsesTdspool()
    {
        const QByteArray capture = LabCaptures::tdsPreloginResponse(); // the view below points into it
        QByteArrayView packet;
        QCOMPARE(TdsWire::packet(capture, &packet), FrameStatus::Complete);
        const TdsPreloginReply r = TdsWire::parsePrelogin(packet);
        QCOMPARE(r.kind, TdsPreloginReply::Kind::Prelogin);
        QCOMPARE(r.major, 10);
        QCOMPARE(r.minor, 0);
        QCOMPARE(r.build, 1600);
        QCOMPARE(r.encryption, int(TdsPreloginReply::EncryptNotSupported));
    }

    void encryptionRequired()
    {
        QByteArray p = LabCaptures::tdsPreloginResponse();
        // ENCRYPTION is at payload offset 0x20: byte 8 + 32 of the packet
        QCOMPARE(p.at(40), '\x02');
        p[40] = '\x03';
        QCOMPARE(TdsWire::parsePrelogin(p).encryption, int(TdsPreloginReply::EncryptRequired));
    }

    void framing()
    {
        QByteArrayView packet;
        const QByteArray full = LabCaptures::tdsPreloginResponse();
        for (qsizetype n = 0; n < full.size(); ++n)
            QCOMPARE(TdsWire::packet(QByteArrayView(full).first(n), &packet), FrameStatus::Incomplete);
        QCOMPARE(TdsWire::packet(QByteArrayView("HTTP/1.1 400 Bad Request"), &packet), FrameStatus::Invalid);
        QCOMPARE(TdsWire::packet(QByteArrayView("\x04\x01\x00\x04", 4), &packet), FrameStatus::Invalid);
    }

    void malformed()
    {
        QByteArray p = LabCaptures::tdsPreloginResponse();
        p[8 + 1] = '\x7f'; // VERSION offset far outside the packet
        QCOMPARE(TdsWire::parsePrelogin(p).kind, TdsPreloginReply::Kind::Malformed);
        QByteArray noTerminator = LabCaptures::tdsPreloginResponse().first(8 + 25);
        noTerminator[3] = char(noTerminator.size());
        QCOMPARE(TdsWire::parsePrelogin(noTerminator).kind, TdsPreloginReply::Kind::Malformed);
        QCOMPARE(TdsWire::parsePrelogin(LabCaptures::tdsPrelogin()).kind, TdsPreloginReply::Kind::NotTds);
    }
};

QTEST_GUILESS_MAIN(TestTdsWire)
#include "tst_tdswire.moc"
