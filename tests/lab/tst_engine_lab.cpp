// The probe engine against the lab (tests/lab/lab.sh): every transport state and reason, seen from
// the client namespace tccli, exactly as a network engineer would classify it.
#include "checkbuilders.h"
#include "checkplan.h"
#include "labharness.h"
#include "protocolcheck.h"
#include "topologytemplate.h"

#include <QElapsedTimer>
#include <QTest>

namespace {
using TestSupport::makeCheck;

const QString server = QStringLiteral("10.234.0.2");
const QString client = QStringLiteral("10.234.0.1"); // tccli0: every probe leaves from it

QHash<int, Check> runAll(const QList<Check> &checks, int timeoutMs, int concurrency = 64,
                         const QString &caFile = QString(), const QString &proxy = QString())
{
    ProfileOptions options = TestSupport::optionsWith(timeoutMs, concurrency);
    options.kerberosRealm = LabHarness::realm();
    options.caFile = caFile;
    options.proxy = proxy;
    return LabHarness::runChecks(checks, options);
}
} // namespace

class TestEngineLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void transportStates_data();
    void transportStates();
    void labNamesResolve();
    void unknownNameIsUnresolved();
    void clusterPortsOfCr2();
    void clusterRangesOfAHealthyClusterPass();
    void protocolChecksTakeTheConnection_data();
    void protocolChecksTakeTheConnection();
    void throughTheProxy();
};

void TestEngineLab::initTestCase()
{
    const QString missing = LabHarness::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
}

void TestEngineLab::transportStates_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("udp");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QStringList>("reasons");

    const auto row = [](const char *name, const QString &host, int port, bool udp, const char *protocol,
                        const char *state, const QStringList &reasons) {
        QTest::newRow(name) << host << port << udp << QString::fromLatin1(protocol) << QString::fromLatin1(state)
                            << reasons;
    };
    const auto reason = [](const char *r) { return QStringList{QString::fromLatin1(r)}; };
    row("tcp 389 open", server, 389, false, "tcp", "open", reason("syn-ack"));
    row("tcp 445 open by name", QStringLiteral("files.lab.test"), 445, false, "tcp", "open", reason("syn-ack"));
    row("tcp 47600 reset by firewall", server, 47600, false, "tcp", "closed", reason("conn-refused"));
    row("tcp 4569 no listener", server, 4569, false, "tcp", "closed", reason("conn-refused"));
    row("tcp 3269 dropped", server, 3269, false, "tcp", "filtered", reason("no-response"));
    // Linux reports ICMP admin-prohibited as EHOSTUNREACH, like host-unreachable
    row("tcp 4575 admin-prohibited", server, 4575, false, "tcp", "filtered",
        {QStringLiteral("admin-prohibited"), QStringLiteral("host-unreachable")});
    row("udp 464 no listener", server, 464, true, "tcp", "closed", reason("port-unreachable"));
    row("udp 1434 dropped", server, 1434, true, "tcp", "open|filtered", reason("no-response"));
    if (ProtocolCheck::create(QStringLiteral("kerberos")))
        row("udp 88 kerberos answers", QStringLiteral("dc1.lab.test"), 88, true, "kerberos", "open", reason("udp-response"));
}

void TestEngineLab::transportStates()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, udp);
    QFETCH(QString, protocol);
    QFETCH(QString, state);
    QFETCH(QStringList, reasons);

    QElapsedTimer clock;
    clock.start();
    const auto results = runAll({makeCheck(0, host, quint16(port), udp ? Transport::Udp : Transport::Tcp, protocol)}, 700);
    QCOMPARE(results.size(), 1);
    const Check c = results.value(0);
    QCOMPARE(stateName(c.state), state);
    QVERIFY2(reasons.contains(c.reason), qPrintable(c.reason));
    QCOMPARE(c.address, server);
    QCOMPARE(c.sourceAddress, client); // answered, refused or silent: the packet left from here
    if (state == QLatin1String("open")) {
        QCOMPARE(c.verdict, Verdict::Pass);
        QVERIFY(c.latencyMs >= 0 && c.latencyMs < 700);
    } else {
        QVERIFY(c.verdict != Verdict::Pass);
        QVERIFY2(!c.advice.isEmpty(), "a failing check carries advice");
    }
    // refusals come back at once; only silence waits for the timeout. (An ICMP unreachable may take
    // the whole timeout under gVisor, which hides it from Qt until the engine reads SO_ERROR.)
    if (c.reason == QLatin1String("no-response"))
        QVERIFY2(clock.elapsed() >= 650, qPrintable(QString::number(clock.elapsed())));
    else if (c.state == CheckState::Closed || c.state == CheckState::Open) // the reason tells them apart;
        QVERIFY2(clock.elapsed() < 6500, qPrintable(QString::number(clock.elapsed()))); // a 10x bound on a busy machine
}

