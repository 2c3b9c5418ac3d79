#include "topologytemplate.h"

#include <QJsonDocument>
#include <QSet>
#include <QtTest>

// The reference tables of automation360-ports-and-protocols.txt, written out by hand from the
// document: each row must be a flow of the template with these exact attributes.
struct ReferenceRow
{
    const char *from;
    const char *to;
    const char *transport;
    const char *ports;
    const char *protocol;
    const char *expect;
};

class TstTemplates : public QObject
{
    Q_OBJECT

private:
    static bool hasFlow(const TopologyTemplate &t, const ReferenceRow &row)
    {
        return std::any_of(t.flows().cbegin(), t.flows().cend(), [&](const Flow &f) {
            return f.from == QLatin1String(row.from) && f.to == QLatin1String(row.to)
                && transportName(f.transport) == QLatin1String(row.transport)
                && f.ports.toString() == QLatin1String(row.ports) && f.protocol == QLatin1String(row.protocol)
                && expectationName(f.expect) == QLatin1String(row.expect);
        });
    }

    static QList<ReferenceRow> onPremisesRows()
    {
        return {
            // Control Room table: browsers reach HTTP/HTTPS through the load balancer
            {"load-balancer", "control-room", "tcp", "80", "http", "open"},
            {"load-balancer", "control-room", "tcp", "443", "https+websocket", "open"},
            // Control Room table: the cluster ports between Control Room servers
            {"control-room", "control-room", "tcp", "4575", "tcp", "open"},
            {"control-room", "control-room", "tcp", "5672", "amqp", "open"},
            {"control-room", "control-room", "tcp", "47100-47200", "tcp", "reachable"},
            {"control-room", "control-room", "tcp", "47500-47598", "tcp", "reachable"},
            {"control-room", "control-room", "tcp", "47599", "opensearch", "open"},
            {"control-room", "control-room", "tcp", "47600", "tcp", "open"},
            {"control-room", "control-room", "tcp", "4567", "http", "open"},
            {"control-room", "control-room", "tcp", "4569-4571", "http", "reachable"},
            {"control-room", "control-room", "tcp", "5800-5900", "tcp", "reachable"},
            // Internal ports for localhost services
            {"control-room", "localhost", "tcp", "4567-4571", "https", "reachable"},
            {"control-room", "localhost", "tcp", "5678-5708", "grpc", "reachable"},
            // Data center table
            {"bot-agent", "load-balancer", "tcp", "80", "http+websocket", "open"},
            {"bot-agent", "load-balancer", "tcp", "443", "https+websocket", "open"},
            {"web-browser", "load-balancer", "tcp", "80", "http+websocket", "open"},
            {"web-browser", "load-balancer", "tcp", "443", "https+websocket", "open"},
            {"external-app", "load-balancer", "tcp", "443", "https", "open"},
            {"control-room", "active-directory", "tcp", "389", "ldap", "open"},
            {"control-room", "active-directory", "tcp", "636", "ldaps", "open"},
            {"control-room", "active-directory", "tcp", "3268", "ldap", "open"},
            {"control-room", "active-directory", "tcp", "3269", "ldaps", "open"},
            {"control-room", "active-directory", "tcp", "88", "kerberos", "open"},
            {"control-room", "active-directory", "udp", "88", "kerberos", "open"},
            {"control-room", "file-share", "tcp", "445", "smb", "open"},
            {"control-room", "sql-server", "tcp", "1433", "tds", "open"},
            // "block all the inbound traffic from hosts except for HTTP/HTTPS ports"
            {"bot-agent", "control-room", "tcp", "4575", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "5672", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "47100-47200", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "47500-47598", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "47599", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "47600", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "4567", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "4569-4571", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "5800-5900", "tcp", "closed"},
            {"bot-agent", "control-room", "tcp", "5678-5708", "tcp", "closed"},
        };
    }

private Q_SLOTS:
    void everyTemplateLoads_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString &id : TopologyTemplate::builtinIds())
            QTest::newRow(qPrintable(id)) << id;
    }

    void everyTemplateLoads()
    {
        QFETCH(QString, id);
        ValidationIssues issues;
        const TopologyTemplate t = TopologyTemplate::builtin(id, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QCOMPARE(t.id(), id);
        QVERIFY(!t.title().isEmpty());
        QVERIFY(t.hasComponent(QStringLiteral("control-room")));
        QVERIFY(t.component(QStringLiteral("control-room"))->isVendor());
        QVERIFY(t.component(QStringLiteral("localhost"))->isVendor());
        QVERIFY(!t.component(QStringLiteral("active-directory"))->isVendor());
        for (const Flow &f : t.flows()) {
            QVERIFY2(f.ports.isValid(), qPrintable(f.id));
            QVERIFY2(!f.purpose.isEmpty(), qPrintable(f.id));
            QVERIFY2(!f.reference.isEmpty(), qPrintable(f.id));
        }
    }

    void exportIsExactlyWhatWasLoaded_data() { everyTemplateLoads_data(); }
    void exportIsExactlyWhatWasLoaded()
    {
        QFETCH(QString, id);
        const QJsonDocument source = QJsonDocument::fromJson(TopologyTemplate::builtinSource(id));
        QVERIFY(source.isObject());
        QCOMPARE(QJsonDocument(TopologyTemplate::builtin(id).toJson()), source);
    }

    void onPremisesRowsArePresent_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("row");
        const QList<ReferenceRow> rows = onPremisesRows();
        for (const QString &id : TopologyTemplate::builtinIds())
            for (int i = 0; i < rows.size(); ++i)
                QTest::addRow("%s %s>%s %s/%s %s", qPrintable(id), rows[i].from, rows[i].to, rows[i].transport,
                              rows[i].ports, rows[i].expect)
                    << id << i;
    }

    void onPremisesRowsArePresent()
    {
        QFETCH(QString, id);
        QFETCH(int, row);
        QVERIFY(hasFlow(TopologyTemplate::builtin(id), onPremisesRows().at(row)));
    }

    void azureRowsArePresent()
    {
        const TopologyTemplate azure = TopologyTemplate::builtin(QStringLiteral("automation360-azure"));
        // Microsoft Azure security policy recommended ports
        QVERIFY(hasFlow(azure, {"control-room", "smtp", "tcp", "587", "smtp", "open"}));
        QVERIFY(hasFlow(azure, {"admin-workstation", "control-room", "tcp", "22", "ssh", "open"}));
        QVERIFY(hasFlow(azure, {"admin-workstation", "control-room", "tcp", "3389", "rdp", "open"}));
        QVERIFY(hasFlow(azure, {"control-room", "active-directory", "tcp", "3268", "ldap", "open"}));
        QVERIFY(hasFlow(azure, {"control-room", "active-directory", "tcp", "3269", "ldaps", "open"}));
        QVERIFY(azure.flow(QStringLiteral("load-balancer>control-room:https"))->reference.contains(QLatin1String("not Application Gateway")));
        const TopologyTemplate onPrem = TopologyTemplate::builtin(QStringLiteral("automation360"));
        QVERIFY(!onPrem.hasComponent(QStringLiteral("smtp")));
        QVERIFY(!onPrem.flow(QStringLiteral("control-room>smtp:submission")));
    }

    void azureSqlRedirectFlow()
    {
        // Azure SQL's Redirect connection policy moves each session from the gateway (1433) to the node on
        // 11000-11999: a path to prove, not a service (Microsoft, "Azure SQL Database connectivity architecture").
        const TopologyTemplate azure = TopologyTemplate::builtin(QStringLiteral("automation360-azure"));
        QVERIFY(hasFlow(azure, {"control-room", "sql-server", "tcp", "11000-11999", "tcp", "reachable"}));
        const Flow *redirect = azure.flow(QStringLiteral("control-room>sql-server:azure-sql-redirect"));
        QVERIFY(redirect);
        QVERIFY(redirect->reference.contains(QLatin1String("Azure SQL Database connectivity architecture")));
        QVERIFY(redirect->reference.contains(QLatin1String("Redirect")));
        QVERIFY(redirect->required);
        for (const QString &id : {QStringLiteral("automation360"), QStringLiteral("automation360-gcp")})
            QVERIFY2(!TopologyTemplate::builtin(id).flow(redirect->id), qPrintable(id));
    }

    void gcpRowsArePresent()
    {
        const TopologyTemplate gcp = TopologyTemplate::builtin(QStringLiteral("automation360-gcp"));
        // Google Cloud Platform: load balancer 80/443, firewall 80/443/1433, SQL Server 1433
        QVERIFY(hasFlow(gcp, {"web-browser", "load-balancer", "tcp", "80", "http+websocket", "open"}));
        QVERIFY(hasFlow(gcp, {"web-browser", "load-balancer", "tcp", "443", "https+websocket", "open"}));
        QVERIFY(hasFlow(gcp, {"control-room", "sql-server", "tcp", "1433", "tds", "open"}));
        QVERIFY(gcp.flow(QStringLiteral("control-room>sql-server:sql"))->reference.contains(QLatin1String("Firewall 1433")));
    }

    void cloudTemplatesHoldEveryOnPremisesFlow()
    {
        const TopologyTemplate onPrem = TopologyTemplate::builtin(QStringLiteral("automation360"));
        for (const QString &id : {QStringLiteral("automation360-azure"), QStringLiteral("automation360-gcp")}) {
            const TopologyTemplate cloud = TopologyTemplate::builtin(id);
            for (const Flow &f : onPrem.flows()) {
                const Flow *c = cloud.flow(f.id);
                QVERIFY2(c, qPrintable(id + QLatin1Char(' ') + f.id));
                QCOMPARE(c->ports, f.ports);
                QCOMPARE(c->protocol, f.protocol);
            }
        }
    }

    void exposureCoversEveryClusterPortButHttp()
    {
        const TopologyTemplate t = TopologyTemplate::builtin(QStringLiteral("automation360"));
        QSet<int> cluster;
        QSet<int> exposed;
        for (const Flow &f : t.flows()) {
            for (int p = f.ports.first; p <= f.ports.last; ++p) {
                if (f.isCluster())
                    cluster.insert(p);
                if (f.isExposureCheck())
                    exposed.insert(p);
            }
        }
        QCOMPARE(cluster.size(), 309);
        QVERIFY(exposed.contains(cluster));
        QVERIFY(!exposed.contains(80));
        QVERIFY(!exposed.contains(443));
        QVERIFY(exposed.contains(5678) && exposed.contains(5708) && exposed.contains(4568));
    }

    // A running Control Room listens on a few ports of each range and the others refuse: what a
    // range flow must prove is the path (CONTRACT.md, "reachable"). Single ports keep a service.
    void rangeFlowsExpectAPath_data() { everyTemplateLoads_data(); }
    void rangeFlowsExpectAPath()
    {
        QFETCH(QString, id);
        int ranges = 0;
        const TopologyTemplate t = TopologyTemplate::builtin(id);
        for (const Flow &f : t.flows()) {
            if (f.isExposureCheck())
                continue;
            const bool range = !f.ports.isSingle();
            QVERIFY2((f.expect == Expectation::Reachable) == range, qPrintable(f.id));
            ranges += range ? 1 : 0;
        }
        // four cluster ranges, two localhost ranges; Azure adds Azure SQL's redirect range 11000-11999
        QCOMPARE(ranges, id == QLatin1String("automation360-azure") ? 7 : 6);
    }

    void kerberosIsOneFlowPerTransport()
    {
        const TopologyTemplate t = TopologyTemplate::builtin(QStringLiteral("automation360"));
        QCOMPARE(t.flow(QStringLiteral("control-room>active-directory:kerberos-tcp"))->transport, Transport::Tcp);
        QCOMPARE(t.flow(QStringLiteral("control-room>active-directory:kerberos-udp"))->transport, Transport::Udp);
    }

    void configurablePortsHaveKeys()
    {
        const QStringList keys = TopologyTemplate::builtin(QStringLiteral("automation360")).portKeys();
        for (const char *key : {"http", "https", "sql", "ldap", "ldaps", "gc", "gc-ssl", "kerberos", "smb", "cluster-messaging"})
            QVERIFY2(keys.contains(QLatin1String(key)), key);
    }

    void rolesAreSourcesOfFlows()
    {
        const QStringList roles = TopologyTemplate::builtin(QStringLiteral("automation360")).roles();
        for (const char *role : {"control-room", "bot-agent", "web-browser", "external-app", "load-balancer"})
            QVERIFY2(roles.contains(QLatin1String(role)), role);
        QVERIFY(!roles.contains(QStringLiteral("localhost")));
    }

    void brokenTemplatesAreRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("fragment");
        const QByteArray head = R"({"format":"topocheck-template/1","id":"x","components":[{"id":"control-room","owner":"vendor"},{"id":"sql-server"}],"flows":[)";
        QTest::newRow("not json") << QByteArray("{") << QString() << QStringLiteral("not valid JSON");
        QTest::newRow("wrong format") << QByteArray(R"({"format":"topocheck-profile/1","id":"x","components":[],"flows":[]})")
                                      << QStringLiteral("format") << QStringLiteral("not a template format");
        QTest::newRow("unknown component") << QByteArray(R"({"format":"topocheck-template/1","id":"x","components":[{"id":"mainframe"}],"flows":[]})")
                                           << QStringLiteral("components[0].id") << QStringLiteral("not a component id");
        QTest::newRow("flow to nowhere") << head + R"({"id":"a","from":"control-room","to":"file-share","transport":"tcp","ports":"445"}]})"
                                         << QStringLiteral("flows[0].to") << QStringLiteral("not a component of this template");
        QTest::newRow("bad range") << head + R"({"id":"a","from":"control-room","to":"sql-server","transport":"tcp","ports":"2000-1000"}]})"
                                   << QStringLiteral("flows[0].ports") << QStringLiteral("runs backwards");
        QTest::newRow("bad transport") << head + R"({"id":"a","from":"control-room","to":"sql-server","transport":"sctp","ports":"1433"}]})"
                                       << QStringLiteral("flows[0].transport") << QStringLiteral("not a transport");
        QTest::newRow("bad protocol") << head + R"({"id":"a","from":"control-room","to":"sql-server","transport":"tcp","ports":"1433","protocol":"oracle"}]})"
                                      << QStringLiteral("flows[0].protocol") << QStringLiteral("not a protocol");
        QTest::newRow("bad expectation") << head + R"({"id":"a","from":"control-room","to":"sql-server","transport":"tcp","ports":"1433","expect":"maybe"}]})"
                                         << QStringLiteral("flows[0].expect") << QStringLiteral("open, reachable or closed");
    }

    void brokenTemplatesAreRejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(QString, fragment);
        ValidationIssues issues;
        TopologyTemplate::fromJson(json, &issues);
        QVERIFY(!issues.isEmpty());
        QCOMPARE(issues.constFirst().path, path);
        QVERIFY2(issues.constFirst().message.contains(fragment), qPrintable(issues.constFirst().message));
    }

    void unknownTemplateIsAnError()
    {
        ValidationIssues issues;
        TopologyTemplate::builtin(QStringLiteral("automation361"), &issues);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.constFirst().toString(),
                 QStringLiteral("template: \"automation361\" is not a built-in template (automation360, automation360-azure, automation360-gcp)"));
    }
};

QTEST_GUILESS_MAIN(TstTemplates)
#include "tst_templates.moc"
