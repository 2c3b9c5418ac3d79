// Every address of a name, against the lab (tests/lab/lab.sh): dual.lab.test resolves to 10.234.0.2,
// where the services answer, and to fd00:234::2, every packet to which the server's firewall drops
// (an AAAA record whose IPv6 path is black-holed, as Active Directory DNS registers them). Each address
// is a check of its own; the link takes the worst. Also IPv6 paths of their own: a ULA name and a
// link-local address with its zone.
#include "changerequest.h"
#include "checkbuilders.h"
#include "checkresultsmodel.h"
#include "labharness.h"
#include "linksummarymodel.h"
#include "runcontroller.h"
#include "topocheckprocess.h"
#include "topologytemplate.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QTemporaryDir>
#include <QTest>

namespace {
using TestSupport::makeCheck;

const QString dual = QStringLiteral("dual.lab.test");
const QString server = QStringLiteral("10.234.0.2");
const QString server6 = QStringLiteral("fd00:234::2");     // dual.lab.test's dropped address
const QString v6 = QStringLiteral("fd00:234::9");          // v6.lab.test: tcp 4567 listens
const QString client = QStringLiteral("10.234.0.1");
const QString client6 = QStringLiteral("fd00:234::1");
const QString clientInterface = QStringLiteral("tccli0");

ProfileOptions options(int timeoutMs = 700)
{
    ProfileOptions o = TestSupport::optionsWith(timeoutMs);
    o.caFile = LabHarness::caFile();
    return o;
}

// The results by address (each check of one planned check has its own).
QHash<QString, Check> byAddress(const QHash<int, Check> &results)
{
    QHash<QString, Check> out;
    for (const Check &c : results)
        out.insert(c.address, c);
    return out;
}
} // namespace

class TestAddressesLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void eachAddressIsACheck();
    void exposureOfEachAddress();
    void sessionAndModelsTakeTheAddedChecks();
    void headlessReportsEveryAddress();
    void ipv6Paths_data();
    void ipv6Paths();
};

void TestAddressesLab::initTestCase()
{
    const QString missing = LabHarness::missing({QStringLiteral("TOPOCHECK_LAB_DUAL6"), QStringLiteral("TOPOCHECK_LAB_V6")});
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    QCOMPARE(LabEnvironment::value("TOPOCHECK_LAB_DUAL6"), server6);
    QCOMPARE(LabEnvironment::value("TOPOCHECK_LAB_V6"), v6);
}

void TestAddressesLab::eachAddressIsACheck()
{
    // Before: the first address (IPv6: getaddrinfo sorts it first) timed out and ended the check.
    const auto results = LabHarness::runChecks({makeCheck(0, dual, 445, Transport::Tcp, QStringLiteral("smb"))}, options());
    QCOMPARE(results.size(), 2);
    const auto seen = byAddress(results);
    QVERIFY2(seen.contains(server) && seen.contains(server6), qPrintable(QStringList(seen.keys()).join(QLatin1Char(' '))));
    const Check v4 = seen.value(server);
    QCOMPARE(v4.state, CheckState::Open);
    QCOMPARE(v4.service, ServiceStatus::Ok);
    QCOMPARE(v4.verdict, Verdict::Pass);
    QCOMPARE(v4.sourceAddress, client);
    const Check v6check = seen.value(server6);
    QCOMPARE(v6check.state, CheckState::Filtered);
    QCOMPARE(v6check.reason, QStringLiteral("no-response"));
    QCOMPARE(v6check.verdict, Verdict::Fail);
    QCOMPARE(v6check.sourceAddress, client6); // the rule to add names the IPv6 source
    QVERIFY2(v6check.advice.contains(QStringLiteral("dual.lab.test (fd00:234::2)")), qPrintable(v6check.advice));
    // the same planned check: flow, host and port; ids 0 and the next free one
    for (const Check &c : results) {
        QCOMPARE(c.flowId, results.value(0).flowId);
        QCOMPARE(c.host, dual);
        QCOMPARE(c.port, quint16(445));
    }
    QVERIFY(results.contains(0) && results.contains(1));
}

void TestAddressesLab::exposureOfEachAddress()
{
    // Before: a filtered IPv6 address first made the exposure check pass while IPv4 was open.
    Check exposure = makeCheck(0, dual, 445);
    exposure.expect = Expectation::Closed;
    const auto seen = byAddress(LabHarness::runChecks({exposure}, options()));
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen.value(server).state, CheckState::Open);
    QCOMPARE(seen.value(server).verdict, Verdict::Fail);
    QCOMPARE(seen.value(server6).state, CheckState::Filtered);
    QCOMPARE(seen.value(server6).verdict, Verdict::Pass);
}

