#include "ldapwire.h"

#include <QtTest>

namespace {

// The lab's slapd (with the Active Directory-like RootDSE attributes) answering
// LdapWire-compatible RootDSE search messageID 2: SearchResultEntry, then SearchResultDone.
const QByteArray SlapdAnswer = QByteArray::fromHex(
    "3081b90201026481b304003081ae3024040e6e616d696e67436f6e74657874733112041064633d746573742c64633d6c6f"
    "63616c301b0414737570706f727465644c44415056657273696f6e3103040133302a041464656661756c744e616d696e67"
    "436f6e746578743112041064633d746573742c64633d6c6f63616c301d040b646e73486f73744e616d65310e040c646331"
    "2e6c61622e74657374301e04146973476c6f62616c436174616c6f6752656164793106040454525545"
    "300c02010265070a010004000400");

QByteArray tlv(quint8 tag, const QByteArray &value)
{
    Q_ASSERT(value.size() < 128);
    return QByteArray(1, char(tag)) + char(value.size()) + value;
}

QByteArray entry(int id)
{
    const QByteArray attr1 = tlv(0x30, tlv(0x04, "namingContexts") + tlv(0x31, tlv(0x04, "dc=test,dc=local")));
    const QByteArray attr2 = tlv(0x30, tlv(0x04, "supportedLDAPVersion") + tlv(0x31, tlv(0x04, "2") + tlv(0x04, "3")));
    return tlv(0x30, tlv(0x02, QByteArray(1, char(id))) + tlv(0x64, tlv(0x04, "") + tlv(0x30, attr1 + attr2)));
}

QByteArray done(int id, int code)
{
    return tlv(0x30, tlv(0x02, QByteArray(1, char(id)))
                         + tlv(0x65, tlv(0x0a, QByteArray(1, char(code))) + tlv(0x04, "") + tlv(0x04, "no")));
}

} // namespace

class TestLdapWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void searchRequestIsRfc4511()
    {
        const QByteArray request = LdapWire::rootDseSearchRequest(1);
        // LDAPMessage SEQUENCE, messageID 1, SearchRequest [APPLICATION 3]
        QCOMPARE(quint8(request.at(0)), quint8(0x30));
        QVERIFY(request.size() > 128); // long form length
        QCOMPARE(quint8(request.at(1)), quint8(0x81));
        QCOMPARE(int(quint8(request.at(2))), request.size() - 3);
        QCOMPARE(request.mid(3, 3), QByteArray::fromHex("020101"));
        QCOMPARE(quint8(request.at(6)), quint8(0x63));
        // base "", scope base, never deref, limits 0, typesOnly false, (objectClass=*)
        QVERIFY(request.contains(QByteArray(QByteArray::fromHex("04000a01000a0100020100020100010100870b") + "objectClass")));
        for (const QString &attribute : LdapWire::rootDseAttributes())
            QVERIFY(request.contains(attribute.toLatin1()));
        // our own reader accepts what we send
        LdapWire::Message message;
        int consumed = 0;
        QCOMPARE(LdapWire::readMessage(request, &message, &consumed), LdapWire::Parse::Complete);
        QCOMPARE(consumed, request.size());
        QCOMPARE(message.messageId, 1);
        QCOMPARE(message.op, LdapWire::SearchRequestTag);
        QCOMPARE(LdapWire::unbindRequest(3), QByteArray::fromHex("30050201034200"));
    }

    void entryThenDone()
    {
        const QByteArray stream = entry(1) + done(1, 0);
        LdapWire::Message message;
        int consumed = 0;
        QCOMPARE(LdapWire::readMessage(stream, &message, &consumed), LdapWire::Parse::Complete);
        QCOMPARE(message.op, LdapWire::SearchResultEntryTag);
        QString name;
        QMap<QString, QStringList> attributes;
        QVERIFY(LdapWire::parseSearchResultEntry(message.opValue, &name, &attributes));
        QCOMPARE(name, QString());
        QCOMPARE(attributes.value(QStringLiteral("namingContexts")), QStringList{QStringLiteral("dc=test,dc=local")});
        QCOMPARE(attributes.value(QStringLiteral("supportedLDAPVersion")),
                 (QStringList{QStringLiteral("2"), QStringLiteral("3")}));

        const QByteArray rest = stream.mid(consumed);
        QCOMPARE(LdapWire::readMessage(rest, &message, &consumed), LdapWire::Parse::Complete);
        QCOMPARE(message.op, LdapWire::SearchResultDoneTag);
        QString diagnostic;
        QCOMPARE(LdapWire::parseResultCode(message.opValue, &diagnostic), 0);
        QCOMPARE(diagnostic, QStringLiteral("no"));
    }

    void partialInputNeedsMore()
    {
        const QByteArray whole = entry(1);
        for (int n = 0; n < whole.size(); ++n) {
            LdapWire::Message message;
            int consumed = 0;
            QCOMPARE(LdapWire::readMessage(whole.left(n), &message, &consumed), LdapWire::Parse::NeedMore);
        }
    }

    void slapdCapture()
    {
        LdapWire::Message message;
        int consumed = 0;
        QCOMPARE(LdapWire::readMessage(SlapdAnswer, &message, &consumed), LdapWire::Parse::Complete);
        QCOMPARE(message.messageId, 2);
        QCOMPARE(message.op, LdapWire::SearchResultEntryTag);
        QString name;
        QMap<QString, QStringList> attributes;
        QVERIFY(LdapWire::parseSearchResultEntry(message.opValue, &name, &attributes));
        QCOMPARE(attributes.value(QStringLiteral("defaultNamingContext")), QStringList{QStringLiteral("dc=test,dc=local")});
        QCOMPARE(attributes.value(QStringLiteral("dnsHostName")), QStringList{QStringLiteral("dc1.lab.test")});
        QCOMPARE(attributes.value(QStringLiteral("isGlobalCatalogReady")), QStringList{QStringLiteral("TRUE")});
        QCOMPARE(attributes.value(QStringLiteral("supportedLDAPVersion")), QStringList{QStringLiteral("3")});
        QCOMPARE(attributes.size(), 5);

        const QByteArray rest = SlapdAnswer.mid(consumed);
        QCOMPARE(LdapWire::readMessage(rest, &message, &consumed), LdapWire::Parse::Complete);
        QCOMPARE(consumed, rest.size());
        QCOMPARE(message.op, LdapWire::SearchResultDoneTag);
        QCOMPARE(LdapWire::parseResultCode(message.opValue), 0);

        // cut anywhere inside the entry: the reader waits for the rest
        for (int n = 0; n < 0xbc; ++n)
            QCOMPARE(LdapWire::readMessage(SlapdAnswer.left(n), &message, &consumed), LdapWire::Parse::NeedMore);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("http") << QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n");
        QTest::newRow("ssh") << QByteArray("SSH-2.0-OpenSSH_9.2p1\r\n");
        QTest::newRow("indefinite length") << QByteArray::fromHex("3080020101");
        QTest::newRow("length of 5 bytes") << QByteArray::fromHex("3085ffffffffff");
        QTest::newRow("huge message") << QByteArray::fromHex("30847fffffff");
        QTest::newRow("no message id") << QByteArray::fromHex("30030401ff");
        QTest::newRow("negative id") << QByteArray::fromHex("30050201ff6500");
        QTest::newRow("op not application") << QByteArray::fromHex("30050201010400");
        QTest::newRow("inner overflows outer") << QByteArray::fromHex("300602010165ff00");
    }

    void malformed()
    {
        QFETCH(QByteArray, bytes);
        LdapWire::Message message;
        int consumed = 0;
        QCOMPARE(LdapWire::readMessage(bytes, &message, &consumed), LdapWire::Parse::Malformed);
    }

    void badEntryAndResult()
    {
        QString name;
        QMap<QString, QStringList> attributes;
        QVERIFY(!LdapWire::parseSearchResultEntry(QByteArray::fromHex("0400300a3008040161310304"), &name, &attributes));
        QVERIFY(!LdapWire::parseSearchResultEntry(QByteArray::fromHex("02010030"), &name, &attributes));
        QCOMPARE(LdapWire::parseResultCode(QByteArray::fromHex("0a0132")), -1);
        QCOMPARE(LdapWire::parseResultCode(QByteArray::fromHex("0a013204000400")), 50);
    }
};

QTEST_APPLESS_MAIN(TestLdapWire)
#include "tst_ldapwire.moc"
