#include "labcaptures.h"
#include "tdswire.h"

#include <QTest>

class TestTdsWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void preloginMatchesReferenceProbe()
    {
        QCOMPARE(TdsWire::preloginRequest().toHex(), LabCaptures::tdsPrelogin().toHex());
    }

    void parsesTdspool()
    {
        QByteArrayView packet;
        QCOMPARE(TdsWire::packet(LabCaptures::tdsPreloginResponse(), &packet), FrameStatus::Complete);
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
