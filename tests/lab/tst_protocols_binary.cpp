// The binary protocol checks (kerberos, smb, tds, amqp, rdp, ssh) against the lab's real servers,
// driven through the real ProbeEngine: for each, the right server (ok), the impostor's web server on
// the same port (mismatch), a port that refuses (closed) and one that is dropped (filtered).
#include "checkbuilders.h"
#include "labharness.h"

#include <QRegularExpression>
#include <QtTest>

namespace {

struct Row
{
    const char *name;
    const char *protocol;
    Transport transport;
    const char *host;
    quint16 port;
    const char *realm; // the profile's kerberos_realm for this run ("" = derive it from the host name)
    const char *state;
    const char *service;
    const char *verdict;
    const char *detail; // a regular expression the detail must match
};

constexpr Transport Tcp = Transport::Tcp;
constexpr Transport Udp = Transport::Udp;

const Row Rows[] = {
    // Kerberos: MIT krb5kdc, realm TEST.LOCAL, pre-authentication required
    {"kerberos ok", "kerberos", Tcp, "dc1.lab.test", 88, "TEST.LOCAL", "open", "ok", "pass",
     "^KDC answered: KRB-ERROR 25 pre-authentication required \\(realm TEST\\.LOCAL\\)$"},
    {"kerberos realm from host name", "kerberos", Tcp, "dc1.lab.test", 88, "", "open", "ok", "pass",
     "^KDC answered: KRB-ERROR 6 principal unknown \\(realm LAB\\.TEST\\)$"},
    {"kerberos udp ok", "kerberos", Udp, "dc1.lab.test", 88, "TEST.LOCAL", "open", "ok", "pass",
     "^KDC answered: KRB-ERROR 25 pre-authentication required \\(realm TEST\\.LOCAL\\)$"},
    {"kerberos impostor", "kerberos", Tcp, "impostor.lab.test", 88, "TEST.LOCAL", "open", "mismatch", "fail",
     "^Not Kerberos: an HTTP server answered \\(HTTP/1\\.1 400 Bad Request, nginx/"},
    {"kerberos udp impostor", "kerberos", Udp, "impostor.lab.test", 88, "TEST.LOCAL", "open", "mismatch", "fail",
     "^Not Kerberos: an HTTP server answered"},
    {"kerberos closed", "kerberos", Tcp, "10.234.0.2", 4569, "TEST.LOCAL", "closed", "unchecked", "fail", ""},
    {"kerberos udp closed", "kerberos", Udp, "10.234.0.2", 464, "TEST.LOCAL", "closed", "unchecked", "fail", ""},
    {"kerberos dropped", "kerberos", Tcp, "10.234.0.2", 3269, "TEST.LOCAL", "filtered", "unchecked", "fail", ""},
    {"kerberos udp dropped", "kerberos", Udp, "10.234.0.2", 1434, "TEST.LOCAL", "open|filtered", "unchecked", "warn",
     ""},
    // SMB: Samba SMB2/3 on .2, SMB1-only Samba on .8
    {"smb ok", "smb", Tcp, "files.lab.test", 445, "", "open", "ok", "pass", "^SMB 3\\.1\\.1 negotiated$"},
    {"smb smb1 only", "smb", Tcp, "smb1.lab.test", 445, "", "open", "mismatch", "fail",
     "^SMB1 only: the server refuses SMB 2 and 3$"},
    {"smb impostor", "smb", Tcp, "impostor.lab.test", 445, "", "open", "mismatch", "fail",
     "^Not SMB: an HTTP server answered"},
    {"smb other service", "smb", Tcp, "dc1.lab.test", 22, "", "open", "mismatch", "fail",
     "^Not SMB: an SSH server answered \\(SSH-2\\.0-OpenSSH"},
    {"smb closed", "smb", Tcp, "10.234.0.2", 47600, "", "closed", "unchecked", "fail", ""},
    {"smb dropped", "smb", Tcp, "10.234.0.2", 3269, "", "filtered", "unchecked", "fail", ""},
    // TDS: FreeTDS tdspool answers ENCRYPT_NOT_SUP, a warning (CONTRACT.md); tst_protocols_tds has the rest
    {"tds ok", "tds", Tcp, "sql.lab.test", 1433, "", "open", "ok", "warn",
     "^SQL Server \\d+\\.\\d+\\.\\d+( \\(\\d{4}\\))?, encryption "},
    {"tds impostor", "tds", Tcp, "impostor.lab.test", 1433, "", "open", "mismatch", "fail",
     "^Not SQL Server \\(TDS\\): an HTTP server answered"},
    {"tds closed", "tds", Tcp, "10.234.0.2", 4569, "", "closed", "unchecked", "fail", ""},
    {"tds dropped", "tds", Tcp, "10.234.0.2", 3269, "", "filtered", "unchecked", "fail", ""},
    // AMQP: RabbitMQ
    {"amqp ok", "amqp", Tcp, "cr1.lab.test", 5672, "", "open", "ok", "pass",
     "^RabbitMQ \\d+\\.\\d+\\.\\d+ \\(AMQP 0-9-1\\)$"},
    {"amqp impostor", "amqp", Tcp, "impostor.lab.test", 5672, "", "open", "mismatch", "fail",
     "^Not AMQP: an HTTP server answered"},
    {"amqp closed", "amqp", Tcp, "10.234.0.2", 47600, "", "closed", "unchecked", "fail", ""},
    {"amqp dropped", "amqp", Tcp, "10.234.0.2", 3269, "", "filtered", "unchecked", "fail", ""},
    // RDP: xrdp with TLS
    {"rdp ok", "rdp", Tcp, "10.234.0.2", 3389, "", "open", "ok", "pass", "^RDP: server selected TLS$"},
    {"rdp impostor", "rdp", Tcp, "impostor.lab.test", 3389, "", "open", "mismatch", "fail",
     "^Not RDP: an HTTP server answered"},
    {"rdp closed", "rdp", Tcp, "10.234.0.2", 4569, "", "closed", "unchecked", "fail", ""},
    {"rdp dropped", "rdp", Tcp, "10.234.0.2", 3269, "", "filtered", "unchecked", "fail", ""},
    // SSH: OpenSSH
    {"ssh ok", "ssh", Tcp, "10.234.0.2", 22, "", "open", "ok", "pass", "^SSH-2\\.0-OpenSSH_\\S+"},
    {"ssh impostor", "ssh", Tcp, "impostor.lab.test", 22, "", "open", "mismatch", "fail",
     "^Not SSH: an HTTP server answered \\(HTTP/1\\.1 400 Bad Request"},
    {"ssh closed", "ssh", Tcp, "10.234.0.2", 4569, "", "closed", "unchecked", "fail", ""},
    {"ssh dropped", "ssh", Tcp, "10.234.0.2", 3269, "", "filtered", "unchecked", "fail", ""},
};

Check plannedCheck(const Row &row)
{
    return TestSupport::makeCheck(-1, QLatin1String(row.host), row.port, row.transport, QLatin1String(row.protocol));
}

} // namespace

