// The HTTP family against what customers put in front of the Control Room, with the lab's real nginx and
// tinyproxy (tests/lab/start-nginx.sh LB_CASES, start-tinyproxy.sh): a load balancer that redirects
// port 80 to HTTPS, an origin without a WebSocket at the configured path, a fake Azure Application
// Gateway (HTTP, WebSocket, OpenSearch and gRPC), a backend that is down, OpenSearch's security plugin, and proxies that authenticate, cannot
// connect, filter or relay. Driven through the real ProbeEngine.
#include "checkbuilders.h"
#include "labharness.h"

#include <QRegularExpression>
#include <QtTest>

namespace {

struct Row
{
    const char *name;
    const char *protocol;
    const char *host;
    quint16 port;
    const char *path;  // websocket_path
    const char *proxy; // "" direct, else the proxy URL the check goes through
    const char *state;
    const char *service;
    const char *verdict;
    const char *detail; // a regular expression the detail must match
};

const char *const Auth = "http://10.234.0.2:3130";      // BasicAuth: 407 to everything
const char *const Open = "http://10.234.0.2:3128";      // forwards plain HTTP, CONNECT to 443
const char *const Filtering = "http://10.234.0.2:3129"; // filters cr2.lab.test

const Row Rows[] = {
    // RFC 6455 4.1: an answer other than 101 is ordinary HTTP
    {"ws redirecting load balancer", "http+websocket", "lb.lab.test", 8081, "/", "", "open", "ok", "warn",
     "^HTTP 301, Server: nginx.* to https://lb\\.lab\\.test/ instead of 101: HTTP redirects to HTTPS"},
    {"ws no endpoint at the path", "http+websocket", "lb.lab.test", 8082, "/socket", "", "open", "ok", "warn",
     "^HTTP 404.*no WebSocket endpoint at /socket: set websocket_path"},
    {"ws endpoint at its path", "http+websocket", "lb.lab.test", 8082, "/ws", "", "open", "ok", "pass",
     "^WebSocket upgrade to /ws: 101 Switching Protocols"},
    {"ws page served to the upgrade", "http+websocket", "10.234.0.2", 47599, "/", "", "open", "mismatch", "fail",
     "strips the WebSocket upgrade \\(HTTP 200"},
    {"ws backend down", "http+websocket", "lb.lab.test", 8084, "/", "", "open", "ok", "warn",
     "^HTTP 502, Server: nginx"},
    // the worst finding decides: an expired certificate whatever the upgrade did
    {"wss expired, no endpoint", "https+websocket", "expired.lab.test", 8443, "/", "", "open", "error", "fail",
     "no WebSocket endpoint at /.*certificate expired"},
    // a fake Azure Application Gateway on every HTTP-based check
    {"ws behind app gateway", "http+websocket", "lb.lab.test", 8083, "/", "", "open", "ok", "warn",
     "101 Switching Protocols.*Server: Microsoft-Azure-Application-Gateway/v2.*; Azure Application Gateway in front"},
    {"http behind app gateway", "http", "lb.lab.test", 8083, "/", "", "open", "ok", "warn",
     "^HTTP 200, Server: Microsoft-Azure-Application-Gateway/v2; Azure Application Gateway in front"},
    {"opensearch behind app gateway", "opensearch", "10.234.0.2", 9201, "/", "", "open", "ok", "warn",
     "^OpenSearch 2\\.11\\.0 \\(cluster lab\\); Azure Application Gateway in front"},
    // gRPC: the gateway's headers come HPACK-coded in the answer to a Health/Check call (grpcio's encoder,
    // tests/lab/servers/grpc_health_server.py --app-gateway); the same server without them still passes
    {"grpc behind app gateway", "grpc", "10.234.0.2", 5680, "/", "", "open", "ok", "warn",
     "^HTTP/2 \\(gRPC endpoint\\): server SETTINGS .*; Health/Check answered HTTP 200, "
     "Server: Microsoft-Azure-Application-Gateway/v2; Azure Application Gateway in front"},
    {"grpc without app gateway", "grpc", "10.234.0.2", 5678, "/", "", "open", "ok", "pass",
     "^HTTP/2 \\(gRPC endpoint\\): server SETTINGS .*; Health/Check answered HTTP 200$"},
    {"http backend down", "http", "lb.lab.test", 8084, "/", "", "open", "ok", "warn", "^HTTP 502, Server: nginx"},
    // OpenSearch's security plugin, and another API that wants a login
    {"opensearch security plugin", "opensearch", "10.234.0.2", 9202, "/", "", "open", "ok", "pass",
     "^OpenSearch with security enabled \\(HTTP 401"},
    {"opensearch other API's 401", "opensearch", "10.234.0.2", 9203, "/", "", "open", "mismatch", "fail",
     "^HTTP 401.*without OpenSearch's security evidence"},
    // a proxy that authenticates: not verified, not blocked
    {"auth proxy http", "http", "lb.lab.test", 80, "/", Auth, "open", "unchecked", "warn",
     "^HTTP 407 from the proxy \\(Basic\\): the proxy needs authentication; the path behind it"},
    {"auth proxy https", "https", "lb.lab.test", 443, "/", Auth, "open", "unchecked", "warn",
     "^HTTP 407 from the proxy \\(Basic\\): the proxy needs authentication"},
    {"auth proxy wss", "https+websocket", "lb.lab.test", 443, "/", Auth, "open", "unchecked", "warn",
     "^HTTP 407 from the proxy \\(Basic\\): the proxy needs authentication"},
    // the proxy's own answers against ones relayed from the server behind it
    {"proxy cannot connect", "http", "10.234.0.2", 4569, "/", Open, "open", "error", "fail",
     "^the proxy answered HTTP 500, Server: tinyproxy/.* itself"},
    {"proxy filters the host", "http", "cr2.lab.test", 47599, "/", Filtering, "open", "error", "fail",
     "^the proxy answered HTTP 403, Server: tinyproxy/.* itself"},
    {"proxy relays a 403", "http", "10.234.0.2", 8085, "/", Open, "open", "ok", "pass",
     "^HTTP 403, Server: nginx.*, relayed by the proxy \\(Via: 1\\.1 labproxy"},
    {"proxy relays a 502", "http", "10.234.0.2", 8084, "/", Open, "open", "ok", "warn",
     "^HTTP 502, Server: nginx.*, relayed by the proxy"},
};

Check plannedCheck(const Row &row)
{
    Check c =
        TestSupport::makeCheck(-1, QLatin1String(row.host), row.port, Transport::Tcp, QLatin1String(row.protocol));
    c.via = *row.proxy ? QStringLiteral("proxy") : QString();
    return c;
}

} // namespace

class TestProtocolsHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void check_data();
    void check();

private:
    QHash<QString, Check> m_results;
};

void TestProtocolsHttp::initTestCase()
{
    const QString missing = LabHarness::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));

    // One engine run per (proxy, websocket_path); every check of a run is in flight at once.
    QHash<QPair<QString, QString>, LabHarness::NamedChecks> runs;
    for (const Row &row : Rows)
        runs[{QLatin1String(row.proxy), QLatin1String(row.path)}].append({QLatin1String(row.name), plannedCheck(row)});
    for (auto it = runs.cbegin(); it != runs.cend(); ++it) {
        ProfileOptions options = TestSupport::optionsWith(2000);
        options.caFile = LabHarness::caFile();
        options.websocketPath = it.key().second;
        options.proxy = it.key().first.isEmpty() ? QString::fromLatin1(Open) : it.key().first;
        m_results.insert(LabHarness::runNamed(it.value(), options, 20000));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestProtocolsHttp::check_data()
{
    QTest::addColumn<int>("row");
    for (int i = 0; i < int(std::size(Rows)); ++i)
        QTest::newRow(Rows[i].name) << i;
}

void TestProtocolsHttp::check()
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
    QVERIFY2(QRegularExpression(QLatin1String(r.detail)).match(c.detail).hasMatch(), seen.constData());
    if (c.verdict == Verdict::Warn || c.verdict == Verdict::Fail)
        QVERIFY2(!c.advice.isEmpty(), seen.constData());
}

QTEST_GUILESS_MAIN(TestProtocolsHttp)
#include "tst_protocols_http.moc"
