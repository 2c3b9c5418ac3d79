// The binary protocol checks end to end over loopback: a scripted server replays bytes captured from the
// lab's real servers, so the socket plumbing (framing across reads, early close, the SMB1 second try)
// is tested without the lab.
#include "kerberoswire.h"
#include "labcaptures.h"
#include "protocolcheck.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

namespace {

// Answers the n-th connection with the n-th reply once the client has sent something; an empty reply
// closes without a word. split: send the reply in two parts, 30 ms apart; closeAfter: close once it is sent.
class ScriptedServer : public QObject
{
    Q_OBJECT

public:
    explicit ScriptedServer(QList<QByteArray> replies, bool split = false, bool closeAfter = false)
        : m_replies(std::move(replies))
        , m_split(split)
        , m_closeAfter(closeAfter)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &ScriptedServer::accept);
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
    }
    quint16 port() const { return m_server.serverPort(); }
    int connections() const { return m_connections; }
    QByteArray firstRequest() const { return m_firstRequest; }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            const QByteArray reply = m_connections < m_replies.size() ? m_replies.at(m_connections) : QByteArray();
            const bool first = m_connections == 0;
            ++m_connections;
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, reply, first] {
                const QByteArray got = socket->readAll();
                if (first && m_firstRequest.isEmpty())
                    m_firstRequest = got;
                if (socket->property("answered").toBool())
                    return;
                socket->setProperty("answered", true);
                if (reply.isEmpty()) {
                    socket->disconnectFromHost();
                } else if (m_split) {
                    socket->write(reply.first(reply.size() / 2));
                    QTimer::singleShot(30, socket, [socket, reply] { socket->write(reply.mid(reply.size() / 2)); });
                } else {
                    socket->write(reply);
                    if (m_closeAfter)
                        socket->disconnectFromHost();
                }
            });
        }
    }

    QTcpServer m_server;
    QList<QByteArray> m_replies;
    bool m_split = false;
    bool m_closeAfter = false;
    int m_connections = 0;
    QByteArray m_firstRequest;
};

ServiceOutcome runCheck(const QString &protocol, quint16 port, bool *finished)
{
    *finished = false;
    std::unique_ptr<ProtocolCheck> check = ProtocolCheck::create(protocol);
    if (!check)
        return {};
    QTcpSocket *socket = check->createSocket();
    CheckContext ctx;
    ctx.host = QStringLiteral("127.0.0.1");
    ctx.address = QHostAddress(QHostAddress::LocalHost);
    ctx.port = port;
    ctx.protocol = protocol;
    ctx.kerberosRealm = QStringLiteral("TEST.LOCAL");
    ProtocolCheck *raw = check.get();
    QObject::connect(socket, &QTcpSocket::connected, raw, [raw, socket, ctx] { raw->start(socket, ctx); });
    QSignalSpy spy(raw, &ProtocolCheck::finished);
    socket->connectToHost(ctx.address, port);
    if (!spy.wait(5000) || spy.size() != 1)
        return {};
    // exactly once, also after the peer goes away
    QTest::qWait(50);
    if (spy.size() != 1)
        return {};
    *finished = true;
    return spy.at(0).at(0).value<ServiceOutcome>();
}

QByteArray framed(const QByteArray &smbMessage)
{
    QByteArray f(4, '\0');
    f[2] = char(smbMessage.size() >> 8);
    f[3] = char(smbMessage.size() & 0xff);
    return f + smbMessage;
}

} // namespace

class TestBinaryChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ServiceOutcome>(); }

    void rightServer_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<bool>("split");
        QTest::addColumn<QString>("detail");
        const QByteArray krb = KerberosWire::tcpFrame(LabCaptures::krbErrorUnknown());
        const QByteArray smb = framed(LabCaptures::smb311Response());
        const QString krbDetail = QStringLiteral("KDC answered: KRB-ERROR 6 principal unknown (realm TEST.LOCAL)");
        QTest::newRow("kerberos") << "kerberos" << krb << false << krbDetail;
        QTest::newRow("kerberos in two reads") << "kerberos" << krb << true << krbDetail;
        QTest::newRow("smb") << "smb" << smb << false << "SMB 3.1.1 negotiated";
        QTest::newRow("smb in two reads") << "smb" << smb << true << "SMB 3.1.1 negotiated";
        QTest::newRow("tds") << "tds" << LabCaptures::tdsPreloginResponse() << true
                             << "SQL Server 10.0.1600 (2008), encryption not supported";
        QTest::newRow("amqp") << "amqp" << LabCaptures::amqpConnectionStart() << true << "RabbitMQ 3.10.8 (AMQP 0-9-1)";
        QTest::newRow("rdp") << "rdp" << LabCaptures::rdpConfirmTls() << false << "RDP: server selected TLS";
        QTest::newRow("ssh") << "ssh" << LabCaptures::sshIdentification() << true
                             << "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10";
    }

    void rightServer()
    {
        QFETCH(QString, protocol);
        QFETCH(QByteArray, reply);
        QFETCH(bool, split);
        QFETCH(QString, detail);
        ScriptedServer server({reply}, split);
        bool finished = false;
        const ServiceOutcome o = runCheck(protocol, server.port(), &finished);
        QVERIFY(finished);
        QCOMPARE(o.detail, detail);
        QCOMPARE(o.service, ServiceStatus::Ok);
        QCOMPARE(server.connections(), 1);
    }

    void requestsOnTheWire()
    {
        ScriptedServer server({LabCaptures::tdsPreloginResponse()});
        bool finished = false;
        runCheck(QStringLiteral("tds"), server.port(), &finished);
        QVERIFY(finished);
        QCOMPARE(server.firstRequest().toHex(), LabCaptures::tdsPrelogin().toHex());
    }

    void httpServerOnThePort_data()
    {
        QTest::addColumn<QString>("protocol");
        for (const char *p : {"kerberos", "smb", "tds", "amqp", "rdp", "ssh"})
            QTest::newRow(p) << QString::fromLatin1(p);
    }

    void httpServerOnThePort()
    {
        QFETCH(QString, protocol);
        ScriptedServer server({LabCaptures::nginxBadRequest()});
        bool finished = false;
        const ServiceOutcome o = runCheck(protocol, server.port(), &finished);
        QVERIFY(finished);
        QCOMPARE(o.service, ServiceStatus::Mismatch);
        QVERIFY2(o.detail.contains(QLatin1String("an HTTP server answered (HTTP/1.1 400 Bad Request, nginx/1.22.1)")),
                 qPrintable(o.detail));
        QVERIFY2(o.advice.startsWith(
                     QStringLiteral("Port %1 on 127.0.0.1 is answered by an HTTP server").arg(server.port())),
                 qPrintable(o.advice));
    }

    void smb1OnlyFiler()
    {
        // like the lab's SMB1-only smbd: drops the SMB2 NEGOTIATE, answers the SMB1 one with NT LM 0.12
        ScriptedServer server({QByteArray(), LabCaptures::smb1OnlyResponse()});
        bool finished = false;
        const ServiceOutcome o = runCheck(QStringLiteral("smb"), server.port(), &finished);
        QVERIFY(finished);
        QCOMPARE(server.connections(), 2);
        QCOMPARE(o.service, ServiceStatus::Mismatch);
        QCOMPARE(o.detail, QStringLiteral("SMB1 only: the server refuses SMB 2 and 3"));
        QVERIFY(o.advice.startsWith(QLatin1String("The Control Room needs SMB 2 or 3")));
    }

    void closesWithoutAnswer_data()
    {
        QTest::addColumn<QString>("protocol");
        for (const char *p : {"kerberos", "smb", "tds", "amqp", "rdp", "ssh"})
            QTest::newRow(p) << QString::fromLatin1(p);
    }

    void closesWithoutAnswer()
    {
        QFETCH(QString, protocol);
        ScriptedServer server({QByteArray(), QByteArray()});
        bool finished = false;
        const ServiceOutcome o = runCheck(protocol, server.port(), &finished);
        QVERIFY(finished);
        QCOMPARE(o.service, ServiceStatus::Error);
        QVERIFY2(o.detail.startsWith(QLatin1String("Connection closed before any")), qPrintable(o.detail));
        QVERIFY(!o.advice.isEmpty());
    }

    void truncatedReplyThenClose()
    {
        ScriptedServer server({LabCaptures::amqpConnectionStart().first(100)}, false, true);
        bool finished = false;
        const ServiceOutcome o = runCheck(QStringLiteral("amqp"), server.port(), &finished);
        QVERIFY(finished);
        QCOMPARE(o.service, ServiceStatus::Error);
        QCOMPARE(o.detail, QStringLiteral("Connection closed in the middle of the AMQP answer (100 bytes received)"));
    }
};

QTEST_GUILESS_MAIN(TestBinaryChecks)
#include "tst_binarychecks.moc"
