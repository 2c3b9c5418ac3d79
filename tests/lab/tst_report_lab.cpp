// The change-request report of real lab runs: a Bot Agent run, a Control Room run and a browser run,
// merged with `topocheck --merge ... --pdf`, and a `--from all` run, read back with poppler-utils. Every
// expectation below is a fact of the lab (tests/lab): 3269 dropped on dc1, an impostor web server on
// the directory ports, cluster ports listening on cr2 and refused on cr1, an expired certificate on
// expired.lab.test.
#include "reporttext.h"
#include "labenvironment.h"
#include "runresults.h"
#include "topocheckprocess.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {
int run(const QStringList &args, QString *err)
{
    const TestSupport::TopocheckRun r = TestSupport::runTopocheck(args, 180000);
    *err = r.err;
    return r.exitCode;
}

QString tool(const QString &name, const QStringList &args)
{
    QProcess p;
    p.start(name, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

RunResults load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList errors;
    return RunResults::fromJson(f.readAll(), &errors);
}

struct AllowRow
{
    QString transport;
    QList<PortRange> ports;
    QStringList sources;
    QString destination;
};

// "Allow TCP 88, 389 from 10.234.0.1 to 10.234.0.2" in the text of section 1
QList<AllowRow> allowRows(const QString &rules)
{
    QList<AllowRow> out;
    static const QRegularExpression row(
        QStringLiteral("Allow (TCP|UDP) ((?:\\d+(?:-\\d+)?(?:, )?)+) from (.+?) to ([0-9a-fA-F.:]+)"));
    for (auto it = row.globalMatch(rules); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        AllowRow r;
        r.transport = m.captured(1);
        for (const QString &p : m.captured(2).split(QStringLiteral(", "), Qt::SkipEmptyParts))
            r.ports << PortRange::parse(p);
        r.sources = m.captured(3).split(QStringLiteral(", "));
        r.destination = m.captured(4);
        out << r;
    }
    return out;
}

} // namespace

class TestReportLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mergedLabReport();
    void fromAllNamesTheProfilesHosts();

private:
    // The checks every section must agree with: page-1 counts equal to the rows of each section, no
    // "Allow" for a port some probe saw refused, no rule source but a probe's address or a profile name.
    void checkChangeRequest(const QString &text, const RunResults &results, const QSet<QString> &allowedSources);

    QTemporaryDir m_dir;
    QString m_profile;
    Profile m_lab;
};

void TestReportLab::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("TOPOCHECK_EXE"))
        QFAIL("TOPOCHECK_EXE is not set (run through ctest)");
    // pdftotext, pdffonts and pdfinfo come with poppler-utils
    const QString missing = LabEnvironment::missing(
        {}, {QStringLiteral("pdftotext"), QStringLiteral("pdffonts"), QStringLiteral("pdfinfo")});
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsSet("TOPOCHECK_KEEP_REPORTS")) { // to look at the pages: pdftoppm -png -r 60
        m_dir.setAutoRemove(false);
        qInfo("reports in %s", qPrintable(m_dir.path()));
    }
    // both nodes, and beside the real servers an expired certificate and an impostor directory
    m_lab = LabEnvironment::profile(QStringLiteral("Report lab"));
    m_lab.hosts[QStringLiteral("load-balancer")] << QStringLiteral("expired.lab.test");
    m_lab.hosts[QStringLiteral("active-directory")] << QStringLiteral("impostor.lab.test");
    m_profile = m_dir.filePath(QStringLiteral("lab.json"));
    QString err;
    QVERIFY2(m_lab.save(m_profile, &err), qPrintable(err));
}

