#include "ldapcheck.h"
#include "ldapwire.h"

#include <QTcpServer>
#include <QTcpSocket>
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
    return tlv(0x30, tlv(0x02, QByteArray(1, char(id))) +
                         tlv(0x65, tlv(0x0a, QByteArray(1, char(code))) + tlv(0x04, "") + tlv(0x04, "no")));
}

// Active Directory's BER encoder writes every constructed type's length in the 4-byte form (0x84 and
// four octets, X.690 8.1.3.5 allows it; LDAP forbids only the indefinite form), primitive ones in the
// shortest form. The RootDSE attributes our search asks for as a Windows Server 2022 DC holds them
// ([MS-ADTS] 3.1.1.3.2; no vendorName or vendorVersion there) for a domain contoso.com.
QByteArray adLong(quint8 tag, const QByteArray &value)
{
    QByteArray length(4, '\0');
    for (int i = 0; i < 4; ++i)
        length[i] = char((value.size() >> (8 * (3 - i))) & 0xff);
    return QByteArray(1, char(tag)) + char(0x84) + length + value;
}

QByteArray adAttribute(const char *type, const QList<QByteArray> &values)
{
    QByteArray set;
    for (const QByteArray &v : values)
        set += tlv(0x04, v);
    return adLong(0x30, tlv(0x04, type) + adLong(0x31, set));
}

QByteArray adRootDse(int id)
{
    const QByteArray attributes =
        adAttribute("namingContexts", {"DC=contoso,DC=com", "CN=Configuration,DC=contoso,DC=com",
                                       "CN=Schema,CN=Configuration,DC=contoso,DC=com",
                                       "DC=DomainDnsZones,DC=contoso,DC=com", "DC=ForestDnsZones,DC=contoso,DC=com"}) +
        adAttribute("defaultNamingContext", {"DC=contoso,DC=com"}) + adAttribute("supportedLDAPVersion", {"3", "2"}) +
        adAttribute("supportedSASLMechanisms", {"GSSAPI", "GSS-SPNEGO", "EXTERNAL", "DIGEST-MD5"}) +
        adAttribute("dnsHostName", {"DC1.contoso.com"}) +
        adAttribute("supportedExtension",
                    {"1.3.6.1.4.1.1466.20037", "1.3.6.1.4.1.1466.101.119.1", "1.2.840.113556.1.4.1781",
                     "1.3.6.1.4.1.4203.1.11.3", "1.2.840.113556.1.4.2212"}) +
        adAttribute("isGlobalCatalogReady", {"TRUE"});
    const QByteArray entry =
        adLong(0x30, tlv(0x02, QByteArray(1, char(id))) + adLong(0x64, tlv(0x04, "") + adLong(0x30, attributes)));
    const QByteArray done =
        adLong(0x30, tlv(0x02, QByteArray(1, char(id))) +
                         adLong(0x65, QByteArray::fromHex("0a0100") + tlv(0x04, "") + tlv(0x04, "")));
    return entry + done;
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
        QVERIFY(request.contains(
            QByteArray(QByteArray::fromHex("04000a01000a0100020100020100010100870b") + "objectClass")));
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
        QCOMPARE(attributes.value(QStringLiteral("defaultNamingContext")),
                 QStringList{QStringLiteral("dc=test,dc=local")});
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

    void activeDirectoryLongLengths()
    {
        const QByteArray stream = adRootDse(1);
        QCOMPARE(stream.mid(0, 2), QByteArray::fromHex("3084"));
        LdapWire::Message message;
        int consumed = 0;
        QCOMPARE(LdapWire::readMessage(stream, &message, &consumed), LdapWire::Parse::Complete);
        QCOMPARE(message.messageId, 1);
        QCOMPARE(message.op, LdapWire::SearchResultEntryTag);
        QString name = QStringLiteral("unset");
        QMap<QString, QStringList> attributes;
        QVERIFY(LdapWire::parseSearchResultEntry(message.opValue, &name, &attributes));
        QCOMPARE(name, QString());
        QCOMPARE(attributes.size(), 7);
        QCOMPARE(attributes.value(QStringLiteral("namingContexts")).size(), 5);
        QCOMPARE(attributes.value(QStringLiteral("defaultNamingContext")),
                 QStringList{QStringLiteral("DC=contoso,DC=com")});
        QCOMPARE(attributes.value(QStringLiteral("dnsHostName")), QStringList{QStringLiteral("DC1.contoso.com")});
        QCOMPARE(attributes.value(QStringLiteral("supportedLDAPVersion")),
                 (QStringList{QStringLiteral("3"), QStringLiteral("2")}));
        QCOMPARE(attributes.value(QStringLiteral("supportedSASLMechanisms")).size(), 4);
        QCOMPARE(attributes.value(QStringLiteral("isGlobalCatalogReady")), QStringList{QStringLiteral("TRUE")});

        const QByteArray rest = stream.mid(consumed);
        QCOMPARE(rest, QByteArray::fromHex("30840000001002010165840000000"
                                           "70a010004000400"));
        QCOMPARE(LdapWire::readMessage(rest, &message, &consumed), LdapWire::Parse::Complete);
        QCOMPARE(consumed, rest.size());
        QCOMPARE(message.op, LdapWire::SearchResultDoneTag);
        QCOMPARE(LdapWire::parseResultCode(message.opValue), 0);

        // every cut inside the entry, the 4-byte length itself included, waits for the rest
        for (int n = 0; n < stream.size() - rest.size(); ++n)
            QCOMPARE(LdapWire::readMessage(stream.left(n), &message, &consumed), LdapWire::Parse::NeedMore);
    }

    void activeDirectoryRootDseThroughTheCheck()
    {
        // the whole LDAP check against a loopback server answering the RootDSE search as AD encodes it
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray request;
        connect(&server, &QTcpServer::newConnection, this, [&server, &request] {
            QTcpSocket *peer = server.nextPendingConnection();
            connect(peer, &QTcpSocket::readyRead, peer, [peer, &request] {
                const bool first = request.isEmpty();
                request += peer->readAll();
                if (first)
                    peer->write(adRootDse(1));
            });
        });
        LdapCheck check(false);
        QTcpSocket *socket = check.createSocket();
        CheckContext ctx;
        ctx.host = QStringLiteral("127.0.0.1");
        ctx.address = QHostAddress(QHostAddress::LocalHost);
        ctx.port = server.serverPort();
        ctx.protocol = QStringLiteral("ldap");
        connect(socket, &QTcpSocket::connected, &check, [&check, socket, ctx] { check.start(socket, ctx); });
        QSignalSpy finished(&check, &ProtocolCheck::finished);
        socket->connectToHost(ctx.address, ctx.port);
        QVERIFY(finished.wait(5000));
        const ServiceOutcome o = finished.at(0).at(0).value<ServiceOutcome>();
        QCOMPARE(o.service, ServiceStatus::Ok);
        QCOMPARE(o.detail, QStringLiteral("LDAP v2/v3, naming context DC=contoso,DC=com, dnsHostName DC1.contoso.com, "
                                          "global catalog ready"));
        QVERIFY(request.startsWith(LdapWire::rootDseSearchRequest(1)));
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

QTEST_GUILESS_MAIN(TestLdapWire)
#include "tst_ldapwire.moc"
