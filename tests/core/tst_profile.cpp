#include "hostsyntax.h"
#include "profile.h"
#include "topocheckprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

class TstProfile : public QObject
{
    Q_OBJECT

private:
    // A valid profile with one replacement spliced in: key -> raw JSON value ("" removes the key).
    static QByteArray profileWith(const QByteArray &key, const QByteArray &value)
    {
        QMap<QByteArray, QByteArray> fields{
            {"format", "\"topocheck-profile/1\""},
            {"name", "\"Contoso\""},
            {"template", "\"automation360\""},
            {"vantage", "\"bot-agent\""},
            {"hosts", "{\"control-room\":[\"cr1.contoso.local\",\"10.0.4.13\"],\"sql-server\":[\"sql.contoso.local\"]}"},
            {"ports", "{\"https\":443,\"sql\":1433}"},
            {"options", "{\"timeout_ms\":3000,\"concurrency\":256}"},
        };
        if (value.isEmpty())
            fields.remove(key);
        else
            fields.insert(key, value);
        QByteArray out = "{";
        for (auto it = fields.cbegin(); it != fields.cend(); ++it)
            out += (out.size() > 1 ? "," : "") + QByteArray("\"") + it.key() + "\":" + it.value();
        return out + "}";
    }

    static QByteArray withHost(const QByteArray &host)
    {
        return profileWith("hosts", "{\"sql-server\":[" + host + "]}");
    }

private Q_SLOTS:
    void validProfileLoads()
    {
        ValidationIssues issues;
        const Profile p = Profile::fromJson(profileWith("name", "\"Contoso\""), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QCOMPARE(p.name, QStringLiteral("Contoso"));
        QCOMPARE(p.vantage, QStringLiteral("bot-agent"));
        QCOMPARE(p.hostsOf(QStringLiteral("control-room")).size(), 2);
        QCOMPARE(p.portFor(QStringLiteral("sql"), PortRange::single(1)), PortRange::single(1433));
        QCOMPARE(p.options.timeoutMs, 3000);
    }

    void hostForms_data()
    {
        QTest::addColumn<QString>("host");
        for (const char *h : {"sql.contoso.local", "SQL01", "10.0.2.20", "2001:db8::20", "[2001:db8::20]", "::1",
                              "xn--bcher-kva.example", "bücher.example", "my_host.corp", "dc1.contoso.local."})
            QTest::newRow(h) << QString::fromUtf8(h);
    }
    void hostForms()
    {
        QFETCH(QString, host);
        QVERIFY2(HostSyntax::problem(host).isEmpty(), qPrintable(HostSyntax::problem(host)));
    }

    // found by tests/fuzz/fuzz_hostsyntax: QHostAddress reads an address up to a NUL and ignores the rest
    void controlCharactersAreRefused_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("NUL after IPv6") << QStringLiteral("fe80::1") + QChar(0) + QStringLiteral("0");
        QTest::newRow("NUL in a zone id") << QStringLiteral("fe80::9%tccli0") + QChar(0);
        QTest::newRow("line feed in IPv6") << QStringLiteral("2001:db8::20%a") + QChar(0x0a) + QStringLiteral("b");
        QTest::newRow("no-break space in IPv6") << QStringLiteral("::1%a") + QChar(0xa0) + QStringLiteral("b");
    }
    void controlCharactersAreRefused()
    {
        QFETCH(QString, host);
        QVERIFY2(!HostSyntax::isValid(host), "a host with a control character or white space was accepted");
        QVERIFY(!HostSyntax::problem(host).isEmpty());
    }

