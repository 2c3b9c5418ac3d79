#include "labcaptures.h"
#include "smb2wire.h"

#include <QTest>

class TestSmb2Wire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void negotiateRequestMatchesReferenceProbe()
    {
        const QByteArray built = Smb2Wire::negotiateRequest(LabCaptures::smbClientGuid(), LabCaptures::smbSalt());
        QCOMPARE(built.toHex(), LabCaptures::smbNegotiateRequest().toHex());
    }

    void smb1NegotiateMatchesWhatTheLabAnswered()
    {
        QCOMPARE(Smb2Wire::smb1MultiProtocolNegotiate().toHex(), LabCaptures::smb1MultiRequest().toHex());
    }

    void parsesSmb311()
    {
        const SmbNegotiateReply r = Smb2Wire::parseNegotiateReply(LabCaptures::smb311Response());
        QCOMPARE(r.kind, SmbNegotiateReply::Kind::Smb2);
        QCOMPARE(r.status, 0u);
        QCOMPARE(r.dialect, quint16(0x0311));
        QCOMPARE(Smb2Wire::dialectName(r.dialect), QStringLiteral("3.1.1"));
        QCOMPARE(r.cipher, quint16(2));
        QCOMPARE(Smb2Wire::cipherName(r.cipher), QStringLiteral("AES-128-GCM"));
        QVERIFY(!(r.securityMode & 0x2)); // the lab's smbd enables but does not require signing
    }

    void framing()
    {
        QByteArrayView message;
        const QByteArray framed = LabCaptures::smb1OnlyResponse();
        QCOMPARE(Smb2Wire::directTcpMessage(framed, &message), FrameStatus::Complete);
        QCOMPARE(message.size(), framed.size() - 4);
        QCOMPARE(Smb2Wire::directTcpMessage(QByteArrayView(framed).first(40), &message), FrameStatus::Incomplete);
        QCOMPARE(Smb2Wire::directTcpMessage(QByteArrayView("HTTP/1.1 400 Bad Request"), &message),
                 FrameStatus::Invalid);
        QCOMPARE(Smb2Wire::directTcpMessage(QByteArrayView("\0\x01\0\x01", 4), &message),
                 FrameStatus::Invalid); // > 64 KiB
    }

    void smb1OnlyServer()
    {
        QByteArrayView message;
        const QByteArray capture = LabCaptures::smb1OnlyResponse(); // message views these bytes: keep them alive
        QCOMPARE(Smb2Wire::directTcpMessage(capture, &message), FrameStatus::Complete);
        const SmbNegotiateReply r = Smb2Wire::parseNegotiateReply(message);
        QCOMPARE(r.kind, SmbNegotiateReply::Kind::Smb1);
        QCOMPARE(r.status, 0u);
        QCOMPARE(r.smb1DialectIndex, 0); // "NT LM 0.12"
    }

    void smb2ServerAnswersTheOldWayWithTheWildcard()
    {
        QByteArrayView message;
        const QByteArray capture = LabCaptures::smbWildcardResponse(); // message views these bytes: keep them alive
        QCOMPARE(Smb2Wire::directTcpMessage(capture, &message), FrameStatus::Complete);
        const SmbNegotiateReply r = Smb2Wire::parseNegotiateReply(message);
        QCOMPARE(r.kind, SmbNegotiateReply::Kind::Smb2);
        QCOMPARE(r.dialect, Smb2Wire::Smb2Wildcard);
        QVERIFY(Smb2Wire::dialectName(r.dialect).isEmpty());
    }

    void noCommonSmb1Dialect()
    {
        QByteArrayView message;
        const QByteArray capture = LabCaptures::smbNoCommonDialect(); // message views these bytes: keep them alive
        QCOMPARE(Smb2Wire::directTcpMessage(capture, &message), FrameStatus::Complete);
        const SmbNegotiateReply r = Smb2Wire::parseNegotiateReply(message);
        QCOMPARE(r.kind, SmbNegotiateReply::Kind::Smb1);
        QCOMPARE(r.smb1DialectIndex, 0xffff);
    }

    void errorStatus()
    {
        QByteArray m = LabCaptures::smb311Response();
        m.replace(8, 4, QByteArray::fromHex("0d0000c0")); // STATUS_INVALID_PARAMETER
        const SmbNegotiateReply r = Smb2Wire::parseNegotiateReply(m);
        QCOMPARE(r.kind, SmbNegotiateReply::Kind::Smb2);
        QCOMPARE(r.status, 0xc000000du);
    }

    void truncationsAndOthers()
    {
        const QByteArray full = LabCaptures::smb311Response();
        for (qsizetype n = 4; n < 128; ++n)
            QCOMPARE(Smb2Wire::parseNegotiateReply(QByteArrayView(full).first(n)).kind,
                     SmbNegotiateReply::Kind::Malformed);
        // contexts cut off: the dialect still stands, the cipher is unknown
        const SmbNegotiateReply cut = Smb2Wire::parseNegotiateReply(QByteArrayView(full).first(200));
        QCOMPARE(cut.kind, SmbNegotiateReply::Kind::Smb2);
        QCOMPARE(cut.cipher, quint16(0));
        QCOMPARE(Smb2Wire::parseNegotiateReply(QByteArrayView("HTTP/1.1 400")).kind, SmbNegotiateReply::Kind::NotSmb);
        // the request is not a response
        QCOMPARE(Smb2Wire::parseNegotiateReply(LabCaptures::smbNegotiateRequest().mid(4)).kind,
                 SmbNegotiateReply::Kind::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestSmb2Wire)
#include "tst_smb2wire.moc"