void TestEngineLab::labNamesResolve()
{
    const QList<std::pair<const char *, const char *>> raw{
        {"dc1.lab.test", "10.234.0.2"},        {"files.lab.test", "10.234.0.2"},     {"sql.lab.test", "10.234.0.2"},
        {"cr1.lab.test", "10.234.0.2"},        {"lb.lab.test", "10.234.0.2"},        {"mail.lab.test", "10.234.0.2"},
        {"expired.lab.test", "10.234.0.3"},    {"wrongname.lab.test", "10.234.0.4"}, {"selfsigned.lab.test", "10.234.0.5"},
        {"expiring.lab.test", "10.234.0.6"},   {"impostor.lab.test", "10.234.0.7"},  {"smb1.lab.test", "10.234.0.8"},
        {"cr2.lab.test", "10.234.0.9"}};
    QList<std::pair<QString, QString>> names;
    for (const auto &[n, a] : raw)
        names.append({QString::fromLatin1(n), QString::fromLatin1(a)});
    QList<Check> checks;
    for (int i = 0; i < names.size(); ++i)
        checks << makeCheck(i, names.at(i).first, 443);
    const auto results = runAll(checks, 700);
    QCOMPARE(results.size(), names.size());
    for (int i = 0; i < names.size(); ++i) {
        const Check c = results.value(i);
        QVERIFY2(c.state != CheckState::Unresolved, qPrintable(names.at(i).first));
        QCOMPARE(c.address, names.at(i).second);
    }
}

void TestEngineLab::unknownNameIsUnresolved()
{
    QElapsedTimer clock;
    clock.start();
    const auto results = runAll({makeCheck(0, QStringLiteral("nope.lab.test"), 389),
                                 makeCheck(1, QStringLiteral("nope.lab.test"), 636, Transport::Tcp)},
                                700);
    QCOMPARE(results.size(), 2);
    for (const Check &c : results) {
        QCOMPARE(c.state, CheckState::Unresolved);
        QVERIFY2(c.reason == QLatin1String("nxdomain") || c.reason == QLatin1String("dns-error"), qPrintable(c.reason));
        QVERIFY(!c.detail.isEmpty());
        QCOMPARE(c.verdict, Verdict::Fail);
        QVERIFY(c.advice.contains(QStringLiteral("nope.lab.test")));
        QVERIFY(c.address.isEmpty());
    }
}

void TestEngineLab::clusterPortsOfCr2()
{
    // cr2 carries a bare listener on every Control Room cluster port: the whole plan of a node is open.
    ValidationIssues issues;
    const TopologyTemplate topology = TopologyTemplate::builtin(QStringLiteral("automation360"), &issues);
    QVERIFY(issues.isEmpty());
    Profile profile;
    profile.hosts.insert(QStringLiteral("control-room"), {QStringLiteral("cr2.lab.test")});
    Vantage vantage;
    vantage.role = Vantage::all;
    QList<Check> cluster;
    const CheckPlan plan = CheckPlan::build(topology, profile, vantage);
    for (const Check &c : plan.checks())
        if (c.runnable && c.from == QLatin1String("control-room") && c.to == QLatin1String("control-room")) {
            Check plain = c;
            plain.protocol = QStringLiteral("tcp"); // bare listeners: the transport is what is tested here
            cluster << plain;
        }
    QCOMPARE(cluster.size(), 309);
    QElapsedTimer clock;
    clock.start();
    const auto results = runAll(cluster, 2000, 256);
    QCOMPARE(results.size(), 309);
    for (const Check &c : results) {
        QVERIFY2(c.state == CheckState::Open, qPrintable(QString::number(c.port)));
        QCOMPARE(c.address, QStringLiteral("10.234.0.9"));
        QCOMPARE(c.sourceAddress, client);
    }
    // a correctness bound (10x): the speed figure is engine_bench's (label bench, 927 checks)
    QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
}