class TestProtocolsBinary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void check_data();
    void check();

private:
    QHash<QString, Check> m_results;
    QHash<QString, double> m_runMs;
};

void TestProtocolsBinary::initTestCase()
{
    const QString missing = LabHarness::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));

    // one engine run per Kerberos realm setting; every check of a run is in flight at once
    QHash<QString, LabHarness::NamedChecks> byRealm;
    for (const Row &row : Rows)
        byRealm[QLatin1String(row.realm)].append({QLatin1String(row.name), plannedCheck(row)});
    for (auto it = byRealm.cbegin(); it != byRealm.cend(); ++it) {
        ProfileOptions options = TestSupport::optionsWith(1500);
        options.kerberosRealm = it.key();
        QElapsedTimer clock;
        clock.start();
        m_results.insert(LabHarness::runNamed(it.value(), options, 20000));
        if (QTest::currentTestFailed())
            return;
        // every probe, dropped ones included, ends within about one timeout for the connect and one for the exchange
        QVERIFY2(clock.elapsed() < 2 * options.timeoutMs + 1500, qPrintable(QString::number(clock.elapsed())));
    }
}

void TestProtocolsBinary::check_data()
{
    QTest::addColumn<int>("row");
    for (int i = 0; i < int(std::size(Rows)); ++i)
        QTest::newRow(Rows[i].name) << i;
}

void TestProtocolsBinary::check()
{
    QFETCH(int, row);
    const Row &r = Rows[row];
    QVERIFY2(m_results.contains(QLatin1String(r.name)), "no result for this check");
    const Check c = m_results.value(QLatin1String(r.name));
    const QByteArray seen =
        QStringLiteral("state=%1 reason=%2 service=%3 verdict=%4 detail=\"%5\" advice=\"%6\"")
            .arg(stateName(c.state), c.reason, serviceName(c.service), verdictName(c.verdict), c.detail, c.advice)
            .toUtf8();
    qInfo("%s: %s", r.name, seen.constData());
    QVERIFY2(stateName(c.state) == QLatin1String(r.state), seen.constData());
    QVERIFY2(serviceName(c.service) == QLatin1String(r.service), seen.constData());
    QVERIFY2(verdictName(c.verdict) == QLatin1String(r.verdict), seen.constData());
    if (*r.detail)
        QVERIFY2(QRegularExpression(QLatin1String(r.detail)).match(c.detail).hasMatch(), seen.constData());
    if (c.verdict == Verdict::Warn || c.verdict == Verdict::Fail)
        QVERIFY2(!c.advice.isEmpty(), seen.constData());
    if (c.service == ServiceStatus::Mismatch && QByteArrayView(r.name).endsWith("impostor"))
        QVERIFY2(c.advice.contains(QStringLiteral("Port %1 on %2 is answered by an HTTP server, not ")
                                       .arg(r.port)
                                       .arg(QLatin1String(r.host))),
                 seen.constData());
    if (c.state == CheckState::Open)
        QVERIFY2(c.latencyMs >= 0, seen.constData());
}

QTEST_GUILESS_MAIN(TestProtocolsBinary)
#include "tst_protocols_binary.moc"