void TestReportLab::checkChangeRequest(const QString &text, const RunResults &results,
                                       const QSet<QString> &allowedSources)
{
    const TestSupport::ReportSections sections = TestSupport::ReportSections::of(text);
    const QString &page1 = sections.page1;
    const QString &rules = sections.rules;
    QVERIFY2(!page1.isEmpty() && !rules.isEmpty() && !sections.fixes.isEmpty(), qPrintable(text.left(3000)));

    for (const QChar prefix : {QLatin1Char('R'), QLatin1Char('S'), QLatin1Char('E'), QLatin1Char('T')})
        QCOMPARE(sections.listed(prefix), sections.counted(prefix));
    // page 1 keeps the summary, the counts and the diagram
    QVERIFY(page1.contains(QLatin1String("Summary")));
    QVERIFY(page1.contains(QLatin1String("Topology as tested")));

    const QList<AllowRow> rows = allowRows(rules);
    QVERIFY2(!rows.isEmpty(), qPrintable(rules));
    for (const AllowRow &r : rows) {
        for (const QString &s : r.sources)
            QVERIFY2(allowedSources.contains(s) || s.startsWith(QLatin1String("any ")),
                     qPrintable(QStringLiteral("rule source %1 is no probe's address and no profile host").arg(s)));
        QVERIFY2(r.destination != QLatin1String("127.0.0.1"), "a loopback flow is never a rule");
    }
    for (const Check &c : results.checks) {
        if (c.state != CheckState::Closed)
            continue;
        for (const AllowRow &r : rows) {
            if (r.destination != c.address || r.transport != transportName(c.transport).toUpper())
                continue;
            for (const PortRange &p : r.ports)
                QVERIFY2(!p.contains(c.port), qPrintable(QStringLiteral("an Allow row for refused %1 port %2")
                                                             .arg(c.address)
                                                             .arg(c.port)));
        }
    }
}

void TestReportLab::mergedLabReport()
{
    QString err;
    const QString bot = m_dir.filePath(QStringLiteral("bot.json"));
    const QString node = m_dir.filePath(QStringLiteral("node.json"));
    const QString browser = m_dir.filePath(QStringLiteral("browser.json"));
    QCOMPARE(run({QStringLiteral("--headless"), QStringLiteral("--profile"), m_profile, QStringLiteral("--from"),
                  QStringLiteral("bot-agent"), QStringLiteral("--json"), bot, QStringLiteral("--pdf"),
                  m_dir.filePath(QStringLiteral("bot.pdf"))},
                 &err),
             1);
    QCOMPARE(run({QStringLiteral("--headless"), QStringLiteral("--profile"), m_profile, QStringLiteral("--from"),
                  QStringLiteral("control-room"), QStringLiteral("--json"), node},
                 &err),
             1);
    const int browserExit = run({QStringLiteral("--headless"), QStringLiteral("--profile"), m_profile,
                                 QStringLiteral("--from"), QStringLiteral("web-browser"), QStringLiteral("--json"),
                                 browser},
                                &err);
    QVERIFY2(browserExit == 0 || browserExit == 1, qPrintable(err));
    const QString pdf = m_dir.filePath(QStringLiteral("merged.pdf"));
    const QString merged = m_dir.filePath(QStringLiteral("merged.json"));
    QCOMPARE(run({QStringLiteral("--merge"), bot, node, browser, QStringLiteral("--pdf"), pdf, QStringLiteral("--json"),
                  merged},
                 &err),
             1);
    QVERIFY2(QFile::exists(pdf), qPrintable(err));
    const RunResults results = load(merged);
    QCOMPARE(results.sources.size(), 3);

    // a rule may name the addresses the probes left from; results without them fall back to the machine's
    QSet<QString> probeAddresses;
    for (const Check &c : results.checks)
        if (!c.sourceAddress.isEmpty())
            probeAddresses.insert(c.sourceAddress);
    if (probeAddresses.isEmpty()) {
        qWarning("these results record no source_address: rule sources checked against the machines' addresses");
        for (const RunResults &r : results.sources)
            for (const QString &a : r.vantage.addressStrings())
                probeAddresses.insert(a);
    }

    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    checkChangeRequest(text, results, probeAddresses);
    if (QTest::currentTestFailed())
        return;
    const QString rules = TestSupport::reportSection(text, QStringLiteral("1 Firewall rules to add on the path"),
                                  QStringLiteral("2 Services or host firewalls to fix"));
    const QString fixes =
        TestSupport::reportSection(text, QStringLiteral("2 Services or host firewalls to fix"), QStringLiteral("3 Exposure findings"));
    // 3269 is dropped by the lab's firewall: a rule to add, from the Control Room run's machine
    QVERIFY2(QRegularExpression(QStringLiteral("Allow TCP (\\S+, )*3269(, \\S+)* from [0-9.]+ to 10\\.234\\.0\\.2"))
                 .match(rules)
                 .hasMatch(),
             qPrintable(rules));
    // a web server on the directory ports is no firewall matter
    QVERIFY(fixes.contains(QLatin1String("impostor.lab.test")));
    QVERIFY2(fixes.contains(QLatin1String("No firewall change: 10.234.0.7 answers on TCP 389 but not as LDAP")),
             qPrintable(fixes));
    // a flow that works is not asked for
    QVERIFY(!rules.contains(QLatin1String("sql.lab.test")));

    // the healthy cluster: cr2 listens on its ranges, cr1 refuses them; both paths are open, so green
    for (const Check &c : results.checks)
        if (c.expect == Expectation::Reachable && c.to == QLatin1String("control-room") &&
            c.state != CheckState::NotTested)
            QVERIFY2(c.verdict == Verdict::Pass,
                     qPrintable(QStringLiteral("%1 %2:%3 %4").arg(c.flowId, c.host).arg(c.port).arg(stateName(c.state))));
    const QString all = text.simplified();
    QVERIFY2(all.contains(QLatin1String("47100-47200: path open to 101 of 101 ports, 101 answering")),
             qPrintable(all.right(6000)));
    QVERIFY(all.contains(QLatin1String("47100-47200: path open to 101 of 101 ports, 0 answering")));
    QVERIFY(!rules.contains(QLatin1String("47100")));

    const QString exposure = TestSupport::reportSection(text, QStringLiteral("3 Exposure findings"), QStringLiteral("4 TLS findings"));
    QVERIFY2(exposure.contains(QLatin1String("Block TCP 5672 to 10.234.0.2")), qPrintable(exposure));
    QVERIFY(exposure.contains(QLatin1String("Bot Agent")));
    QVERIFY(exposure.contains(QLatin1String("from 10.234.0.1")));

    const QString tls = TestSupport::reportSection(text, QStringLiteral("4 TLS findings"), QStringLiteral("Appendix A"));
    QVERIFY2(tls.contains(QLatin1String("expired.lab.test:443")), qPrintable(tls));
    QVERIFY(tls.contains(QLatin1String("certificate expired")));

    const QStringList fonts = tool(QStringLiteral("pdffonts"), {pdf}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(fonts.size() > 2);
    const int emb = fonts.first().indexOf(QLatin1String("emb"));
    for (const QString &line : fonts.mid(2))
        QVERIFY2(line.mid(emb, 3) == QLatin1String("yes"), qPrintable(line));
    const int pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)"))
                          .match(tool(QStringLiteral("pdfinfo"), {pdf}))
                          .captured(1)
                          .toInt();
    QVERIFY2(pages >= 5 && pages <= 40, qPrintable(QString::number(pages)));
}