    // found by tests/fuzz/fuzz_hostsyntax: QHostAddress takes any text after '%' as the zone
    void zoneIdsAreInterfaceNames_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("valid");
        QTest::newRow("named zone") << QStringLiteral("fe80::1%eth0") << true;
        QTest::newRow("numeric zone (Windows)") << QStringLiteral("fe80::1%12") << true;
        QTest::newRow("VLAN interface") << QStringLiteral("fe80::1%veth1.100") << true;
        QTest::newRow("bracket in the zone") << QStringLiteral("::1%a]b") << false;
        QTest::newRow("empty zone") << QStringLiteral("fe80::1%") << false;
        QTest::newRow("replacement character in the zone") << QStringLiteral("fe80::1%a") + QChar(0xfffd) << false;
    }
    void zoneIdsAreInterfaceNames()
    {
        QFETCH(QString, host);
        QFETCH(bool, valid);
        QCOMPARE(HostSyntax::isValid(host), valid);
    }

    void badProfiles_data();
    void badProfiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        ValidationIssues issues;
        Profile::fromJson(json, &issues);
        QVERIFY2(!issues.isEmpty(), "a bad profile was accepted");
        QCOMPARE(issues.constFirst().toString(), expected);
    }

    void everyProblemIsReportedAtOnce()
    {
        const QByteArray json = "{\"format\":\"topocheck-profile/1\",\"hosts\":{\"sql-server\":[\"sql server\",\"a..b\"]},"
                                    "\"ports\":{\"https\":70000},\"options\":{\"timeout_ms\":1,\"concurrency\":-3}}";
        ValidationIssues issues;
        Profile::fromJson(json, &issues);
        QStringList paths;
        for (const ValidationIssue &i : issues)
            paths << i.path;
        paths.sort();
        QCOMPARE(paths, (QStringList{QStringLiteral("hosts.sql-server[0]"), QStringLiteral("hosts.sql-server[1]"),
                                     QStringLiteral("options.concurrency"), QStringLiteral("options.timeout_ms"),
                                     QStringLiteral("ports.https")}));
    }

    // A host listed twice (in any spelling of the same host) is checked once, with a note, not refused.
    void duplicateHostsAreFoldedWithANote()
    {
        ValidationIssues issues;
        const Profile p = Profile::fromJson(withHost("\"sql1\",\"SQL1\",\"2001:db8::7\",\"[2001:DB8:0::7]\",\"b\u00fccher.example\","
                                                     "\"xn--bcher-kva.example\",\"sql2\""),
                                            &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QCOMPARE(p.hostsOf(QStringLiteral("sql-server")),
                 (QStringList{QStringLiteral("sql1"), QStringLiteral("2001:db8::7"), QStringLiteral("b\u00fccher.example"), QStringLiteral("sql2")}));
        QStringList notes;
        for (const ValidationIssue &n : p.notes)
            notes << n.toString();
        QCOMPARE(notes, (QStringList{QStringLiteral("hosts.sql-server[1]: \"SQL1\" is listed twice (also at [0]): checked once"),
                                     QStringLiteral("hosts.sql-server[3]: \"[2001:DB8:0::7]\" is listed twice (also at [2]): checked once"),
                                     QStringLiteral("hosts.sql-server[5]: \"xn--bcher-kva.example\" is listed twice (also at [4]): checked once")}));
        // the form edits lists without folding: there a duplicate stays an error until it is removed
        Profile edited = p;
        edited.hosts[QStringLiteral("sql-server")] << QStringLiteral("SQL2");
        QCOMPARE(edited.validate().value(0).toString(), QStringLiteral("hosts.sql-server[4]: \"SQL2\" is listed twice (also at [3])"));
    }

    void idnAndZoneIdsAreKeptAsTyped()
    {
        ValidationIssues issues;
        const Profile p = Profile::fromJson(withHost("\"b\u00fccher.example\",\"fe80::1%eth0\",\"[fe80::2%12]\""), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QCOMPARE(p.hostsOf(QStringLiteral("sql-server")),
                 (QStringList{QStringLiteral("b\u00fccher.example"), QStringLiteral("fe80::1%eth0"), QStringLiteral("[fe80::2%12]")}));
        QCOMPARE(HostSyntax::identity(QStringLiteral("B\u00dcCHER.example")), QStringLiteral("xn--bcher-kva.example"));
        QCOMPARE(HostSyntax::identity(QStringLiteral("[FE80::1%eth0]")), QStringLiteral("fe80::1%eth0"));
    }

    void malformedIdnIsRefused_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("punycode prefix on Unicode") << QStringLiteral("xn--b\u00fccher.example");
        QTest::newRow("reserved hyphens") << QStringLiteral("b\u00fc--cher.example");
        QTest::newRow("label over 63 in punycode") << QString(30, QChar(0xfc)) + QString(30, QLatin1Char('x')) + QStringLiteral(".example");
    }
    void malformedIdnIsRefused()
    {
        QFETCH(QString, host);
        QVERIFY(host.section(QLatin1Char('.'), 0, 0).size() <= 63);
        QVERIFY2(HostSyntax::problem(host).contains(QStringLiteral("is not a valid internationalized name")), qPrintable(HostSyntax::problem(host)));
    }

    // Ports x hosts beyond Profile::maxPlannedChecks: refused with the figures, on the heaviest component.
    void explodingPlanIsRefused()
    {
        Profile p;
        for (int i = 0; i < 10000; ++i)
            p.hosts[QStringLiteral("control-room")] << QStringLiteral("cr%1.contoso.local").arg(i);
        const ValidationIssues issues = p.validate();
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.constFirst().path, QStringLiteral("hosts.control-room"));
        QVERIFY2(issues.constFirst().message.startsWith(QStringLiteral("10000 hosts: ")), qPrintable(issues.constFirst().message));
        QVERIFY2(issues.constFirst().message.contains(QStringLiteral("at most 100000 checks")), qPrintable(issues.constFirst().message));
        // 10,000 hosts where each has few ports are fine
        Profile files;
        for (int i = 0; i < 10000; ++i)
            files.hosts[QStringLiteral("file-share")] << QStringLiteral("fs%1.contoso.local").arg(i);
        QVERIFY2(files.validate().isEmpty(), qPrintable(files.validate().value(0).toString()));
    }

    // `--profile <(generate)` or a device: no size to check first, so the read itself is bounded.
    void unboundedStreamIsReadBounded()
    {
#ifdef Q_OS_LINUX
        ValidationIssues issues;
        Profile::load(QStringLiteral("/dev/zero"), &issues);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.constFirst().toString(), QStringLiteral("more than 16 MB to read; a profile is at most 16 MB"));
