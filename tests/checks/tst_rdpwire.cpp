#include "labcaptures.h"
#include "rdpwire.h"

#include <QTest>

class TestRdpWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectionRequest()
    {
        // rdp_probe.py's request without its routing cookie: TPKT, X.224 CR, RDP_NEG_REQ (TLS | CredSSP)
        QCOMPARE(RdpWire::connectionRequest(0x3).toHex(), QByteArray("030000130ee000000000000100080003000000"));
    }

    void parsesXrdp()
    {
        QByteArrayView packet;
        const QByteArray capture = LabCaptures::rdpConfirmTls(); // packet views these bytes: keep them alive
        QCOMPARE(RdpWire::tpktPacket(capture, &packet), FrameStatus::Complete);
        const RdpConfirm c = RdpWire::parseConfirm(packet);
        QCOMPARE(c.kind, RdpConfirm::Kind::Confirm);
        QCOMPARE(c.negotiation, int(RdpConfirm::Response));
        QCOMPARE(c.selectedProtocol, quint32(RdpConfirm::Tls));
    }

    void negotiationFailure()
    {
        const QByteArray failure = QByteArray::fromHex("030000130ed000001234000300080005000000");
        const RdpConfirm c = RdpWire::parseConfirm(failure);
        QCOMPARE(c.kind, RdpConfirm::Kind::Confirm);
        QCOMPARE(c.negotiation, int(RdpConfirm::Failure));
        QCOMPARE(c.failureCode, 5u); // HYBRID_REQUIRED_BY_SERVER
    }

    void legacyConfirmWithoutNegotiation()
    {
        const RdpConfirm c = RdpWire::parseConfirm(QByteArray::fromHex("0300000b06d00000123400"));
        QCOMPARE(c.kind, RdpConfirm::Kind::Confirm);
        QCOMPARE(c.negotiation, int(RdpConfirm::NoNegotiation));
    }

    void rejectsOthers()
    {
        QByteArrayView packet;
        QCOMPARE(RdpWire::tpktPacket(QByteArrayView("HTTP/1.1 400"), &packet), FrameStatus::Invalid);
        QCOMPARE(RdpWire::tpktPacket(QByteArrayView("\x03\x00\x00\x13\x0e", 5), &packet), FrameStatus::Incomplete);
        QCOMPARE(RdpWire::tpktPacket(QByteArrayView("\x03\x00\xff\xff", 4), &packet), FrameStatus::Invalid);
        QCOMPARE(RdpWire::parseConfirm(QByteArrayView("HTTP/1.1 400")).kind, RdpConfirm::Kind::NotRdp);
        // our own request (a CR, not a CC)
        QCOMPARE(RdpWire::parseConfirm(RdpWire::connectionRequest(3)).kind, RdpConfirm::Kind::NotRdp);
        QByteArray bad = LabCaptures::rdpConfirmTls();
        bad[13] = '\x09'; // RDP_NEG_RSP length must be 8
        QCOMPARE(RdpWire::parseConfirm(bad).kind, RdpConfirm::Kind::Malformed);
        QByteArray liar = LabCaptures::rdpConfirmTls();
        liar[4] = '\x7f'; // length indicator beyond the packet
        QCOMPARE(RdpWire::parseConfirm(liar).kind, RdpConfirm::Kind::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestRdpWire)
#include "tst_rdpwire.moc"
