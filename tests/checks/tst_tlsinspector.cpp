#include "httpcheck.h"
#include "tlsinspector.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
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
        QVERIFY2(certs.exitCode() == 0, certs.readAllStandardError().constData());
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

    void peerName_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fully qualified") << "dc1.lab.test." << "dc1.lab.test";
        QTest::newRow("plain") << "dc1.lab.test" << "dc1.lab.test";
        QTest::newRow("single label") << "dc1." << "dc1";
        QTest::newRow("ipv4") << "10.0.0.1" << "10.0.0.1";
        QTest::newRow("ipv6") << "fe80::1" << "fe80::1";
        QTest::newRow("root alone") << "." << ".";
        QTest::newRow("two dots stay wrong") << "dc1.." << "dc1..";
        QTest::newRow("empty") << "" << "";
    }

    void peerName()
    {
        QFETCH(QString, host);
        QFETCH(QString, expected);
        QCOMPARE(TlsInspector::peerName(host), expected);
    }

    void caFileAddsToTheSystemRoots()
    {
        // A CA file for an internal CA must leave every publicly trusted root trusted.
        const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
        QVERIFY2(!system.isEmpty(), "no system CA certificates (ca-certificates)");
        const QSslCertificate lab = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("ca.pem"))).value(0);
        QVERIFY(!lab.isNull());
        QSslSocket socket;
        QCOMPARE(TlsInspector::configure(&socket, QStringLiteral("lb.lab.test"), m_dir.filePath(QStringLiteral("ca.pem"))),
                 QString());
        const QList<QSslCertificate> roots = socket.sslConfiguration().caCertificates();
        QVERIFY(roots.contains(lab));
        for (const QSslCertificate &root : system)
            QVERIFY2(roots.contains(root), qPrintable(root.subjectDisplayName()));
    }

    void unusableCaFileKeepsTheSystemStore()
    {
        QSslSocket socket;
        const QString problem =
            TlsInspector::configure(&socket, QStringLiteral("lb.lab.test"), m_dir.filePath(QStringLiteral("ca.key")));
        QVERIFY2(problem.contains(QLatin1String("holds no certificate")), qPrintable(problem));
        QCOMPARE(socket.sslConfiguration().caCertificates(), QSslConfiguration::defaultConfiguration().caCertificates());
    }

    void fullyQualifiedNameMatchesTheCertificate()
    {
        // A real handshake on loopback: the leaf names DNS:lb.lab.test, the check is given "lb.lab.test."
        QSslServer server;
        QSslConfiguration serverConf = QSslConfiguration::defaultConfiguration();
        serverConf.setLocalCertificate(QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("valid.pem"))).value(0));
        QFile keyFile(m_dir.filePath(QStringLiteral("valid.key")));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        serverConf.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa));
        serverConf.setPeerVerifyMode(QSslSocket::VerifyNone);
        server.setSslConfiguration(serverConf);
        QVERIFY(server.listen(QHostAddress::LocalHost));

        const QString host = QStringLiteral("lb.lab.test.");
        QSslSocket client;
        QCOMPARE(TlsInspector::configure(&client, host, m_dir.filePath(QStringLiteral("ca.pem"))), QString());
        QList<QSslError> errors;
        connect(&client, &QSslSocket::sslErrors, &client, [&client, &errors](const QList<QSslError> &e) {
            errors += e;
            client.ignoreSslErrors();
        });
        QSignalSpy encrypted(&client, &QSslSocket::encrypted);
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort(), client.peerVerifyName());
        QVERIFY(encrypted.wait(10000));
        QStringList texts;
        for (const QSslError &e : std::as_const(errors))
            texts << e.errorString();
        QVERIFY2(errors.isEmpty(), qPrintable(texts.join(QLatin1String("; "))));
        const TlsInspector::Report r = TlsInspector::inspect(client, errors, host);
        QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join(QLatin1String("; "))));
        QCOMPARE(r.tls.nameOk, std::optional<bool>(true));
        QCOMPARE(r.tls.trusted, std::optional<bool>(true));
    }

    void fullyQualifiedNameInTheHostHeader()
    {
        // The HTTP check names the server as it knows itself: "Host: cr.example.test:PORT", no root dot.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray request;
        connect(&server, &QTcpServer::newConnection, this, [&server, &request] {
            QTcpSocket *peer = server.nextPendingConnection();
            connect(peer, &QIODevice::readyRead, peer, [peer, &request] {
                request += peer->readAll();
                if (request.contains("\r\n\r\n"))
                    peer->write("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n");
            });
        });
        HttpCheck check(false);
        QTcpSocket *socket = check.createSocket();
        CheckContext ctx;
        ctx.host = QStringLiteral("cr.example.test.");
        ctx.address = QHostAddress::LocalHost;
        ctx.port = server.serverPort();
        ctx.timeoutMs = 5000;
        QSignalSpy finished(&check, &ProtocolCheck::finished);
        connect(socket, &QAbstractSocket::connected, &check, [&check, socket, ctx] { check.start(socket, ctx); });
        socket->connectToHost(ctx.address, ctx.port);
        QVERIFY(finished.wait(10000));
        const QByteArray expected = "\r\nHost: cr.example.test:" + QByteArray::number(ctx.port) + "\r\n";
        QVERIFY2(request.contains(expected), request.constData());
        check.abort();
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestTlsInspector)
#include "tst_tlsinspector.moc"