void TestEngineLab::clusterRangesOfAHealthyClusterPass()
{
    // The template's range flows as they are (protocols included) against cr2, which listens on
    // every port of them, and cr1, which refuses them all: both paths are open, every check passes.
    ValidationIssues issues;
    const TopologyTemplate topology = TopologyTemplate::builtin(QStringLiteral("automation360"), &issues);
    QVERIFY(issues.isEmpty());
    Profile profile;
    profile.hosts.insert(QStringLiteral("control-room"), {QStringLiteral("cr1.lab.test"), QStringLiteral("cr2.lab.test")});
    Vantage vantage;
    vantage.role = Vantage::all;
    QList<Check> ranges;
    const CheckPlan plan = CheckPlan::build(topology, profile, vantage);
    for (const Check &c : plan.checks())
        if (c.runnable && c.to == QLatin1String("control-room") && c.expect == Expectation::Reachable)
            ranges << c;
    QCOMPARE(ranges.size(), 2 * (101 + 99 + 3 + 101));
    const auto results = runAll(ranges, 1500, 256);
    QCOMPARE(results.size(), ranges.size());
    for (const Check &c : results) {
        const QString what = c.host + QLatin1Char(':') + QString::number(c.port) + QLatin1Char(' ') + stateName(c.state);
        QCOMPARE(c.state, c.host == QLatin1String("cr2.lab.test") ? CheckState::Open : CheckState::Closed);
        QVERIFY2(c.verdict == Verdict::Pass, qPrintable(what));
        QCOMPARE(c.sourceAddress, client);
    }
}

void TestEngineLab::protocolChecksTakeTheConnection_data()
{
    // The engine connects, then hands the descriptor to the check's socket (plain or TLS).
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<int>("service");
    const auto row = [](const char *name, const char *host, int port, const char *protocol, ServiceStatus service) {
        if (ProtocolCheck::create(QString::fromLatin1(protocol)))
            QTest::newRow(name) << QString::fromLatin1(host) << port << QString::fromLatin1(protocol) << int(service);
    };
    row("ssh 22", "dc1.lab.test", 22, "ssh", ServiceStatus::Ok);
    row("ldaps 636 (TLS)", "dc1.lab.test", 636, "ldaps", ServiceStatus::Ok);
    row("smb 445", "files.lab.test", 445, "smb", ServiceStatus::Ok);
    row("ldap on the impostor", "impostor.lab.test", 389, "ldap", ServiceStatus::Mismatch);
    if (!ProtocolCheck::create(QStringLiteral("ssh")))
        QTest::newRow("none built") << QString() << 0 << QString() << -1;
}

void TestEngineLab::protocolChecksTakeTheConnection()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, protocol);
    QFETCH(int, service);
    if (service < 0)
        QFAIL("no expected service status for this row");
    const auto results =
        runAll({makeCheck(0, host, quint16(port), Transport::Tcp, protocol)}, 3000, 8, LabHarness::caFile());
    const Check c = results.value(0);
    QCOMPARE(c.state, CheckState::Open);
    QVERIFY2(int(c.service) == service, qPrintable(serviceName(c.service) + QLatin1String(": ") + c.detail));
    QVERIFY(!c.detail.isEmpty());
}

void TestEngineLab::throughTheProxy()
{
    // via "proxy": the engine connects to the proxy, the HTTPS check asks it for a CONNECT tunnel
    if (!ProtocolCheck::create(QStringLiteral("https")))
        QFAIL("the https check is missing from ProtocolCheck::create");
    Check c = makeCheck(0, QStringLiteral("lb.lab.test"), 443, Transport::Tcp, QStringLiteral("https"));
    c.via = QStringLiteral("proxy");
    const QString ca = LabHarness::caFile();
    const Check allowed = runAll({c}, 3000, 8, ca, QStringLiteral("http://10.234.0.2:3128")).value(0);
    QCOMPARE(allowed.state, CheckState::Open);
    QVERIFY2(allowed.address.isEmpty(), qPrintable(allowed.address)); // the proxy resolved the name, not this machine
    QVERIFY2(allowed.detail.contains(QStringLiteral("resolved by the proxy")), qPrintable(allowed.detail));
    QVERIFY2(allowed.service == ServiceStatus::Ok, qPrintable(allowed.detail));
    const Check refused = runAll({c}, 3000, 8, ca, QStringLiteral("http://10.234.0.2:3129")).value(0);
    QCOMPARE(refused.state, CheckState::Open); // the proxy itself answers...
    QVERIFY2(refused.service != ServiceStatus::Ok, qPrintable(refused.detail)); // ...but will not tunnel to 443
    QCOMPARE(refused.verdict, Verdict::Fail);
    c.via = QStringLiteral("proxy");
    const Check noProxy = runAll({c}, 3000, 8, ca, QStringLiteral("http://nope.lab.test:3128")).value(0);
    QCOMPARE(noProxy.state, CheckState::Unresolved);
    QVERIFY(noProxy.detail.contains(QStringLiteral("nope.lab.test")));
}

QTEST_GUILESS_MAIN(TestEngineLab)
#include "tst_engine_lab.moc"