void TestAddressesLab::sessionAndModelsTakeTheAddedChecks()
{
    // The window's path: RunController appends the added check to its results and announces it; the
    // results model gains a row and the link model takes the worst of the link's checks.
    const QString flow = QStringLiteral("bot-agent>load-balancer:https");
    QList<Check> planned{TestSupport::flowCheck(flow, dual, 443, QStringLiteral("tcp")),
                         TestSupport::flowCheck(flow, server, 80, QStringLiteral("tcp"))};
    planned[0].id = 0;
    planned[1].id = 1;
    RunController session;
    CheckResultsModel model;
    LinkSummaryModel links;
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester linkTester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
    links.setSourceModel(&model);
    connect(&session, &RunController::resultsReset, &model, [&] { model.setChecks(session.results().checks); });
    connect(&session, &RunController::checksAdded, &model, &CheckResultsModel::appendChecks);
    connect(&session, &RunController::checksStarted, &model, qOverload<const QList<int> &>(&CheckResultsModel::setRunning));
    connect(&session, &RunController::checksFinished, &model, &CheckResultsModel::updateChecks);
    connect(&session, &RunController::finished, &model, &CheckResultsModel::clearRunning);
    QSignalSpy reset(&session, &RunController::resultsReset);
    QSignalSpy added(&session, &RunController::checksAdded);
    QSignalSpy finished(&session, &RunController::finished);

    session.start(TestSupport::runOf(planned), options());
    QCOMPARE(model.rowCount(), 2); // the plan, before anything resolved
    QVERIFY(finished.wait(10000));
    QCOMPARE(reset.size(), 1); // the plan was announced once; the added check came on its own
    QCOMPARE(added.size(), 1);
    const QList<Check> extra = added.constFirst().constFirst().value<QList<Check>>();
    QCOMPARE(extra.size(), 1);
    QCOMPARE(extra.constFirst().id, 2);
    QCOMPARE(extra.constFirst().host, dual);
    const RunResults &r = session.results();
    QCOMPARE(r.checks.size(), 3);
    QCOMPARE(session.total(), 3);
    QCOMPARE(model.rowCount(), 3);
    QStringList addresses;
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(r.checks.at(i).id, i);
        QCOMPARE(model.checkById(i)->state, r.checks.at(i).state);
        if (r.checks.at(i).host == dual)
            addresses << r.checks.at(i).address;
    }
    addresses.sort();
    QCOMPARE(addresses, (QStringList{server, server6}));
    const LinkSummaryModel::Tally link = links.link(Check::linkIdOf(QStringLiteral("bot-agent"), QStringLiteral("load-balancer")));
    QCOMPARE(link.count(Verdict::Pass), 2);
    QCOMPARE(link.count(Verdict::Fail), 1);
    QCOMPARE(link.state(), LinkSummaryModel::LinkState::Fail);

    // the change request asks for the IPv6 path only, from the IPv6 source
    const ChangeRequest cr = ChangeRequest::build(r, TopologyTemplate::builtin(QStringLiteral("automation360")), nullptr);
    QCOMPARE(cr.rules().size(), 1);
    QCOMPARE(cr.rules().constFirst().address, server6);
    QCOMPARE(cr.rules().constFirst().source.addresses, QStringList{client6});

    // a re-run of the link tests the same addresses again: no new check
    QVERIFY(session.rerun({0, 1, 2}, options()));
    QVERIFY(finished.wait(10000));
    QCOMPARE(added.size(), 1);
    QCOMPARE(session.results().checks.size(), 3);
    QCOMPARE(model.rowCount(), 3);
    for (const Check &c : session.results().checks)
        QCOMPARE(c.verdict, c.address == server6 ? Verdict::Fail : Verdict::Pass);

    // and the results stay a valid topocheck-results/1 document
    QStringList errors;
    const RunResults back = RunResults::fromJson(session.results().toJsonBytes(), &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(back.checks.size(), 3);
}

