// Kerberos, LDAP and AMQP against the lab's real servers, driven through the real ProbeEngine: a
// Kerberos realm the KDC does not serve (MIT krb5kdc answers it from its own database), the lab's
// realm, and brokers of both AMQP families (RabbitMQ 0-9-1, Qpid Proton 1.0).
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
    const char *service;
    const char *verdict;
    const char *detail; // a regular expression the detail must match
};

constexpr Transport Tcp = Transport::Tcp;
constexpr Transport Udp = Transport::Udp;

const Row Rows[] = {
    // MIT krb5kdc, realm TEST.LOCAL, pre-authentication required: asked for its own krbtgt/TEST.LOCAL
    {"kerberos lab realm", "kerberos", Tcp, "dc1.lab.test", 88, "TEST.LOCAL", "ok", "pass",
     "^KDC answered: KRB-ERROR 25 pre-authentication required \\(realm TEST\\.LOCAL\\)$"},
    {"kerberos udp lab realm", "kerberos", Udp, "dc1.lab.test", 88, "TEST.LOCAL", "ok", "pass",
     "^KDC answered: KRB-ERROR 25 pre-authentication required \\(realm TEST\\.LOCAL\\)$"},
    // a realm it does not serve: KRB-ERROR 6 with the realm fields copied from the request
    {"kerberos bogus realm", "kerberos", Tcp, "dc1.lab.test", 88, "CONTOSO.LOCAL", "mismatch", "fail",
     "^KDC answered: KRB-ERROR 6, it holds no krbtgt/CONTOSO\\.LOCAL \\(CONTOSO\\.LOCAL is not served here\\)$"},
    {"kerberos udp bogus realm", "kerberos", Udp, "dc1.lab.test", 88, "CONTOSO.LOCAL", "mismatch", "fail",
     "^KDC answered: KRB-ERROR 6, it holds no krbtgt/CONTOSO\\.LOCAL \\(CONTOSO\\.LOCAL is not served here\\)$"},
    // the lab realm in lower case is another realm to MIT (realms are case-sensitive, RFC 4120 6.1)
    {"kerberos realm in lower case", "kerberos", Tcp, "dc1.lab.test", 88, "test.local", "mismatch", "fail",
     "^KDC answered: KRB-ERROR 6, it holds no krbtgt/test\\.local"},
    // no realm in the profile: a guess from the host name (LAB.TEST) decides nothing
    {"kerberos realm from host name", "kerberos", Tcp, "dc1.lab.test", 88, "", "ok", "pass",
     "^KDC answered: KRB-ERROR 6 principal unknown \\(realm LAB\\.TEST\\)$"},
    {"ldap rootdse", "ldap", Tcp, "dc1.lab.test", 389, "", "ok", "pass",
     "^LDAP v3, naming context dc=test,dc=local, dnsHostName dc1\\.lab\\.test, global catalog ready$"},
    {"amqp 0-9-1 rabbitmq", "amqp", Tcp, "cr1.lab.test", 5672, "", "ok", "pass",
     "^RabbitMQ \\d+\\.\\d+\\.\\d+ \\(AMQP 0-9-1\\)$"},
    {"amqp 1.0 qpid proton", "amqp", Tcp, "cr1.lab.test", 5673, "", "ok", "pass",
     "^AMQP broker speaking AMQP 1\\.0 \\(it answered the 0-9-1 header with its own\\)$"},
};

Check plannedCheck(const Row &row)
{
    return TestSupport::makeCheck(-1, QLatin1String(row.host), row.port, row.transport, QLatin1String(row.protocol));
}

} // namespace

class TestProtocolsDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void check_data();
    void check();

private:
    QHash<QString, Check> m_results;
};

void TestProtocolsDirectory::initTestCase()
{
    const QString missing = LabHarness::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    // one engine run per Kerberos realm setting
    QHash<QString, LabHarness::NamedChecks> byRealm;
    for (const Row &row : Rows)
        byRealm[QLatin1String(row.realm)].append({QLatin1String(row.name), plannedCheck(row)});
    for (auto it = byRealm.cbegin(); it != byRealm.cend(); ++it) {
        ProfileOptions options = TestSupport::optionsWith(1500);
        options.kerberosRealm = it.key();
        m_results.insert(LabHarness::runNamed(it.value(), options, 20000));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestProtocolsDirectory::check_data()
{
    QTest::addColumn<int>("row");
    for (int i = 0; i < int(std::size(Rows)); ++i)
        QTest::newRow(Rows[i].name) << i;
}

void TestProtocolsDirectory::check()
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
    QVERIFY2(c.state == CheckState::Open, seen.constData());
    QVERIFY2(serviceName(c.service) == QLatin1String(r.service), seen.constData());
    QVERIFY2(verdictName(c.verdict) == QLatin1String(r.verdict), seen.constData());
    QVERIFY2(QRegularExpression(QLatin1String(r.detail)).match(c.detail).hasMatch(), seen.constData());
    if (c.verdict == Verdict::Fail)
        QVERIFY2(c.advice.contains(
                     QStringLiteral("does not serve the realm %1 set in the profile").arg(QLatin1String(r.realm))),
                 seen.constData());
    else
        QVERIFY2(c.advice.isEmpty(), seen.constData());
}

QTEST_GUILESS_MAIN(TestProtocolsDirectory)
#include "tst_protocols_directory.moc"
