#include "derreader.h"
#include "kerberoscheck.h"
#include "kerberoswire.h"
#include "labcaptures.h"

#include <QTest>

class TestKerberosWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asRequestMatchesReferenceProbe()
    {
        const QByteArray built = KerberosWire::asRequest(QStringLiteral("TEST.LOCAL"),
                                                         QStringLiteral("topocheck-probe-1234abcd"), 0x377ca219);
        QCOMPARE(built.toHex(), LabCaptures::krbAsReq().toHex());
    }

    void tcpFrameRoundTrip()
    {
        const QByteArray framed = KerberosWire::tcpFrame(LabCaptures::krbErrorUnknown());
        QCOMPARE(framed.size(), LabCaptures::krbErrorUnknown().size() + 4);
        QByteArrayView message;
        QCOMPARE(KerberosWire::tcpMessage(framed, &message), FrameStatus::Complete);
        QCOMPARE(message.toByteArray(), LabCaptures::krbErrorUnknown());
        QCOMPARE(KerberosWire::tcpMessage(framed.first(framed.size() - 1), &message), FrameStatus::Incomplete);
        QCOMPARE(KerberosWire::tcpMessage(framed.first(3), &message), FrameStatus::Incomplete);
        // an HTTP answer reads as a length of 0x48545450: not Kerberos, decided at once
        QCOMPARE(KerberosWire::tcpMessage(QByteArrayView("HTTP/1.1 400"), &message), FrameStatus::Invalid);
        QCOMPARE(KerberosWire::tcpMessage(QByteArrayView("\0\0\0\0", 4), &message), FrameStatus::Invalid);
    }

    void parsesPrincipalUnknown()
    {
        const KerberosReply r = KerberosWire::parseReply(LabCaptures::krbErrorUnknown());
        QCOMPARE(r.kind, KerberosReply::Kind::KrbError);
        QCOMPARE(r.errorCode, 6);
        QCOMPARE(r.realm, QStringLiteral("TEST.LOCAL"));
        QCOMPARE(r.clientRealm, QStringLiteral("TEST.LOCAL"));
        QCOMPARE(r.errorText, QStringLiteral("CLIENT_NOT_FOUND"));
    }

    void parsesPreauthRequired()
    {
        const KerberosReply r = KerberosWire::parseReply(LabCaptures::krbErrorPreauth());
        QCOMPARE(r.kind, KerberosReply::Kind::KrbError);
        QCOMPARE(r.errorCode, 25);
        QCOMPARE(r.errorText, QStringLiteral("NEEDED_PREAUTH"));
        QCOMPARE(KerberosWire::errorName(r.errorCode), QStringLiteral("KDC_ERR_PREAUTH_REQUIRED"));
    }

    void rejectsOtherServices()
    {
        QCOMPARE(KerberosWire::parseReply(LabCaptures::krbImpostorUdp()).kind, KerberosReply::Kind::NotKerberos);
        QCOMPARE(KerberosWire::parseReply(QByteArray()).kind, KerberosReply::Kind::NotKerberos);
        // our own AS-REQ echoed back is Kerberos, but not a reply
        QCOMPARE(KerberosWire::parseReply(LabCaptures::krbAsReq()).kind, KerberosReply::Kind::NotKerberos);
    }

    void everyTruncationIsMalformed()
    {
        const QByteArray full = LabCaptures::krbErrorPreauth();
        for (qsizetype n = 1; n < full.size(); ++n) {
            const KerberosReply r = KerberosWire::parseReply(QByteArrayView(full).first(n));
            QVERIFY2(r.kind == KerberosReply::Kind::Malformed, qPrintable(QString::number(n)));
        }
    }

    void wrongVersionIsMalformed()
    {
        QByteArray bytes = LabCaptures::krbErrorUnknown();
        // pvno: a0 03 02 01 05 right after the outer headers (7e 81 a4 30 81 a1)
        QCOMPARE(bytes.at(10), '\x05');
        bytes[10] = '\x04';
        QCOMPARE(KerberosWire::parseReply(bytes).kind, KerberosReply::Kind::Malformed);
    }

    void derReader()
    {
        quint8 tag = 0;
        QByteArrayView value;
        DerReader indefinite(QByteArrayView("\x30\x80\x00\x00", 4));
        QVERIFY(!indefinite.next(&tag, &value));
        QVERIFY(!indefinite.ok());
        DerReader tooLong(QByteArrayView("\x04\x82\xff\xff\x00", 5));
        QVERIFY(!tooLong.next(&tag, &value));
        DerReader two(QByteArrayView("\x02\x01\xff\x02\x02\x01\x00", 7));
        qint64 v = 0;
        QVERIFY(two.next(&tag, &value));
        QVERIFY(DerReader::toInteger(value, &v));
        QCOMPARE(v, qint64(-1));
        QVERIFY(two.next(&tag, &value));
        QVERIFY(DerReader::toInteger(value, &v));
        QCOMPARE(v, qint64(256));
        QVERIFY(two.atEnd());
        QVERIFY(!DerReader::toInteger(QByteArrayView(), &v));
    }

    void realmFor_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("profileRealm");
        QTest::addColumn<QString>("realm");
        QTest::addColumn<bool>("fromProfile");
        QTest::newRow("domain of the host") << "dc1.lab.test"
                                            << ""
                                            << "LAB.TEST" << false;
        QTest::newRow("profile wins") << "dc1.lab.test"
                                      << "TEST.LOCAL"
                                      << "TEST.LOCAL" << true;
        QTest::newRow("trailing dot") << "dc1.contoso.local."
                                      << ""
                                      << "CONTOSO.LOCAL" << false;
        QTest::newRow("IPv4") << "10.234.0.2"
                              << ""
                              << "TOPOCHECK.INVALID" << false;
        QTest::newRow("IPv6") << "[fd00::2]"
                              << ""
                              << "TOPOCHECK.INVALID" << false;
        QTest::newRow("single label") << "dc1"
                                      << ""
                                      << "TOPOCHECK.INVALID" << false;
    }

    void realmFor()
    {
        QFETCH(QString, host);
        QFETCH(QString, profileRealm);
        QFETCH(QString, realm);
        QFETCH(bool, fromProfile);
        CheckContext ctx;
        ctx.host = host;
        ctx.kerberosRealm = profileRealm;
        bool profile = !fromProfile;
        QCOMPARE(KerberosCheck::realmFor(ctx, &profile), realm);
        QCOMPARE(profile, fromProfile);
    }

    void outcomes()
    {
        CheckContext ctx;
        ctx.host = QStringLiteral("dc1.lab.test");
        ctx.port = 88;
        ServiceOutcome o = KerberosCheck::outcomeFor(LabCaptures::krbErrorUnknown(), ctx);
        QCOMPARE(o.service, ServiceStatus::Ok);
        QCOMPARE(o.detail, QStringLiteral("KDC answered: KRB-ERROR 6 principal unknown (realm TEST.LOCAL)"));
        o = KerberosCheck::outcomeFor(LabCaptures::krbErrorPreauth(), ctx);
        QCOMPARE(o.detail, QStringLiteral("KDC answered: KRB-ERROR 25 pre-authentication required (realm TEST.LOCAL)"));
        o = KerberosCheck::outcomeFor(LabCaptures::krbImpostorUdp(), ctx);
        QCOMPARE(o.service, ServiceStatus::Mismatch);
        QVERIFY2(o.detail.contains(QLatin1String("HTTP/1.0 400 Bad Request")), qPrintable(o.detail));
        QVERIFY2(
            o.advice.contains(QLatin1String("Port 88 on dc1.lab.test is answered by an HTTP server, not Kerberos")),
            qPrintable(o.advice));
    }

    void wrongRealmIsSoftWhenConfigured()
    {
        // KRB-ERROR 68 built by flipping the error code of a real reply (a6 03 02 01 06 -> 44)
        QByteArray bytes = LabCaptures::krbErrorUnknown();
        const qsizetype at = bytes.indexOf(QByteArray::fromHex("a603020106"));
        QVERIFY(at > 0);
        bytes[at + 4] = char(68);
        CheckContext ctx;
        ctx.host = QStringLiteral("dc1.lab.test");
        ctx.kerberosRealm = QStringLiteral("CONTOSO.LOCAL");
        ServiceOutcome o = KerberosCheck::outcomeFor(bytes, ctx);
        QCOMPARE(o.service, ServiceStatus::Ok);
        QVERIFY(o.softFinding);
        QVERIFY2(o.detail.contains(QLatin1String("wrong realm (CONTOSO.LOCAL is not served here)")),
                 qPrintable(o.detail));
        QVERIFY(!o.advice.isEmpty());
        ctx.kerberosRealm.clear();
        o = KerberosCheck::outcomeFor(bytes, ctx);
        QVERIFY(!o.softFinding);
    }

    void udpRequestIsAnAsReqForTheRealm()
    {
        KerberosCheck check;
        CheckContext ctx;
        ctx.host = QStringLiteral("dc1.lab.test");
        ctx.transport = Transport::Udp;
        const QByteArray a = check.udpRequest(ctx);
        const QByteArray b = check.udpRequest(ctx);
        QCOMPARE(quint8(a.at(0)), KerberosWire::AsReqTag);
        QVERIFY(a.contains("LAB.TEST"));
        QVERIFY(a.contains("topocheck-probe-"));
        QVERIFY(a != b); // a fresh principal and nonce every time
        QCOMPARE(check.udpReply(LabCaptures::krbErrorUnknown(), ctx).service, ServiceStatus::Ok);
        QCOMPARE(check.udpReply(QByteArray(), ctx).service, ServiceStatus::Mismatch);
    }
};

QTEST_GUILESS_MAIN(TestKerberosWire)
#include "tst_kerberoswire.moc"
