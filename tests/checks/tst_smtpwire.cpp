#include "smtpwire.h"

#include <QtTest>

namespace {
// The lab's exim 4.96 on 587: greeting, then the EHLO reply
const QByteArray Exim = QByteArrayLiteral(
    "220 mail.lab.test ESMTP Exim 4.96 Sat, 28 Nov 2026 04:49:50 +0000\r\n"
    "250-mail.lab.test Hello topocheck.invalid [10.234.0.1]\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n"
    "250-PIPELINING\r\n250-PIPECONNECT\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-SMTPUTF8\r\n250 HELP\r\n");
} // namespace

class TestSmtpWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eximCapture()
    {
        SmtpWire::Reply reply;
        int consumed = 0;
        QCOMPARE(SmtpWire::parseReply(Exim, &reply, &consumed), SmtpWire::Parse::Complete);
        QCOMPARE(reply.code, 220);
        QCOMPARE(reply.lines.size(), 1);
        QVERIFY(reply.lines.first().startsWith(QLatin1String("mail.lab.test ESMTP Exim 4.96")));
        const QByteArray rest = Exim.mid(consumed);
        QCOMPARE(SmtpWire::parseReply(rest, &reply, &consumed), SmtpWire::Parse::Complete);
        QCOMPARE(consumed, rest.size());
        QCOMPARE(reply.code, 250);
        QCOMPARE(reply.lines.size(), 9);
        const QStringList keywords = SmtpWire::ehloKeywords(reply);
        QCOMPARE(keywords, (QStringList{QStringLiteral("SIZE"), QStringLiteral("8BITMIME"), QStringLiteral("PIPELINING"),
                                        QStringLiteral("PIPECONNECT"), QStringLiteral("CHUNKING"),
                                        QStringLiteral("STARTTLS"), QStringLiteral("SMTPUTF8"), QStringLiteral("HELP")}));
        // a reply cut anywhere before its last line is incomplete
        for (int n = 0; n < rest.size() - 1; ++n)
            QCOMPARE(SmtpWire::parseReply(rest.left(n), &reply, &consumed), SmtpWire::Parse::NeedMore);
    }

    void broken_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("expected");
        QTest::newRow("http") << QByteArray("HTTP/1.1 400 Bad Request\r\n") << int(SmtpWire::Parse::Malformed);
        QTest::newRow("html") << QByteArray("<html>\r\n") << int(SmtpWire::Parse::Malformed);
        QTest::newRow("ssh") << QByteArray("SSH-2.0-OpenSSH_9.2p1\r\n") << int(SmtpWire::Parse::Malformed);
        QTest::newRow("code changes") << QByteArray("250-a\r\n251 b\r\n") << int(SmtpWire::Parse::Malformed);
        QTest::newRow("bad separator") << QByteArray("250_a\r\n") << int(SmtpWire::Parse::Malformed);
        QTest::newRow("code 999") << QByteArray("999 x\r\n") << int(SmtpWire::Parse::Malformed);
        QTest::newRow("endless line") << QByteArray(5000, '2') << int(SmtpWire::Parse::Malformed);
        QTest::newRow("endless reply") << QByteArray("250-x\r\n").repeated(2000) << int(SmtpWire::Parse::TooLarge);
        QTest::newRow("bare code") << QByteArray("554\r\n") << int(SmtpWire::Parse::Complete);
        QTest::newRow("bare LF") << QByteArray("220 hi\n") << int(SmtpWire::Parse::Complete);
    }

    void broken()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, expected);
        SmtpWire::Reply reply;
        int consumed = 0;
        QCOMPARE(int(SmtpWire::parseReply(bytes, &reply, &consumed)), expected);
    }
};

QTEST_APPLESS_MAIN(TestSmtpWire)
#include "tst_smtpwire.moc"