void TestReportLab::fromAllNamesTheProfilesHosts()
{
    QString err;
    const QString json = m_dir.filePath(QStringLiteral("all.json"));
    const QString pdf = m_dir.filePath(QStringLiteral("all.pdf"));
    QCOMPARE(run({QStringLiteral("--headless"), QStringLiteral("--profile"), m_profile, QStringLiteral("--from"),
                  QStringLiteral("all"), QStringLiteral("--json"), json, QStringLiteral("--pdf"), pdf},
                 &err),
             1);
    const RunResults results = load(json);
    // one machine played every role: the sources are the profile's hosts, never this machine's addresses
    QSet<QString> names;
    for (const QStringList &hosts : std::as_const(m_lab.hosts))
        for (const QString &h : hosts)
            names.insert(h);
    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    checkChangeRequest(text, results, names);
    if (QTest::currentTestFailed())
        return;
    const QString rules = TestSupport::reportSection(text, QStringLiteral("1 Firewall rules to add on the path"),
                                  QStringLiteral("2 Services or host firewalls to fix"));
    QVERIFY2(rules.contains(QLatin1String("tested from elsewhere")), qPrintable(rules));
    QVERIFY(!rules.contains(QLatin1String("from 10.234.0.1 ")));
}

QTEST_GUILESS_MAIN(TestReportLab)
#include "tst_report_lab.moc"
