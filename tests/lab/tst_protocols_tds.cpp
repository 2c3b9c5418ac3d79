// The SQL Server (TDS) check against the lab's TDS test server (servers/tds_server.py, started by
// start-tds-server.sh on 10.234.0.2:14330-14337, one port per mode) and FreeTDS tdspool (1433), driven
// through the real ProbeEngine: the certificate of the TLS handshake inside PRELOGIN packets is graded
// as for HTTPS, a server that cannot encrypt is a warning, and strict encryption (TDS 8.0) is found by
// trying TLS first when the clear PRELOGIN is closed or answered with a TLS alert.
#include "checkbuilders.h"
#include "labharness.h"

#include <QRegularExpression>
#include <QtTest>

namespace {

struct Row
{
    const char *name;
    const char *host;
    quint16 port;
    const char *state;
    const char *service;
    const char *verdict;
    const char *detail; // a regular expression the detail must match
    int trusted;        // -1: no TLS facts expected; 0/1: tls.trusted
};

// "SQL Server 16.0.1000 (2022)": what tds_server.py says it is
#define TDS_2022 "SQL Server 16\\.0\\.1000 \\(2022\\)"
#define TDS_TLS "; TLS 1\\.[23] \\S+, CN=lab\\.test\\.local, expires "

const Row Rows[] = {
    {"encrypt off: login encrypted, certificate graded", "sql.lab.test", 14330, "open", "ok", "pass",
     "^" TDS_2022 ", encryption for the login only" TDS_TLS, 1},
    {"encrypt on", "sql.lab.test", 14331, "open", "ok", "pass", "^" TDS_2022 ", encryption on" TDS_TLS, 1},
    {"encrypt required", "sql.lab.test", 14332, "open", "ok", "pass", "^" TDS_2022 ", encryption required" TDS_TLS, 1},
    {"encrypt required, by address", "10.234.0.2", 14332, "open", "ok", "pass",
     "^" TDS_2022 ", encryption required" TDS_TLS, 1},
    {"encryption not supported", "sql.lab.test", 14333, "open", "ok", "warn",
     "^" TDS_2022 ", encryption not supported$", -1},
    {"strict encryption, clear prelogin closed", "sql.lab.test", 14334, "open", "ok", "pass",
     "^SQL Server \\(TDS 8, strict encryption\\), version 16\\.0\\.1000 \\(2022\\)" TDS_TLS, 1},
    {"strict encryption, clear prelogin answered with a TLS alert", "sql.lab.test", 14335, "open", "ok", "pass",
     "^SQL Server \\(TDS 8, strict encryption\\), version 16\\.0\\.1000 \\(2022\\)" TDS_TLS, 1},
    {"expired certificate", "sql.lab.test", 14336, "open", "error", "fail",
     "^" TDS_2022 ", encryption required; TLS 1\\.[23] .*certificate expired", 1},
    {"self-signed certificate", "sql.lab.test", 14337, "open", "ok", "warn",
     "^" TDS_2022 ", encryption on; .*self-signed certificate", 0},
    {"tdspool: encryption not supported", "sql.lab.test", 1433, "open", "ok", "warn",
     "^SQL Server \\d+\\.\\d+\\.\\d+( \\(\\d{4}\\))?, encryption not supported$", -1},
    {"refused port", "10.234.0.2", 47600, "closed", "unchecked", "fail", "", -1},
    // nginx answers the clear PRELOGIN on its HTTPS port with a clear HTTP 400: no strict-encryption retry
    {"https server", "lb.lab.test", 443, "open", "mismatch", "fail",
     "^Not SQL Server \\(TDS\\): an HTTP server answered", -1},
    // slapd's LDAPS port closes the clear PRELOGIN; TLS first works, then it closes the PRELOGIN inside
    {"ldaps server", "dc1.lab.test", 636, "open", "error", "fail",
     "^the clear PRELOGIN was closed; TLS first \\(ALPN tds/8\\.0\\) worked, but the connection ended without a "
     "PRELOGIN answer; TLS 1\\.[23] ",
     1},
};

} // namespace

class TestProtocolsTds : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void check_data();
    void check();

private:
    QHash<QString, Check> m_results;
};

void TestProtocolsTds::initTestCase()
{
    const QString missing = LabHarness::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    LabHarness::NamedChecks named;
    for (const Row &row : Rows)
        named.append({QLatin1String(row.name), TestSupport::makeCheck(-1, QLatin1String(row.host), row.port,
                                                                      Transport::Tcp, QStringLiteral("tds"))});
    ProfileOptions options = TestSupport::optionsWith(3000);
    options.caFile = LabHarness::caFile();
    m_results = LabHarness::runNamed(named, options, 20000);
}

void TestProtocolsTds::check_data()
{
    QTest::addColumn<int>("row");
    for (int i = 0; i < int(std::size(Rows)); ++i)
        QTest::newRow(Rows[i].name) << i;
}

void TestProtocolsTds::check()
{
    QFETCH(int, row);
    const Row &r = Rows[row];
    QVERIFY2(m_results.contains(QLatin1String(r.name)), "no result for this check");
    const Check c = m_results.value(QLatin1String(r.name));
    const QByteArray seen = QStringLiteral("state=%1 service=%2 verdict=%3 detail=\"%4\" advice=\"%5\" tls=%6")
                                .arg(stateName(c.state), serviceName(c.service), verdictName(c.verdict), c.detail,
                                     c.advice, c.tls.version.isEmpty() ? QStringLiteral("none") : c.tls.version)
                                .toUtf8();
    qInfo("%s: %s", r.name, seen.constData());
    QVERIFY2(stateName(c.state) == QLatin1String(r.state), seen.constData());
    QVERIFY2(serviceName(c.service) == QLatin1String(r.service), seen.constData());
    QVERIFY2(verdictName(c.verdict) == QLatin1String(r.verdict), seen.constData());
    if (*r.detail)
        QVERIFY2(QRegularExpression(QLatin1String(r.detail)).match(c.detail).hasMatch(), seen.constData());
    if (c.verdict == Verdict::Warn || c.verdict == Verdict::Fail)
        QVERIFY2(!c.advice.isEmpty(), seen.constData());
    if (r.trusted < 0) {
        QVERIFY2(c.tls.isEmpty(), seen.constData());
    } else {
        QVERIFY2(c.tls.version == QLatin1String("TLS 1.2") || c.tls.version == QLatin1String("TLS 1.3"),
                 seen.constData());
        QCOMPARE(c.tls.trusted, std::optional<bool>(r.trusted == 1));
        QCOMPARE(c.tls.nameOk, std::optional<bool>(true));
    }
    if (QByteArrayView(r.name).contains("not supported"))
        QVERIFY2(c.advice.contains(QLatin1String("cannot encrypt")), seen.constData());
}

QTEST_GUILESS_MAIN(TestProtocolsTds)
#include "tst_protocols_tds.moc"
