#include "derreader.h"
#include "derwriter.h"
#include "kerberoscheck.h"
#include "kerberoswire.h"
#include "labcaptures.h"

#include <QTest>

namespace {

using DerWriter::tlv;

QByteArray field(int n, const QByteArray &value)
{
    return tlv(quint8(0xa0 | n), value);
}

QByteArray smallInteger(int v)
{
    return tlv(0x02, QByteArray(1, char(v)));
}

QByteArray kerberosString(const QString &s)
{
    return tlv(0x1b, s.toLatin1());
}

QByteArray principal(int type, const QStringList &parts)
{
    QByteArray names;
    for (const QString &p : parts)
        names += kerberosString(p);
    return tlv(0x30, field(0, smallInteger(type)) + field(1, tlv(0x30, names)));
}

// A KRB-ERROR laid out as RFC 4120 5.9.1 defines it, with the fields a Windows KDC fills: stime, susec,
// error-code, realm and sname of the request, no e-text; crealm only in a referral (RFC 6806 7).
QByteArray windowsKrbError(int code, const QString &realm, const QString &crealm, const QStringList &cname)
{
    QByteArray body = field(0, smallInteger(5)) + field(1, smallInteger(30)) +
                      field(4, tlv(0x18, QByteArrayLiteral("20261202083820Z"))) +
                      field(5, tlv(0x02, QByteArray::fromHex("0a4f12"))) + field(6, smallInteger(code));
    if (!crealm.isEmpty())
        body += field(7, kerberosString(crealm));
    if (!cname.isEmpty())
        body += field(8, principal(cname.size() == 1 ? 1 : 2, cname));
    body += field(9, kerberosString(realm)) + field(10, principal(2, {QStringLiteral("krbtgt"), realm}));
    return tlv(0x7e, tlv(0x30, body));
}

QByteArray adWrongRealm(const QString &asked, const QString &referral)
{
    return windowsKrbError(68, asked, referral, {});
}

QByteArray adPrincipalUnknown(const QString &domain)
{
    return windowsKrbError(6, domain, domain, {QStringLiteral("krbtgt"), domain});
}

// Debian 12 krb5kdc 1.20.1 configured by tests/lab/start-krb5kdc.sh (realm TEST.LOCAL), 2026-12-02, asked
// by an AS-REQ for krbtgt/BOGUS.REALM@BOGUS.REALM: KRB-ERROR 6, realm fields copied, e-text CLIENT_NOT_FOUND
QByteArray mitNoKrbtgtBogus()
{
    return QByteArray::fromHex(
        "7e81a230819fa003020105a10302011ea411180f32303236313230323038333832305aa5050203082ebca603020106a70d1b0b"
        "424f4755532e5245414c4da820301ea003020102a11730151b066b72627467741b0b424f4755532e5245414c4da90d1b0b424f"
        "4755532e5245414c4daa20301ea003020102a11730151b066b72627467741b0b424f4755532e5245414c4dab121b10434c4945"
        "4e545f4e4f545f464f554e44");
}

// the same KDC asked for krbtgt/TEST.LOCAL@TEST.LOCAL: KRB-ERROR 25 with PA-ETYPE-INFO2
QByteArray mitKrbtgtPreauth()
{
    return QByteArray::fromHex(
        "7e81fa3081f7a003020105a10302011ea411180f32303236313230323038333832305aa5050203082ebba603020119a70c1b0a"
        "544553542e4c4f43414ca81f301da003020102a11630141b066b72627467741b0a544553542e4c4f43414ca90c1b0a54455354"
        "2e4c4f43414caa1f301da003020102a11630141b066b72627467741b0a544553542e4c4f43414cab101b0e4e45454445445f50"
        "524541555448ac5c045a3058300aa10402020088a20204003030a103020113a229042730253023a003020112a11c1b1a544553"
        "542e4c4f43414c6b7262746774544553542e4c4f43414c3009a103020102a2020400300da10402020085a20504034d4954");
}

} // namespace

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

    void mitCopiesTheRealmAskedFor()
    {
        // MIT krb5kdc serves one realm and answers a request for any other from its own database: the
        // realm fields of its KRB-ERROR are the request's, for a realm it serves as for one it does not
        const KerberosReply bogus = KerberosWire::parseReply(LabCaptures::krbErrorBogusRealm());
        QCOMPARE(bogus.errorCode, 6);
        QCOMPARE(bogus.realm, QStringLiteral("TOPOCHECK.INVALID"));
        QCOMPARE(bogus.clientRealm, QStringLiteral("TOPOCHECK.INVALID"));
        QCOMPARE(bogus.clientName, QStringLiteral("topocheck-probe-1234abcd"));
        const KerberosReply served = KerberosWire::parseReply(LabCaptures::krbErrorUnknown());
        QCOMPARE(served.errorCode, bogus.errorCode);
        QCOMPARE(served.errorText, bogus.errorText);
        // so for an unknown principal the realm cannot decide: not a mismatch either way
        CheckContext ctx;
        ctx.host = QStringLiteral("dc1.lab.test");
        ctx.kerberosRealm = QStringLiteral("TOPOCHECK.INVALID");
        QCOMPARE(KerberosCheck::outcomeFor(LabCaptures::krbErrorBogusRealm(), ctx).service, ServiceStatus::Ok);
    }

    void wrongRealmFromActiveDirectory_data()
    {
        QTest::addColumn<QString>("crealm");
        QTest::addColumn<QString>("detail");
        QTest::newRow("no referral") << QString()
                                     << "KDC answered: KRB-ERROR 68 wrong realm (CONTOSO.LOCAL is not served here)";
        QTest::newRow("referral to its own domain")
            << "CORP.EXAMPLE.COM"
            << "KDC answered: KRB-ERROR 68 wrong realm (CONTOSO.LOCAL is not served here; it refers to "
               "CORP.EXAMPLE.COM)";
    }

    void wrongRealmFromActiveDirectory()
    {
        QFETCH(QString, crealm);
        QFETCH(QString, detail);
        const QByteArray bytes = adWrongRealm(QStringLiteral("CONTOSO.LOCAL"), crealm);
        const KerberosReply r = KerberosWire::parseReply(bytes);
        QCOMPARE(r.kind, KerberosReply::Kind::KrbError);
        QCOMPARE(r.errorCode, 68);
        QCOMPARE(r.clientRealm, crealm);
        CheckContext ctx;
        ctx.host = QStringLiteral("dc1.corp.example.com");
        ctx.kerberosRealm = QStringLiteral("CONTOSO.LOCAL");
        ServiceOutcome o = KerberosCheck::outcomeFor(bytes, ctx);
        QCOMPARE(o.service, ServiceStatus::Mismatch);
        QCOMPARE(o.detail, detail);
        QVERIFY2(o.advice.contains(QLatin1String("does not serve the realm CONTOSO.LOCAL set in the profile")),
                 qPrintable(o.advice));
        QCOMPARE(decideVerdict(Expectation::Open, CheckState::Open, o.service, o.softFinding), Verdict::Fail);
        // without a realm in the profile the realm asked for is a guess from the host name: the KDC is there
        ctx.kerberosRealm.clear();
        o = KerberosCheck::outcomeFor(bytes, ctx);
        QCOMPARE(o.service, ServiceStatus::Ok);
    }

    void realmWithoutItsKrbtgt_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("realm");
        QTest::addColumn<int>("service");
        QTest::addColumn<QString>("detail");
        QTest::newRow("MIT, realm not served") << mitNoKrbtgtBogus() << "BOGUS.REALM" << int(ServiceStatus::Mismatch)
                                               << "KDC answered: KRB-ERROR 6, it holds no krbtgt/BOGUS.REALM "
                                                  "(BOGUS.REALM is not served here)";
        QTest::newRow("MIT, its realm") << mitKrbtgtPreauth() << "TEST.LOCAL" << int(ServiceStatus::Ok)
                                        << "KDC answered: KRB-ERROR 25 pre-authentication required (realm TEST.LOCAL)";
        // Active Directory finds clients by sAMAccountName and UPN only ([MS-KILE] 3.3.5.6.1): its own
        // krbtgt/DOMAIN is unknown as a client, without MIT's e-text. Its realm is served.
        QTest::newRow("Active Directory, its domain")
            << adPrincipalUnknown(QStringLiteral("CONTOSO.LOCAL")) << "CONTOSO.LOCAL" << int(ServiceStatus::Ok)
            << "KDC answered: KRB-ERROR 6 principal unknown (realm CONTOSO.LOCAL)";
    }

    void realmWithoutItsKrbtgt()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, realm);
        QFETCH(int, service);
        QFETCH(QString, detail);
        CheckContext ctx;
        ctx.host = QStringLiteral("dc1.lab.test");
        ctx.kerberosRealm = realm;
        const ServiceOutcome o = KerberosCheck::outcomeFor(reply, ctx);
        QCOMPARE(int(o.service), service);
        QCOMPARE(o.detail, detail);
        QCOMPARE(o.advice.isEmpty(), o.service == ServiceStatus::Ok);
    }

    void profileRealmAsksForItsKrbtgt()
    {
        const QByteArray built = KerberosWire::tgsClientAsRequest(QStringLiteral("TEST.LOCAL"), 12345);
        // cname: NT-SRV-INST (2) krbtgt/TEST.LOCAL, realm TEST.LOCAL, sname krbtgt/TEST.LOCAL
        const QByteArray principal =
            QByteArray::fromHex("301da003020102a11630141b066b72627467741b0a544553542e4c4f43414c");
        QCOMPARE(built.count(principal), 2);
        QVERIFY(built.contains(QByteArray::fromHex("a20c1b0a544553542e4c4f43414c")));
        QVERIFY(built.contains(QByteArray::fromHex("a70402023039"))); // nonce 12345
        KerberosCheck check;
        CheckContext ctx;
        ctx.host = QStringLiteral("dc1.lab.test");
        ctx.transport = Transport::Udp;
        ctx.kerberosRealm = QStringLiteral("TEST.LOCAL");
        const QByteArray request = check.udpRequest(ctx);
        QCOMPARE(request.count(principal), 2);
        QVERIFY(!request.contains("topocheck-probe-"));
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
