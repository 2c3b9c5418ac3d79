// The TLS and text/HTTP family of protocol checks against the lab's real servers, driven through
// the real ProbeEngine: ldap/ldaps, http/https, WebSocket, the HTTP proxy, OpenSearch, gRPC, SMTP.
#include "checkbuilders.h"
#include "labharness.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QtTest>

namespace {

struct Row
{
    const char *name;
    const char *protocol;
    const char *host;
    quint16 port;
    const char *proxy; // "" direct, else the proxy URL the check goes through
    const char *state;
    const char *service;
    const char *verdict;
    const char *detail; // a regular expression the detail must match
    int trusted;        // -1: no TLS facts expected; 0/1: tls.trusted
    int nameOk;         // -1: do not care
};

const Row Rows[] = {
    // LDAP (389, global catalog 3268) and LDAPS (636, 3269)
    {"ldap ok", "ldap", "dc1.lab.test", 389, "", "open", "ok", "pass", "^LDAP v3, naming context dc=", -1, -1},
    {"ldap gc ok", "ldap", "dc1.lab.test", 3268, "", "open", "ok", "pass", "^LDAP v3", -1, -1},
    {"ldap impostor", "ldap", "impostor.lab.test", 389, "", "open", "mismatch", "fail", "HTTP server answered on port 389", -1, -1},
    {"ldap other service", "ldap", "dc1.lab.test", 80, "", "open", "mismatch", "fail", "HTTP server answered on port 80", -1, -1},
    {"ldap closed", "ldap", "10.234.0.2", 4569, "", "closed", "unchecked", "fail", "", -1, -1},
    {"ldaps ok", "ldaps", "dc1.lab.test", 636, "", "open", "ok", "pass", "^LDAP v3.*TLS 1\\.[23]", 1, 1},
    {"ldaps impostor", "ldaps", "impostor.lab.test", 636, "", "open", "mismatch", "fail", "HTTP server answered on port 636", 1, 1},
    {"ldaps plain server", "ldaps", "dc1.lab.test", 389, "", "open", "error", "fail", "TLS", -1, -1},
    {"ldaps dropped", "ldaps", "dc1.lab.test", 3269, "", "filtered", "unchecked", "fail", "", -1, -1},
    // HTTP and HTTPS, TLS grading
    {"http ok", "http", "lb.lab.test", 80, "", "open", "ok", "pass", "^HTTP 200, Server: nginx", -1, -1},
    {"http other service", "http", "dc1.lab.test", 22, "", "open", "mismatch", "fail", "not an HTTP answer", -1, -1},
    {"http closed", "http", "10.234.0.2", 4569, "", "closed", "unchecked", "fail", "", -1, -1},
    {"https ok", "https", "lb.lab.test", 443, "", "open", "ok", "pass", "^HTTP 200, Server: nginx.*TLS 1\\.[23]", 1, 1},
    {"https ok by address", "https", "10.234.0.2", 443, "", "open", "ok", "pass", "^HTTP 200", 1, 1},
    {"https plain server", "https", "lb.lab.test", 80, "", "open", "error", "fail", "TLS", -1, -1},
    {"https dropped", "https", "10.234.0.2", 3269, "", "filtered", "unchecked", "fail", "", -1, -1},
    {"https expired", "https", "expired.lab.test", 443, "", "open", "error", "fail", "certificate expired", 1, 1},
    {"https wrong name", "https", "wrongname.lab.test", 443, "", "open", "ok", "warn", "not valid for wrongname", 1, 0},
    {"https self-signed", "https", "selfsigned.lab.test", 443, "", "open", "ok", "warn", "self-signed", 0, 1},
    {"https expiring", "https", "expiring.lab.test", 443, "", "open", "ok", "warn", "certificate expires in (9|10) days", 1, 1},
    // WebSocket
    {"ws ok", "http+websocket", "lb.lab.test", 80, "", "open", "ok", "pass", "101 Switching Protocols", -1, -1},
    {"wss ok", "https+websocket", "lb.lab.test", 443, "", "open", "ok", "pass", "101 Switching Protocols.*TLS", 1, 1},
    {"ws stripped", "http+websocket", "10.234.0.2", 47599, "", "open", "mismatch", "fail",
     "strips the WebSocket upgrade \\(HTTP (200|404)", -1, -1},
    {"ws impostor", "http+websocket", "impostor.lab.test", 5678, "", "open", "mismatch", "fail", "strips the WebSocket upgrade", -1, -1},
    {"ws closed", "http+websocket", "10.234.0.2", 4569, "", "closed", "unchecked", "fail", "", -1, -1},
    // through the HTTP proxy: 3128 allows CONNECT to 443, 3129 refuses it
    {"proxy http", "http", "lb.lab.test", 80, "http://10.234.0.2:3128", "open", "ok", "pass", "^HTTP 200", -1, -1},
    {"proxy https", "https", "lb.lab.test", 443, "http://10.234.0.2:3128", "open", "ok", "pass", "^HTTP 200.*TLS", 1, 1},
    {"proxy wss", "https+websocket", "lb.lab.test", 443, "http://10.234.0.2:3128", "open", "ok", "pass", "101", 1, 1},
    {"proxy refuses CONNECT", "https", "lb.lab.test", 443, "http://10.234.0.2:3129", "open", "error", "fail",
     "the proxy refused CONNECT to lb\\.lab\\.test:443 \\(HTTP 403", -1, -1},
    // OpenSearch
    {"opensearch ok", "opensearch", "10.234.0.2", 47599, "", "open", "ok", "pass", "^OpenSearch 2\\.11\\.0 \\(cluster lab\\)$", -1, -1},
    {"opensearch impostor", "opensearch", "impostor.lab.test", 47599, "", "open", "mismatch", "fail", "not OpenSearch JSON", -1, -1},
    {"opensearch closed", "opensearch", "10.234.0.2", 4569, "", "closed", "unchecked", "fail", "", -1, -1},
    // gRPC (HTTP/2 prior knowledge)
    {"grpc ok", "grpc", "10.234.0.2", 5678, "", "open", "ok", "pass", "^HTTP/2 \\(gRPC endpoint\\): server SETTINGS", -1, -1},
    {"grpc impostor", "grpc", "impostor.lab.test", 5678, "", "open", "mismatch", "fail", "HTTP/1.x server answered", -1, -1},
    {"grpc closed", "grpc", "10.234.0.2", 4569, "", "closed", "unchecked", "fail", "", -1, -1},
    // SMTP submission with STARTTLS
    {"smtp ok", "smtp", "mail.lab.test", 587, "", "open", "ok", "pass", "^220 .*STARTTLS upgrade works.*TLS 1\\.[23]", 1, 1},
    {"smtp impostor", "smtp", "impostor.lab.test", 587, "", "open", "mismatch", "fail", "^connected, but no SMTP answer within 2000 ms$", -1, -1},
    {"smtp other service", "smtp", "dc1.lab.test", 22, "", "open", "mismatch", "fail", "not an SMTP reply: \"SSH-2.0", -1, -1},
    {"smtp closed", "smtp", "10.234.0.2", 4569, "", "closed", "unchecked", "fail", "", -1, -1},
};

Check plannedCheck(const Row &row)
{
    Check c =
        TestSupport::makeCheck(-1, QLatin1String(row.host), row.port, Transport::Tcp, QLatin1String(row.protocol));
    c.via = *row.proxy ? QStringLiteral("proxy") : QString();
    return c;
}

} // namespace

class TestProtocolsTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void check_data();
    void check();

private:
    QHash<QString, Check> m_results;
};

void TestProtocolsTls::initTestCase()
{
    const QString missing = LabHarness::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));

    // One engine run per proxy setting; every check of a run is in flight at once.
    QHash<QString, LabHarness::NamedChecks> byProxy;
    for (const Row &row : Rows)
        byProxy[QLatin1String(row.proxy)].append({QLatin1String(row.name), plannedCheck(row)});
    for (auto it = byProxy.cbegin(); it != byProxy.cend(); ++it) {
        ProfileOptions options = TestSupport::optionsWith(2000);
        options.caFile = LabHarness::caFile();
        options.websocketPath = QStringLiteral("/");
        options.proxy = it.key().isEmpty() ? QStringLiteral("http://10.234.0.2:3128") : it.key();
        m_results.insert(LabHarness::runNamed(it.value(), options, 20000));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestProtocolsTls::check_data()
{
    QTest::addColumn<int>("row");
    for (int i = 0; i < int(std::size(Rows)); ++i)
        QTest::newRow(Rows[i].name) << i;
}

void TestProtocolsTls::check()
{
    QFETCH(int, row);
    const Row &r = Rows[row];
    QVERIFY2(m_results.contains(QLatin1String(r.name)), "no result for this check");
    const Check c = m_results.value(QLatin1String(r.name));
    const QByteArray seen = QStringLiteral("state=%1 reason=%2 service=%3 verdict=%4 detail=\"%5\" advice=\"%6\"")
                                .arg(stateName(c.state), c.reason, serviceName(c.service), verdictName(c.verdict),
                                     c.detail, c.advice)
                                .toUtf8();
    qInfo("%s: %s", r.name, seen.constData());
    QVERIFY2(stateName(c.state) == QLatin1String(r.state), seen.constData());
    QVERIFY2(serviceName(c.service) == QLatin1String(r.service), seen.constData());
    QVERIFY2(verdictName(c.verdict) == QLatin1String(r.verdict), seen.constData());
    if (*r.detail)
        QVERIFY2(QRegularExpression(QLatin1String(r.detail)).match(c.detail).hasMatch(), seen.constData());
    if (c.verdict == Verdict::Warn || c.verdict == Verdict::Fail)
        QVERIFY2(!c.advice.isEmpty(), seen.constData());
    if (r.trusted >= 0) {
        QVERIFY2(c.tls.toJson().value(QLatin1String("version")).toString().startsWith(QLatin1String("TLS 1.")), seen.constData());
        QCOMPARE(c.tls.toJson().value(QLatin1String("trusted")).toBool(), r.trusted == 1);
        QVERIFY(!c.tls.toJson().value(QLatin1String("cipher")).toString().isEmpty());
        QVERIFY(c.tls.toJson().value(QLatin1String("not_after")).toString().contains(QLatin1Char('T')));
        QVERIFY(c.tls.toJson().value(QLatin1String("sans")).toArray().size() >= 1);
    }
    if (r.nameOk >= 0)
        QCOMPARE(c.tls.toJson().value(QLatin1String("name_ok")).toBool(), r.nameOk == 1);
}

QTEST_GUILESS_MAIN(TestProtocolsTls)
#include "tst_protocols_tls.moc"
