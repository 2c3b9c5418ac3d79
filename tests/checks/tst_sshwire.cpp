#include "labcaptures.h"
#include "sshwire.h"

#include <QTest>

class TestSshWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openSsh()
    {
        const SshIdentification id = SshWire::parseIdentification(LabCaptures::sshIdentification());
        QCOMPARE(id.kind, SshIdentification::Kind::Identification);
        QCOMPARE(id.line, QStringLiteral("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10"));
        QCOMPARE(id.protoVersion, QStringLiteral("2.0"));
        QCOMPARE(id.softwareVersion, QStringLiteral("OpenSSH_9.2p1"));
        QCOMPARE(id.comments, QStringLiteral("Debian-2+deb12u10"));
        QVERIFY(id.supportsSsh2());
    }

    void incomplete()
    {
        const QByteArray full = LabCaptures::sshIdentification();
        for (qsizetype n = 0; n < full.size(); ++n)
            QCOMPARE(SshWire::parseIdentification(QByteArrayView(full).first(n)).kind,
                     SshIdentification::Kind::Incomplete);
    }

    void linesBeforeTheIdentification()
    {
        const SshIdentification id =
            SshWire::parseIdentification("Welcome\r\nauthorised use only\r\nSSH-1.99-Cisco-1.25\r\n");
        QCOMPARE(id.kind, SshIdentification::Kind::Identification);
        QCOMPARE(id.protoVersion, QStringLiteral("1.99"));
        QVERIFY(id.supportsSsh2());
        QVERIFY(!SshWire::parseIdentification("SSH-1.5-OldServer\n").supportsSsh2());
        // LF alone ends a line too
        QCOMPARE(SshWire::parseIdentification("SSH-2.0-dropbear\n").softwareVersion, QStringLiteral("dropbear"));
    }

    void notSsh_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("http") << QByteArray("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n");
        QTest::newRow("http before newline") << QByteArray("HTTP/1.1 400 Bad");
        QTest::newRow("smtp") << QByteArray("220 mail.lab.test ESMTP Exim\r\n");
        QTest::newRow("binary") << QByteArray("\x03\x00\x00\x13\x0e\xd0", 6);
        QTest::newRow("endless preamble") << QByteArray("x\n").repeated(40);
    }

    void notSsh()
    {
        QFETCH(QByteArray, bytes);
        QCOMPARE(SshWire::parseIdentification(bytes).kind, SshIdentification::Kind::NotSsh);
    }

    void malformed()
    {
        QCOMPARE(SshWire::parseIdentification("SSH-2.0\r\n").kind, SshIdentification::Kind::Malformed);
        QCOMPARE(SshWire::parseIdentification("SSH--x\r\n").kind, SshIdentification::Kind::Malformed);
        QCOMPARE(SshWire::parseIdentification(QByteArray("SSH-2.0-" + QByteArray(300, 'a'))).kind,
                 SshIdentification::Kind::Malformed);
        QCOMPARE(SshWire::parseIdentification(QByteArray("SSH-2.0-" + QByteArray(300, 'a') + "\r\n")).kind,
                 SshIdentification::Kind::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestSshWire)
#include "tst_sshwire.moc"