void TestAddressesLab::headlessReportsEveryAddress()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("TOPOCHECK_EXE"), "TOPOCHECK_EXE names the topocheck executable");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Profile profile;
    profile.name = QStringLiteral("Dual-stack load balancer");
    profile.vantage = QStringLiteral("bot-agent");
    profile.hosts[QStringLiteral("load-balancer")] = {dual};
    profile.options = options(1000);
    profile.options.concurrency = 64;
    const QString path = dir.filePath(QStringLiteral("dual.json"));
    QString error;
    QVERIFY2(profile.save(path, &error), qPrintable(error));
    const TestSupport::TopocheckRun run = TestSupport::runTopocheck(
        {QStringLiteral("--headless"), QStringLiteral("--profile"), path, QStringLiteral("--json"), QStringLiteral("-")});
    QCOMPARE(run.exitCode, 1); // the IPv6 path fails
    const QJsonObject root = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("topocheck-results/1"));
    // the Bot Agent's two flows to the load balancer (80 and 443): two checks each, one per address
    QHash<QString, QHash<QString, QJsonObject>> flows;
    for (const QJsonValue &v : root.value(QStringLiteral("checks")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("host")).toString() == dual && o.value(QStringLiteral("from")).toString() == QLatin1String("bot-agent"))
            flows[o.value(QStringLiteral("flow")).toString()].insert(o.value(QStringLiteral("address")).toString(), o);
    }
    QCOMPARE(flows.size(), 2);
    for (auto it = flows.cbegin(); it != flows.cend(); ++it) {
        const QHash<QString, QJsonObject> &seen = it.value();
        QVERIFY2(seen.size() == 2 && seen.contains(server) && seen.contains(server6),
                 qPrintable(it.key() + QLatin1String(": ") + QStringList(seen.keys()).join(QLatin1Char(' '))));
        QCOMPARE(seen.value(server).value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(seen.value(server6).value(QStringLiteral("state")).toString(), QStringLiteral("filtered"));
        QCOMPARE(seen.value(server6).value(QStringLiteral("verdict")).toString(), QStringLiteral("fail"));
        QCOMPARE(seen.value(server6).value(QStringLiteral("source_address")).toString(), client6);
    }
    // HTTPS on IPv4 passes (the lab certificate names dual.lab.test)
    QCOMPARE(flows.value(QStringLiteral("bot-agent>load-balancer:https")).value(server).value(QStringLiteral("verdict")).toString(),
             QStringLiteral("pass"));
}

void TestAddressesLab::ipv6Paths_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("udp");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("source");

    const QString zoned = QStringLiteral("fe80::9%") + clientInterface;
    const QString clientLinkLocal = QStringLiteral("fe80::1%") + clientInterface;
    const QString index = QString::number(QNetworkInterface::interfaceIndexFromName(clientInterface));
    QTest::newRow("ULA name, open") << "v6.lab.test" << 4567 << false << "open" << "syn-ack" << v6 << client6;
    QTest::newRow("ULA address, refused") << v6 << 4569 << false << "closed" << "conn-refused" << v6 << client6;
    QTest::newRow("ULA address, udp refused") << v6 << 464 << true << "closed" << "port-unreachable" << v6 << client6;
    QTest::newRow("link-local, named zone") << zoned << 4567 << false << "open" << "syn-ack" << zoned << clientLinkLocal;
    QTest::newRow("link-local, bracketed") << QString(QLatin1Char('[') + zoned + QLatin1Char(']')) << 4567 << false
                                           << "open" << "syn-ack" << zoned << clientLinkLocal;
    QTest::newRow("link-local, numeric zone") << QString(QStringLiteral("fe80::9%") + index) << 4567 << false << "open"
                                              << "syn-ack" << QString(QStringLiteral("fe80::9%") + index)
                                              << clientLinkLocal;
    QTest::newRow("link-local, udp refused") << zoned << 464 << true << "closed" << "port-unreachable" << zoned
                                             << clientLinkLocal;
    // no packet can leave: said so, instead of the OS's "Invalid argument"
    QTest::newRow("link-local, no zone") << "fe80::9" << 4567 << false << "error" << "zone-missing" << "fe80::9" << "";
    QTest::newRow("link-local, unknown zone") << "fe80::9%nosuch0" << 4567 << false << "error" << "zone-unknown"
                                              << "fe80::9%nosuch0" << "";
    QTest::newRow("link-local, unknown zone, udp") << "fe80::9%nosuch0" << 464 << true << "error" << "zone-unknown"
                                                   << "fe80::9%nosuch0" << "";
}

void TestAddressesLab::ipv6Paths()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, udp);
    QFETCH(QString, state);
    QFETCH(QString, reason);
    QFETCH(QString, address);
    QFETCH(QString, source);
    const auto results = LabHarness::runChecks(
        {makeCheck(0, host, quint16(port), udp ? Transport::Udp : Transport::Tcp)}, options());
    QCOMPARE(results.size(), 1);
    const Check c = results.value(0);
    QCOMPARE(stateName(c.state), state);
    QCOMPARE(c.reason, reason);
    QCOMPARE(c.address, address);
    QCOMPARE(c.sourceAddress, source);
    if (c.state == CheckState::Error) {
        QVERIFY2(c.detail.contains(QLatin1String("link-local")) || c.detail.contains(QLatin1String("nosuch0")),
                 qPrintable(c.detail));
        QVERIFY2(c.advice.contains(clientInterface), qPrintable(c.advice)); // names this machine's interfaces
    }
}

QTEST_GUILESS_MAIN(TestAddressesLab)
#include "tst_addresses_lab.moc"
