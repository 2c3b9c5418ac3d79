#include "tlsinspector.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// Grading of real certificates made by the lab's own certs.sh (a test CA and its leaves).
class TestTlsInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess certs;
        certs.start(QStringLiteral("bash"), {QStringLiteral(TOPOCHECK_SOURCE_DIR "/tests/lab/certs.sh"), m_dir.path(),
                                             QStringLiteral("DNS:lb.lab.test")});
        QVERIFY(certs.waitForFinished(120000));
        if (certs.exitCode() != 0)
            QSKIP("openssl could not make the test certificates");
    }

    void grading_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<int>("protocol");
        QTest::addColumn<QList<int>>("errors");
        QTest::addColumn<bool>("fatal");
        QTest::addColumn<bool>("soft");
        QTest::addColumn<bool>("trusted");
        QTest::addColumn<bool>("nameOk");
        QTest::addColumn<QString>("problem");

        QTest::newRow("valid") << "valid" << int(QSsl::TlsV1_3) << QList<int>{} << false << false << true << true << "";
        QTest::newRow("valid TLS 1.2") << "valid" << int(QSsl::TlsV1_2) << QList<int>{} << false << false << true << true
                                       << "";
        QT_WARNING_PUSH
        QT_WARNING_DISABLE_DEPRECATED
        QTest::newRow("TLS 1.1") << "valid" << int(QSsl::TlsV1_1) << QList<int>{} << true << false << true << true
                                 << "TLS 1.1 negotiated";
        QT_WARNING_POP
        QTest::newRow("expired") << "expired" << int(QSsl::TlsV1_3) << QList<int>{int(QSslError::CertificateExpired)}
                                 << true << false << true << true << "certificate expired";
        QTest::newRow("expiring") << "expiring" << int(QSsl::TlsV1_3) << QList<int>{} << false << true << true << true
                                  << "certificate expires in";
        QTest::newRow("self-signed") << "selfsigned" << int(QSsl::TlsV1_3)
                                     << QList<int>{int(QSslError::SelfSignedCertificate)} << false << true << false
                                     << true << "self-signed";
        QTest::newRow("unknown issuer") << "valid" << int(QSsl::TlsV1_3)
                                        << QList<int>{int(QSslError::UnableToGetLocalIssuerCertificate),
                                                      int(QSslError::UnableToVerifyFirstCertificate)}
                                        << false << true << false << true << "chain not trusted";
        QTest::newRow("wrong name") << "wrongname" << int(QSsl::TlsV1_3) << QList<int>{int(QSslError::HostNameMismatch)}
                                    << false << true << true << false << "not valid for lb.lab.test";
    }

    void grading()
    {
        QFETCH(QString, cert);
        QFETCH(int, protocol);
        QFETCH(QList<int>, errors);
        QFETCH(bool, fatal);
        QFETCH(bool, soft);
        QFETCH(bool, trusted);
        QFETCH(bool, nameOk);
        QFETCH(QString, problem);

        const QList<QSslCertificate> chain = QSslCertificate::fromPath(m_dir.filePath(cert + QStringLiteral(".pem")));
        QCOMPARE(chain.size(), 1);
        QList<QSslError> sslErrors;
        for (int e : errors)
            sslErrors.append(QSslError(QSslError::SslError(e), chain.first()));
        const TlsInspector::Report r = TlsInspector::assess(QSsl::SslProtocol(protocol), QStringLiteral("TLS_AES_128_GCM_SHA256"),
                                                            chain, sslErrors, QStringLiteral("lb.lab.test"));
        QCOMPARE(r.fatal, fatal);
        QCOMPARE(r.soft, soft);
        QCOMPARE(r.tls.toJson().value(QLatin1String("trusted")).toBool(), trusted);
        QCOMPARE(r.tls.toJson().value(QLatin1String("name_ok")).toBool(), nameOk);
        QCOMPARE(r.tls.toJson().value(QLatin1String("errors")).toArray().size(), errors.size());
        QCOMPARE(r.tls.toJson().value(QLatin1String("cipher")).toString(), QStringLiteral("TLS_AES_128_GCM_SHA256"));
        QCOMPARE(r.tls.toJson().value(QLatin1String("not_after")).toString(), chain.first().expiryDate().toUTC().toString(Qt::ISODate));
        QVERIFY(r.summary.startsWith(TlsInspector::protocolName(QSsl::SslProtocol(protocol))));
        if (problem.isEmpty()) {
            QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join(QLatin1Char('|'))));
            QVERIFY(r.advice.isEmpty());
        } else {
            QVERIFY2(r.problems.join(QLatin1Char('|')).contains(problem), qPrintable(r.problems.join(QLatin1Char('|'))));
            QVERIFY(!r.advice.isEmpty());
        }
        const int days = r.tls.toJson().value(QLatin1String("days_left")).toInt();
        if (cert == QLatin1String("expiring"))
            QVERIFY(days >= 9 && days <= 10);
        if (cert == QLatin1String("expired"))
            QVERIFY(days <= -29 && days >= -31);
        if (cert == QLatin1String("valid"))
            QVERIFY(days >= 823 && days <= 825);
    }

    void sansAndSubject()
    {
        const QList<QSslCertificate> chain = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("valid.pem")));
        QCOMPARE(chain.size(), 1);
        const TlsInspector::Report r = TlsInspector::assess(QSsl::TlsV1_3, {}, chain, {}, QStringLiteral("lb.lab.test"));
        const QJsonArray sans = r.tls.toJson().value(QLatin1String("sans")).toArray();
        QVERIFY(sans.contains(QStringLiteral("DNS:lb.lab.test")));
        QVERIFY(sans.contains(QStringLiteral("IP:127.0.0.1")));
        QCOMPARE(r.tls.toJson().value(QLatin1String("subject")).toString(), QStringLiteral("CN=lab.test.local")); // openssl ca keeps only CN (policy "anything")
        QCOMPARE(r.tls.toJson().value(QLatin1String("issuer")).toString(), QStringLiteral("CN=Lab Test CA, O=Lab Test"));
    }

    void noCertificateIsFatal()
    {
        const TlsInspector::Report r = TlsInspector::assess(QSsl::TlsV1_3, {}, {}, {}, QStringLiteral("x"));
        QVERIFY(r.fatal);
        QCOMPARE(r.tls.toJson().value(QLatin1String("trusted")).toBool(), false);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestTlsInspector)
#include "tst_tlsinspector.moc"
