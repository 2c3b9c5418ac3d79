// `topocheck --headless` against the lab, from the client namespace: the whole plan of a Control
// Room node and of a Bot Agent, as the results file reports it.
#include "labenvironment.h"
#include "topocheckprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result
{
    int exitCode = -1;
    QJsonArray checks;
    QString err;
};

// The lab's hosts with one Control Room node, cr2, run from the given role.
Result headless(const QTemporaryDir &dir, const QString &vantage)
{
    Profile profile = LabEnvironment::profile(QStringLiteral("Lab"), vantage);
    profile.hosts[QStringLiteral("control-room")] = {QStringLiteral("cr2.lab.test")};
    const QString path = dir.filePath(QStringLiteral("lab-%1.json").arg(vantage));
    Result r;
    if (!profile.save(path, &r.err))
        return r;
    const TestSupport::TopocheckRun run =
        TestSupport::runTopocheck({QStringLiteral("--headless"), QStringLiteral("--profile"), path,
                                   QStringLiteral("--json"), QStringLiteral("-")},
                                  120000);
    r.exitCode = run.exitCode;
    r.checks = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("checks")).toArray();
    r.err = run.err;
    return r;
}

QList<QJsonObject> select(const QJsonArray &checks, const QString &flow)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : checks)
        if (v.toObject().value(QStringLiteral("flow")).toString() == flow)
            out << v.toObject();
    return out;
}

QString field(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
} // namespace

class TestHeadlessLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void controlRoomNode();
    void botAgentSeesExposedClusterPorts();

private:
    QTemporaryDir m_dir;
};

void TestHeadlessLab::initTestCase()
{
    const QString missing = LabEnvironment::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    QVERIFY(QFile::exists(qEnvironmentVariable("TOPOCHECK_EXE")));
}

void TestHeadlessLab::controlRoomNode()
{
    const Result r = headless(m_dir, QStringLiteral("control-room"));
    QCOMPARE(r.exitCode, 1); // 3269 is dropped, nothing listens on this namespace's loopback
    QVERIFY(!r.checks.isEmpty());

    const auto gcSsl = select(r.checks, QStringLiteral("control-room>active-directory:gc-ssl"));
    QCOMPARE(gcSsl.size(), 1);
    QCOMPARE(field(gcSsl.constFirst(), "state"), QStringLiteral("filtered"));
    QCOMPARE(field(gcSsl.constFirst(), "reason"), QStringLiteral("no-response"));
    QCOMPARE(field(gcSsl.constFirst(), "verdict"), QStringLiteral("fail"));
    QVERIFY(!field(gcSsl.constFirst(), "advice").isEmpty());

    const auto ldap = select(r.checks, QStringLiteral("control-room>active-directory:ldap"));
    QCOMPARE(ldap.size(), 1);
    QCOMPARE(field(ldap.constFirst(), "state"), QStringLiteral("open"));
    QCOMPARE(field(ldap.constFirst(), "address"), QStringLiteral("10.234.0.2"));
    QVERIFY(ldap.constFirst().value(QStringLiteral("latency_ms")).isDouble());

    const auto udp = select(r.checks, QStringLiteral("control-room>active-directory:kerberos-udp"));
    QCOMPARE(udp.size(), 1);
    QCOMPARE(field(udp.constFirst(), "transport"), QStringLiteral("udp"));
    QVERIFY2(field(udp.constFirst(), "state") == QLatin1String("open"), qPrintable(field(udp.constFirst(), "state")));

    int cluster = 0;
    for (const QJsonValue &v : r.checks) {
        const QJsonObject c = v.toObject();
        if (field(c, "from") == QLatin1String("control-room") && field(c, "to") == QLatin1String("control-room")) {
            ++cluster;
            QCOMPARE(field(c, "host"), QStringLiteral("cr2.lab.test"));
            QCOMPARE(field(c, "state"), QStringLiteral("open")); // bare listeners on every cluster port
        }
        if (field(c, "to") == QLatin1String("localhost")) {
            QCOMPARE(field(c, "host"), QStringLiteral("127.0.0.1"));
            QCOMPARE(field(c, "state"), QStringLiteral("closed"));
            QCOMPARE(field(c, "reason"), QStringLiteral("conn-refused"));
        }
        if (field(c, "expect") == QLatin1String("closed"))
            QCOMPARE(field(c, "state"), QStringLiteral("not-tested")); // a node is inside the cluster
    }
    QCOMPARE(cluster, 309);
}

void TestHeadlessLab::botAgentSeesExposedClusterPorts()
{
    const Result r = headless(m_dir, QStringLiteral("bot-agent"));
    QCOMPARE(r.exitCode, 1);
    int exposure = 0;
    for (const QJsonValue &v : r.checks) {
        const QJsonObject c = v.toObject();
        if (field(c, "expect") != QLatin1String("closed"))
            continue;
        ++exposure;
        QCOMPARE(field(c, "from"), QStringLiteral("bot-agent"));
        const int port = c.value(QStringLiteral("port")).toInt();
        // cr2 listens on the cluster ports; 4568 and the gRPC range are not among them
        const bool listening = !(port == 4568 || (port >= 5678 && port <= 5708));
        QCOMPARE(field(c, "state"), listening ? QStringLiteral("open") : QStringLiteral("closed"));
        QCOMPARE(field(c, "verdict"), listening ? QStringLiteral("fail") : QStringLiteral("pass"));
        if (listening)
            QVERIFY(field(c, "advice").contains(QStringLiteral("deny rule")));
    }
    QCOMPARE(exposure, 309 + 1 + 31);
}

QTEST_GUILESS_MAIN(TestHeadlessLab)
#include "tst_headless_lab.moc"