#endif
    }

    void saveLoadRoundTrip()
    {
        QTemporaryDir dir;
        ValidationIssues issues;
        Profile p = Profile::fromJson(profileWith("options", "{\"timeout_ms\":1500,\"concurrency\":64,\"kerberos_realm\":\"CONTOSO.LOCAL\","
            "\"websocket_path\":\"/ws\",\"ca_file\":\"C:/certs/root.pem\",\"proxy\":\"http://proxy.contoso.local:3128\",\"future_option\":[1,2]}"), &issues);
        QVERIFY(issues.isEmpty());
        p.ports.insert(QStringLiteral("cluster-cache-47100"), PortRange{48100, 48200});
        const QString path = dir.filePath(QStringLiteral("site.json"));
        QString error;
        QVERIFY2(p.save(path, &error), qPrintable(error));
        const Profile back = Profile::load(path, &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QCOMPARE(back, p);
        QCOMPARE(back.toJson(), p.toJson());
        QCOMPARE(back.toJson().value(QStringLiteral("options")).toObject().value(QStringLiteral("future_option")).toArray().size(), 2);
    }

    void unknownKeysSurviveASave()
    {
        QByteArray json = profileWith("x-fleet", "{\"owner\":\"ops\"}");
        ValidationIssues issues;
        const Profile p = Profile::fromJson(json, &issues);
        QVERIFY(issues.isEmpty());
        QCOMPARE(p.toJson().value(QStringLiteral("x-fleet")).toObject().value(QStringLiteral("owner")).toString(), QStringLiteral("ops"));
    }

    void failedSaveLeavesTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("site.json"));
        QVERIFY(TestSupport::writeFile(path, "old contents"));
        QString error;
        Profile p;
        p.name = QStringLiteral("new");
        QVERIFY(!p.save(dir.filePath(QStringLiteral("missing-dir/site.json")), &error));
        QVERIFY(error.contains(QLatin1String("missing-dir")));
        QVERIFY(p.save(path, &error));
        QVERIFY(QFile(path).size() > 20);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary left behind
    }

    // A short write (the disk fills; here a file size limit) fails the save and keeps the old file: a
    // buffered QSaveFile lost the rest of a short write at commit and reported success.
    void shortWriteFailsTheSave()
    {
#ifdef Q_OS_UNIX
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("site.json"));
        QVERIFY(TestSupport::writeFile(path, "old contents"));
        Profile p;
        for (int i = 0; i < 100; ++i)
            p.hosts[QStringLiteral("file-share")] << QStringLiteral("fs%1.contoso.local").arg(i);
        QVERIFY(p.toJsonBytes().size() > 2048 && p.toJsonBytes().size() < 16384); // within QFileDevice's buffer
        rlimit before = {};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &before), 0);
        const auto previousHandler = ::signal(SIGXFSZ, SIG_IGN);
        const rlimit small{1024, before.rlim_max};
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        QString error;
        const bool saved = p.save(path, &error);
        setrlimit(RLIMIT_FSIZE, &before);
        ::signal(SIGXFSZ, previousHandler);
        QVERIFY2(!saved, "a save cut at 1024 bytes reported success");
        QVERIFY2(error.contains(QStringLiteral("site.json")), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("old contents"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary left behind
#endif
    }

    void unreadableFileIsAnError()
    {
        ValidationIssues issues;
        Profile::load(QStringLiteral("/nonexistent/site.json"), &issues);
        QCOMPARE(issues.size(), 1);
        QVERIFY(issues.constFirst().message.startsWith(QLatin1String("cannot read the file")));
    }

    void bundledSampleIsValid()
    {
        ValidationIssues issues;
        const Profile p = Profile::load(QStringLiteral(TOPOCHECK_SOURCE_DIR "/resources/profiles/sample.json"), &issues);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
        QVERIFY(!p.hostsOf(QStringLiteral("control-room")).isEmpty());
    }
};

void TstProfile::badProfiles_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected"); // the first issue, path and message

    QTest::newRow("not json") << QByteArray("{\"format\": \"topocheck-profile/1\",\n  \"hosts\": {,}}")
                              << QStringLiteral("not valid JSON: unterminated object at line 2, column 14");
    QTest::newRow("array at top") << QByteArray("[1,2]") << QStringLiteral("expected a JSON object at the top level, found an array");
    QTest::newRow("empty file") << QByteArray("") << QStringLiteral("the file is empty (0 bytes): expected a JSON object");
    QTest::newRow("white space only") << QByteArray(" \n\t") << QStringLiteral("the file holds only white space: expected a JSON object");
    QTest::newRow("no format") << profileWith("format", "") << QStringLiteral("format: missing (required)");
    QTest::newRow("template format") << profileWith("format", "\"topocheck-template/1\"")
                                     << QStringLiteral("format: \"topocheck-template/1\" is not a profile format (expected \"topocheck-profile/1\")");
    QTest::newRow("format number") << profileWith("format", "1") << QStringLiteral("format: expected a string, found a number");
    QTest::newRow("name not string") << profileWith("name", "42") << QStringLiteral("name: expected a string, found a number");
    QTest::newRow("unknown template") << profileWith("template", "\"automation361\"")
                                      << QStringLiteral("template: \"automation361\" is not a built-in template (automation360, automation360-azure, automation360-gcp)");
    QTest::newRow("unknown vantage") << profileWith("vantage", "\"robot\"")
                                     << QStringLiteral("vantage: \"robot\" is not a role of template automation360 (all, web-browser, bot-agent, external-app, load-balancer, control-room, active-directory, file-share, sql-server)");
    QTest::newRow("no hosts") << profileWith("hosts", "") << QStringLiteral("hosts: missing (required): list the hosts of each component");
    QTest::newRow("hosts is list") << profileWith("hosts", "[\"a\"]")
                                   << QStringLiteral("hosts: expected an object mapping components to lists of hosts, found a list");
    QTest::newRow("hosts value string") << profileWith("hosts", "{\"sql-server\":\"sql.contoso.local\"}")
                                        << QStringLiteral("hosts.sql-server: expected a list of hosts, found a string");
    QTest::newRow("unknown component") << profileWith("hosts", "{\"mainframe\":[\"mf1\"]}")
                                       << QStringLiteral("hosts.mainframe: \"mainframe\" is not a component (control-room, load-balancer, web-browser, bot-agent, external-app, active-directory, file-share, sql-server, smtp, admin-workstation, localhost)");
    QTest::newRow("host number") << withHost("1433") << QStringLiteral("hosts.sql-server[0]: expected a host name or address, found a number");
    QTest::newRow("host with space") << withHost("\"sql server\"")
                                     << QStringLiteral("hosts.sql-server[0]: \"sql server\" is not a valid host name (spaces are not allowed)");
    QTest::newRow("empty host") << withHost("\"\"") << QStringLiteral("hosts.sql-server[0]: empty host name");
    QTest::newRow("padded host") << withHost("\" sql\"") << QStringLiteral("hosts.sql-server[0]: \" sql\" is not a valid host name (leading or trailing spaces)");
    QTest::newRow("url") << withHost("\"https://sql.contoso.local\"")
                         << QStringLiteral("hosts.sql-server[0]: \"https://sql.contoso.local\" is not a valid host name (a host, not a URL: write only the name or address)");
    QTest::newRow("host with port") << withHost("\"sql.contoso.local:1433\"")
                                    << QStringLiteral("hosts.sql-server[0]: \"sql.contoso.local:1433\" is not a valid host name (a port does not belong in the host; set it under \"ports\")");
    QTest::newRow("bad character") << withHost("\"sql!.contoso\"")
                                   << QStringLiteral("hosts.sql-server[0]: \"sql!.contoso\" is not a valid host name (the character '!' is not allowed)");
    QTest::newRow("empty label") << withHost("\"sql..contoso\"")
                                 << QStringLiteral("hosts.sql-server[0]: \"sql..contoso\" is not a valid host name (empty label between dots)");
    QTest::newRow("hyphen label") << withHost("\"-sql.contoso\"")
                                  << QStringLiteral("hosts.sql-server[0]: \"-sql.contoso\" is not a valid host name (a label may not start or end with a hyphen)");
    QTest::newRow("long label") << withHost("\"" + QByteArray(64, 'a') + ".contoso\"")
                                << QStringLiteral("hosts.sql-server[0]: \"%1.contoso\" is not a valid host name (the label \"aaaaaaaaaaaaaaaa...\" is longer than 63 characters)").arg(QString(64, QLatin1Char('a')));
    QTest::newRow("ipv4 out of range") << withHost("\"10.0.0.256\"")
                                       << QStringLiteral("hosts.sql-server[0]: \"10.0.0.256\" is not a valid IPv4 address (256 is out of range (0-255))");
    QTest::newRow("ipv6 broken") << withHost("\"2001:db8::zz\"")
                                 << QStringLiteral("hosts.sql-server[0]: \"2001:db8::zz\" is not a valid IPv6 address (not a valid IPv6 address)");
    QTest::newRow("ipv6 bracket") << withHost("\"[2001:db8::1\"")
                                  << QStringLiteral("hosts.sql-server[0]: \"[2001:db8::1\" is not a valid IPv6 address (unbalanced brackets)");
    QTest::newRow("numeric tld") << withHost("\"sql.123\"")
                                 << QStringLiteral("hosts.sql-server[0]: \"sql.123\" is not a valid host name (the last label may not be all digits)");
    QTest::newRow("ports not object") << profileWith("ports", "443") << QStringLiteral("ports: expected an object, found a number");
    QTest::newRow("port too big") << profileWith("ports", "{\"https\":70000}") << QStringLiteral("ports.https: 70000 is not a port (1-65535)");
    QTest::newRow("port 1e30") << profileWith("ports", "{\"https\":1e30}") << QStringLiteral("ports.https: 1e+30 is not a port (1-65535)");
    QTest::newRow("port -1") << profileWith("ports", "{\"https\":-1}") << QStringLiteral("ports.https: -1 is not a port (1-65535)");
    QTest::newRow("port as text") << profileWith("ports", "{\"https\":\"443\"}")
                                  << QStringLiteral("ports.https: \"443\" is text: write a port as a number (443, without quotes); only a range is text (\"47100-47200\")");
    QTest::newRow("timeout 1e30") << profileWith("options", "{\"timeout_ms\":1e30}") << QStringLiteral("options.timeout_ms: 1e+30 is out of range (50-600000 ms)");
    QTest::newRow("half-converted IDN") << withHost("\"xn--b\u00fccher.example\"")
                                        << QStringLiteral("hosts.sql-server[0]: \"xn--b\u00fccher.example\" is not a valid host name (the label \"xn--b\u00fccher\" is not a valid internationalized name ('--' in the third and fourth places is reserved for punycode, which is plain ASCII))");
    QTest::newRow("port zero") << profileWith("ports", "{\"sql\":0}") << QStringLiteral("ports.sql: 0 is not a port (1-65535)");
    QTest::newRow("port fraction") << profileWith("ports", "{\"sql\":14.5}") << QStringLiteral("ports.sql: 14.5 is not a whole number");
    QTest::newRow("port text") << profileWith("ports", "{\"sql\":\"high\"}") << QStringLiteral("ports.sql: \"high\" is not a port number");
    QTest::newRow("port bool") << profileWith("ports", "{\"sql\":true}") << QStringLiteral("ports.sql: expected a port number, found true/false");
    QTest::newRow("range backwards") << profileWith("ports", "{\"cluster-cache-47100\":\"47200-47100\"}")
                                     << QStringLiteral("ports.cluster-cache-47100: the range 47200-47100 runs backwards (write the lower port first)");
    QTest::newRow("unknown port key") << profileWith("ports", "{\"htps\":443}")
                                      << QStringLiteral("ports.htps: \"htps\" is not a port key of template automation360 (http, https, ldap, ldaps, gc, gc-ssl, kerberos, smb, sql, cluster-monitoring, cluster-messaging, cluster-cache-47100, cluster-cache-47500, cluster-opensearch-http, cluster-opensearch, cluster-control-room, cluster-copilot-http, cluster-copilot)");
    QTest::newRow("options list") << profileWith("options", "[]") << QStringLiteral("options: expected an object, found a list");
    QTest::newRow("timeout text") << profileWith("options", "{\"timeout_ms\":\"3s\"}")
                                  << QStringLiteral("options.timeout_ms: expected a whole number, found a string");
    QTest::newRow("timeout tiny") << profileWith("options", "{\"timeout_ms\":5}") << QStringLiteral("options.timeout_ms: 5 is out of range (50-600000 ms)");
    QTest::newRow("concurrency zero") << profileWith("options", "{\"concurrency\":0}") << QStringLiteral("options.concurrency: 0 is out of range (1-4096)");
    QTest::newRow("realm space") << profileWith("options", "{\"kerberos_realm\":\"CONTOSO LOCAL\"}")
                                 << QStringLiteral("options.kerberos_realm: \"CONTOSO LOCAL\" is not a Kerberos realm (spaces are not allowed)");
    QTest::newRow("websocket path") << profileWith("options", "{\"websocket_path\":\"ws\"}")
                                    << QStringLiteral("options.websocket_path: \"ws\" is not a request path (it must start with '/' and have no spaces)");
    QTest::newRow("proxy no scheme") << profileWith("options", "{\"proxy\":\"proxy.contoso.local:3128\"}")
                                     << QStringLiteral("options.proxy: \"proxy.contoso.local:3128\" is not an HTTP proxy URL (expected http://host:port)");
    QTest::newRow("proxy credentials") << profileWith("options", "{\"proxy\":\"http://bob:secret@proxy:3128\"}")
                                       << QStringLiteral("options.proxy: credentials do not belong in the proxy URL: Topocheck never sends credentials");
    QTest::newRow("ca file number") << profileWith("options", "{\"ca_file\":7}") << QStringLiteral("options.ca_file: expected a string, found a number");
}

QTEST_GUILESS_MAIN(TstProfile)
#include "tst_profile.moc"
