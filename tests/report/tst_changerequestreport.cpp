#include "reporttext.h"
#include "changerequest.h"
#include "changerequestreport.h"
#include "reportfixture.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

// The PDF is read back with poppler-utils, as a firewall team's tools would read it.
class TestChangeRequestReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failingFlowsAppearInTheChangeRequest();
    void exposureAndTlsSections();
    void fontsAreEmbedded();
    void pageCountFitsTheContent();
    void letterPaper();
    void mergedReportShowsEachSource();
    void emptyRunSaysSo();
    void refusedPortsAreNoRules();
    void pageOneCountsEqualTheSections();
    void rangesAreOneLineAndSkippedAreSummarised();
    void pathsSayWhetherAListenerOrOnlyAResetProvedThem();
    void staleResultsSayIt();
    void defaultFileName();
    void failureLeavesNoFile();
    void rewriteIsAtomic();

private:
    QString tool(const QString &name, const QStringList &args, int *exitCode = nullptr);
    QString write(const RunResults &results, const QString &name,
                  const ChangeRequestReport::Settings &settings = ChangeRequestReport::Settings{});
    int pages(const QString &pdf);
    QString section(const QString &text, const QString &from, const QString &to);

    QTemporaryDir m_dir;
};

QString TestChangeRequestReport::tool(const QString &name, const QStringList &args, int *exitCode)
{
    QProcess p;
    p.start(name, args);
    if (!p.waitForFinished(30000))
        return {};
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString TestChangeRequestReport::write(const RunResults &results, const QString &name,
                                       const ChangeRequestReport::Settings &settings)
{
    const QString path = m_dir.filePath(name);
    QString error;
    const bool ok = ChangeRequestReport::writePdf(results, ReportFixture::onPremises(), ReportFixture::profile(), path,
                                                  settings, &error);
    if (!ok)
        qWarning("%s", qPrintable(error));
    return ok ? path : QString();
}

int TestChangeRequestReport::pages(const QString &pdf)
{
    static const QRegularExpression re(QStringLiteral("Pages:\\s+(\\d+)"));
    return re.match(tool(QStringLiteral("pdfinfo"), {pdf})).captured(1).toInt();
}

QString TestChangeRequestReport::section(const QString &text, const QString &from, const QString &to)
{
    return TestSupport::reportSection(text, from, to);
}

void TestChangeRequestReport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsSet("TOPOCHECK_KEEP_REPORTS")) { // to look at the pages: pdftoppm -png -r 60
        m_dir.setAutoRemove(false);
        qInfo("reports in %s", qPrintable(m_dir.path()));
    }
    for (const char *name : {"pdftotext", "pdffonts", "pdfinfo"})
        if (QStandardPaths::findExecutable(QLatin1String(name)).isEmpty())
            QFAIL("poppler-utils is not installed (apt-get install poppler-utils)");
}

void TestChangeRequestReport::failingFlowsAppearInTheChangeRequest()
{
    const RunResults results = ReportFixture::run(3, true);
    QVERIFY(results.summary().fail > 50);
    const QString pdf = write(results, QStringLiteral("full.pdf"));
    QVERIFY(!pdf.isEmpty());
    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    const QString cr =
        section(text, QStringLiteral("1 Firewall rules to add on the path"), QStringLiteral("3 Exposure findings"));
    QVERIFY2(!cr.isEmpty(), qPrintable(text.left(3000)));

    // every port token of the section, as ranges
    QList<PortRange> ranges;
    static const QRegularExpression token(QStringLiteral("\\b(?:TCP|UDP) ((?:\\d+(?:-\\d+)?(?:, )?)+)"));
    for (auto it = token.globalMatch(cr); it.hasNext();)
        for (const QString &p : it.next().captured(1).split(QStringLiteral(", "), Qt::SkipEmptyParts))
            ranges << PortRange::parse(p);
    QVERIFY(!ranges.isEmpty());

    int failing = 0;
    for (const Check &c : results.checks) {
        if (c.verdict != Verdict::Fail || c.expect == Expectation::Closed || !c.tls.isEmpty())
            continue;
        ++failing;
        QVERIFY2(cr.contains(c.host), qPrintable(c.host));
        QVERIFY2(cr.contains(c.address), qPrintable(c.address));
        const bool covered =
            std::any_of(ranges.cbegin(), ranges.cend(), [&](const PortRange &r) { return r.contains(c.port); });
        QVERIFY2(covered, qPrintable(QStringLiteral("%1 port %2").arg(c.host).arg(c.port)));
    }
    QVERIFY(failing > 40); // range ports that went unanswered included (refused ones pass: expect reachable)
    // a passing flow is not asked for
    QVERIFY(!cr.contains(QLatin1String("sql.contoso.local")));
    // the footer: profile name and page numbers
    QVERIFY(text.contains(QLatin1String("Contoso production")));
    QVERIFY(QRegularExpression(QStringLiteral("Page 2 of \\d+")).match(text).hasMatch());
    // the rules appendix is real text too
    QVERIFY(text.contains(QLatin1String("New-NetFirewallRule")));
    QVERIFY(text.contains(QLatin1String("gcloud compute firewall-rules create")));
}

void TestChangeRequestReport::exposureAndTlsSections()
{
    const RunResults results = ReportFixture::run(2, false);
    const QString pdf = write(results, QStringLiteral("exposure.pdf"));
    QVERIFY(!pdf.isEmpty());
    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    const QString exposure = section(text, QStringLiteral("3 Exposure findings"), QStringLiteral("4 TLS findings"));
    QVERIFY2(exposure.contains(QLatin1String("TCP 5672")), qPrintable(exposure));
    QVERIFY(exposure.contains(QLatin1String("TCP 47599")));
    QVERIFY(exposure.contains(QLatin1String("cr1.contoso.local")));
    QVERIFY(exposure.contains(QLatin1String("Block TCP 5672 to 10.0.4.11")));
    QVERIFY(!exposure.contains(QLatin1String("TCP 4575"))); // filtered: as it should be
    const QString tls = section(text, QStringLiteral("4 TLS findings"), QStringLiteral("Appendix A"));
    QVERIFY2(tls.contains(QLatin1String("dc1.contoso.local:636")), qPrintable(tls));
    QVERIFY(tls.contains(QLatin1String("expired")));
}

void TestChangeRequestReport::fontsAreEmbedded()
{
    const QString pdf = write(ReportFixture::run(1, false), QStringLiteral("fonts.pdf"));
    QVERIFY(!pdf.isEmpty());
    const QStringList lines = tool(QStringLiteral("pdffonts"), {pdf}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() > 2); // header, rule, at least one font
    const int emb = lines.first().indexOf(QLatin1String("emb"));
    QVERIFY(emb > 0);
    for (const QString &line : lines.mid(2))
        QVERIFY2(line.mid(emb, 3) == QLatin1String("yes"), qPrintable(line));
}

void TestChangeRequestReport::pageCountFitsTheContent()
{
    // ten checks: the first page, the sections, one appendix page each
    RunResults small = ReportFixture::run(1, false);
    small.checks = small.checks.mid(0, 10);
    const QString smallPdf = write(small, QStringLiteral("small.pdf"));
    const int few = pages(smallPdf);
    // the first page, the readable diagram (issue 16: at least 6 pt on A4), the sections, the appendices
    QVERIFY2(few >= 3 && few <= 7, qPrintable(QString::number(few)));

    const RunResults big = ReportFixture::run(3, true);
    QVERIFY(big.checks.size() >= 1000);
    const int many = pages(write(big, QStringLiteral("big.pdf")));
    // port ranges are one row each (expect reachable), so a thousand checks take few pages
    QVERIFY2(many >= 6 && many <= 80, qPrintable(QString::number(many)));

    // the same checks with outcomes that merge into ranges need fewer pages
    const int merged = pages(write(ReportFixture::run(3, false), QStringLiteral("merged.pdf")));
    QVERIFY2(merged < many, qPrintable(QStringLiteral("%1 vs %2").arg(merged).arg(many)));
}

void TestChangeRequestReport::letterPaper()
{
    ChangeRequestReport::Settings letter;
    letter.pageSize = QPageSize::Letter;
    const QString info =
        tool(QStringLiteral("pdfinfo"), {write(ReportFixture::run(1, false), QStringLiteral("letter.pdf"), letter)});
    QVERIFY2(info.contains(QLatin1String("612 x 792 pts (letter)")), qPrintable(info));
    const QString a4 = tool(QStringLiteral("pdfinfo"), {write(ReportFixture::run(1, false), QStringLiteral("a4.pdf"))});
    QVERIFY2(a4.contains(QLatin1String("(A4)")), qPrintable(a4));
}

void TestChangeRequestReport::mergedReportShowsEachSource()
{
    const TopologyTemplate t = ReportFixture::onPremises();
    auto failing = [&](const QString &flowId, const QString &host, quint16 port) {
        const Flow *f = t.flow(flowId);
        Check c;
        c.flowId = flowId;
        c.from = f->from;
        c.to = f->to;
        c.host = host;
        c.address = ReportFixture::addressOf(host);
        c.transport = f->transport;
        c.port = port;
        c.protocol = f->protocol;
        c.runnable = true;
        c.state = CheckState::Filtered;
        c.reason = QStringLiteral("no-response");
        c.decide();
        return c;
    };
    RunResults bot;
    bot.vantage =
        ReportFixture::vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), QStringLiteral("10.0.9.42"));
    bot.checks << failing(QStringLiteral("bot-agent>load-balancer:https"), QStringLiteral("automation.contoso.com"),
                          443);
    RunResults node;
    node.vantage =
        ReportFixture::vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), QStringLiteral("10.0.4.11"));
    node.checks << failing(QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql.contoso.local"), 1433);
    RunResults merged;
    merged.profileName = QStringLiteral("Contoso production");
    merged.vantage =
        ReportFixture::vantage(QStringLiteral("all"), QStringLiteral("merge-host"), QStringLiteral("10.9.9.9"));
    merged.sources = {bot, node};
    merged.checks << bot.checks << node.checks;

    const QString pdf = write(merged, QStringLiteral("merged-sources.pdf"));
    QVERIFY(!pdf.isEmpty());
    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    const QString cr =
        section(text, QStringLiteral("1 Firewall rules to add on the path"), QStringLiteral("3 Exposure findings"));
    QVERIFY2(cr.contains(QLatin1String("Allow TCP 443 from 10.0.9.42 to 10.0.1.5")), qPrintable(cr));
    QVERIFY(cr.contains(QLatin1String("Allow TCP 1433 from 10.0.4.11 to 10.0.2.30")));
    QVERIFY(!cr.contains(QLatin1String("10.9.9.9")));
    const QString first =
        section(text, QStringLiteral("FIREWALL CHANGE REQUEST"), QStringLiteral("1 Firewall rules to add on the path"));
    QVERIFY(first.contains(QLatin1String("ws-042")));
    QVERIFY(first.contains(QLatin1String("cr1")));
}

void TestChangeRequestReport::emptyRunSaysSo()
{
    RunResults empty;
    empty.profileName = QStringLiteral("Nothing yet");
    empty.vantage =
        ReportFixture::vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), QStringLiteral("10.0.9.42"));
    const QString pdf = write(empty, QStringLiteral("empty.pdf"));
    QVERIFY(!pdf.isEmpty());
    QVERIFY(pages(pdf) <= 7);
    const QString text =
        tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")}).simplified();
    QVERIFY(text.contains(QLatin1String("Nothing to open")));
    QVERIFY(text.contains(QLatin1String("Nothing yet")));
    QVERIFY(text.contains(QLatin1String("Bot Agent ws-042 (10.0.9.42)")));
    // no result is no reason to say all is well
    QVERIFY(text.contains(QLatin1String("No check was tested")));
    QVERIFY(!text.contains(QLatin1String("No firewall rule needs to be added")));

    // the same with a plan whose checks were all skipped
    RunResults skipped = ReportFixture::run(1, false);
    for (Check &c : skipped.checks) {
        c.state = CheckState::NotTested;
        c.reason = QStringLiteral("other-vantage");
        c.decide();
    }
    const QString page1 = tool(QStringLiteral("pdftotext"), {QStringLiteral("-l"), QStringLiteral("1"),
                                                              QStringLiteral("-raw"),
                                                              write(skipped, QStringLiteral("skipped.pdf")),
                                                              QStringLiteral("-")})
                              .simplified();
    QVERIFY2(page1.contains(QLatin1String("No check was tested")), qPrintable(page1));
    QVERIFY(!page1.contains(QLatin1String("No firewall rule needs to be added")));
    QVERIFY(page1.contains(QLatin1String("checks were not run")));
}

void TestChangeRequestReport::refusedPortsAreNoRules()
{
    const TopologyTemplate t = ReportFixture::onPremises();
    auto seen = [&](const QString &flowId, const QString &host, quint16 port, CheckState state, const char *reason) {
        const Flow *f = t.flow(flowId);
        Check c;
        c.flowId = flowId;
        c.from = f->from;
        c.to = f->to;
        c.host = host;
        c.address = ReportFixture::addressOf(host);
        c.sourceAddress = QStringLiteral("10.0.4.11");
        c.transport = f->transport;
        c.port = port;
        c.protocol = f->protocol;
        c.expect = f->expect;
        c.runnable = true;
        c.state = state;
        c.reason = QLatin1String(reason);
        c.decide();
        return c;
    };
    RunResults r;
    r.profileName = QStringLiteral("Contoso production");
    r.vantage = ReportFixture::vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), QStringLiteral("10.0.4.11"));
    r.checks << seen(QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql.contoso.local"), 1433,
                     CheckState::Closed, "conn-refused");
    r.checks << seen(QStringLiteral("control-room>file-share:smb"), QStringLiteral("files.contoso.local"), 445,
                     CheckState::Filtered, "no-response");
    for (int port = 4567; port <= 4571; ++port)
        r.checks << seen(QStringLiteral("control-room>localhost:rest"), QStringLiteral("127.0.0.1"), quint16(port),
                         CheckState::Filtered, "no-response");
    const QString text = tool(QStringLiteral("pdftotext"),
                              {QStringLiteral("-raw"), write(r, QStringLiteral("refused.pdf")), QStringLiteral("-")});
    const QString rules =
        section(text, QStringLiteral("1 Firewall rules to add on the path"), QStringLiteral("2 Services or host"));
    QVERIFY2(rules.contains(QLatin1String("Allow TCP 445 from 10.0.4.11 to 10.0.2.20")), qPrintable(rules));
    QVERIFY(!rules.contains(QLatin1String("1433")));
    QVERIFY(!rules.contains(QLatin1String("127.0.0.1")));
    const QString fixes = section(text, QStringLiteral("2 Services or host"), QStringLiteral("3 Exposure findings"));
    QVERIFY2(fixes.contains(QLatin1String("10.0.2.30 itself refused TCP 1433")), qPrintable(fixes));
    QVERIFY(fixes.contains(QLatin1String("closed (conn-refused)")));
    QVERIFY(fixes.contains(QLatin1String("tested from cr1")));
    QVERIFY(fixes.contains(QLatin1String("4567-4571")));
    QVERIFY(!fixes.contains(QLatin1String("Allow ")));
    QVERIFY(!text.contains(QLatin1String("127.0.0.1/32")));
}

// Page 1 counts what the sections list: one row per rule (R), fix (S), exposure (E) and TLS finding (T).
void TestChangeRequestReport::pageOneCountsEqualTheSections()
{
    const QString pdf = write(ReportFixture::run(3, true), QStringLiteral("counts.pdf"));
    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    const TestSupport::ReportSections r = TestSupport::ReportSections::of(text);
    const QString &page1 = r.page1;
    QVERIFY2(r.counted(QLatin1Char('R')) > 0, qPrintable(page1));
    for (const QChar prefix : {QLatin1Char('R'), QLatin1Char('S'), QLatin1Char('E'), QLatin1Char('T')})
        QCOMPARE(r.listed(prefix), r.counted(prefix));
    // no word is broken inside a verdict cell
    for (const char *word : {"PASS", "WARN", "FAIL", "SKIPPED", "unchecked", "mismatch"}) {
        const QString w = QLatin1String(word);
        for (int cut = 1; cut < w.size(); ++cut)
            QVERIFY2(!QRegularExpression(QStringLiteral("\\b%1\\n%2\\b").arg(w.left(cut), w.mid(cut)))
                          .match(text)
                          .hasMatch(),
                     qPrintable(w.left(cut) + QLatin1Char('|') + w.mid(cut)));
    }
    // the printed legend has no "running": nothing runs on paper
    QVERIFY(!page1.contains(QLatin1String("running"), Qt::CaseInsensitive));
}

void TestChangeRequestReport::rangesAreOneLineAndSkippedAreSummarised()
{
    const RunResults results = ReportFixture::run(2, false);
    const QString text = tool(QStringLiteral("pdftotext"),
                              {QStringLiteral("-raw"), write(results, QStringLiteral("ranges.pdf")), QStringLiteral("-")})
                             .simplified();
    QVERIFY2(text.contains(QLatin1String("47100-47200: path open to 101 of 101 ports, 101 answering")),
             qPrintable(text.left(4000)));
    QVERIFY(text.contains(QLatin1String("47500-47598: path open to 99 of 99 ports")));
    // one row per range, not one per port: no single cache port is listed on its own
    QVERIFY(!text.contains(QLatin1String("TCP 47150 ")));
    QVERIFY(text.contains(QLatin1String("Not run:")));
}

// Issue 12: for each link, and in the summary, whether a Topocheck listener proved the path end to end
// or only a refusal did.
void TestChangeRequestReport::pathsSayWhetherAListenerOrOnlyAResetProvedThem()
{
    const TopologyTemplate t = ReportFixture::onPremises();
    RunResults r;
    r.profileName = QStringLiteral("Contoso production");
    r.vantage = ReportFixture::vantage(QStringLiteral("control-room"), QStringLiteral("cr1"), QStringLiteral("10.0.4.11"));
    auto seen = [&](const QString &flowId, const QString &host, quint16 first, quint16 last, CheckState state,
                    const char *reason, ServiceStatus service) {
        const Flow *f = t.flow(flowId);
        QVERIFY(f);
        for (int port = first; port <= last; ++port) {
            Check c;
            c.flowId = flowId;
            c.from = f->from;
            c.to = f->to;
            c.host = host;
            c.address = ReportFixture::addressOf(host);
            c.sourceAddress = QStringLiteral("10.0.4.11");
            c.transport = f->transport;
            c.port = quint16(port);
            c.protocol = f->protocol;
            c.expect = f->expect;
            c.runnable = true;
            c.state = state;
            c.reason = QLatin1String(reason);
            c.service = service;
            c.decide();
            r.checks << c;
        }
    };
    seen(QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql.contoso.local"), 1433, 1433,
         CheckState::Open, "listener", ServiceStatus::Ok);
    seen(QStringLiteral("control-room>active-directory:ldap"), QStringLiteral("dc1.contoso.local"), 389, 389,
         CheckState::Open, "syn-ack", ServiceStatus::Ok);
    seen(QStringLiteral("control-room>localhost:rest"), QStringLiteral("127.0.0.1"), 4567, 4571, CheckState::Closed,
         "conn-refused", ServiceStatus::Unchecked);
    seen(QStringLiteral("control-room>control-room:cache-47500"), QStringLiteral("cr2.contoso.local"), 47500, 47598,
         CheckState::Open, "listener", ServiceStatus::Ok);
    seen(QStringLiteral("control-room>control-room:cache-47100"), QStringLiteral("cr2.contoso.local"), 47100, 47200,
         CheckState::Closed, "conn-refused", ServiceStatus::Unchecked);

    const QString text = tool(QStringLiteral("pdftotext"),
                              {QStringLiteral("-raw"), write(r, QStringLiteral("proof.pdf")), QStringLiteral("-")})
                             .simplified();
    const QString page1 = section(text, QStringLiteral("What this report asks for"), QStringLiteral("Topology as tested"));
    QVERIFY2(page1.contains(QLatin1String("Links that passed: 1 proven end to end by a Topocheck listener; 1 partly "
                                          "by a listener or the services, partly only by a reset; 1 by the services "
                                          "that answered; 1 only by a reset.")),
             qPrintable(page1));
    QVERIFY(page1.contains(QLatin1String("run `topocheck --listen` there")));
    const QString appendix = text.mid(text.indexOf(QLatin1String("Appendix A")));
    QVERIFY2(appendix.contains(QRegularExpression(
                 QStringLiteral("SQL Server.{0,200}Path proven end to end by a Topocheck listener \\(1 check"))),
             qPrintable(appendix.left(3000)));
    QVERIFY(appendix.contains(QLatin1String("Path proven only by a reset (5 checks)")));
    QVERIFY(appendix.contains(QLatin1String("Path proven by the services that answered (1 check")));
    QVERIFY(appendix.contains(QLatin1String("Passing checks proven 99 by a Topocheck listener, 101 only by a reset.")));
    QVERIFY(appendix.contains(
        QLatin1String("47500-47598: path open to 99 of 99 ports, 99 answering, 99 proven by a Topocheck listener")));
    QVERIFY(appendix.contains(QLatin1String("open (listener)")));
}

void TestChangeRequestReport::staleResultsSayIt()
{
    ChangeRequestReport::Settings stale;
    stale.staleNote = QStringLiteral("The vantage changed from Bot Agent to Control Room after the run.");
    const QString pdf = write(ReportFixture::run(1, false), QStringLiteral("stale.pdf"), stale);
    const QString page1 = tool(QStringLiteral("pdftotext"),
                               {QStringLiteral("-l"), QStringLiteral("1"), QStringLiteral("-raw"), pdf,
                                QStringLiteral("-")})
                              .simplified();
    QVERIFY2(page1.contains(QLatin1String("OUT OF DATE")), qPrintable(page1));
    QVERIFY(page1.contains(QLatin1String("The vantage changed from Bot Agent to Control Room after the run.")));
    const QString fresh = tool(QStringLiteral("pdftotext"),
                               {QStringLiteral("-raw"), write(ReportFixture::run(1, false), QStringLiteral("fresh.pdf")),
                                QStringLiteral("-")});
    QVERIFY(!fresh.contains(QLatin1String("OUT OF DATE")));
}

void TestChangeRequestReport::defaultFileName()
{
    QCOMPARE(ChangeRequestReport::defaultFileName(QStringLiteral("Contoso production"), QDate(2026, 12, 2)),
             QStringLiteral("Contoso production - firewall change request 2026-12-02.pdf"));
    QCOMPARE(ChangeRequestReport::defaultFileName(QStringLiteral("Lab: a/b?"), QDate(2026, 1, 9)),
             QStringLiteral("Lab- a-b- - firewall change request 2026-01-09.pdf"));
    QCOMPARE(ChangeRequestReport::defaultFileName(QString(), QDate(2026, 1, 9)),
             QStringLiteral("Topocheck - firewall change request 2026-01-09.pdf"));
}

void TestChangeRequestReport::failureLeavesNoFile()
{
    const QString path = m_dir.filePath(QStringLiteral("missing-dir/report.pdf"));
    QString error;
    QVERIFY(!ChangeRequestReport::writePdf(ReportFixture::run(1, false), ReportFixture::onPremises(),
                                           ReportFixture::profile(), path, &error));
    QVERIFY(error.contains(path));
    QVERIFY(!QFile::exists(path));
}

void TestChangeRequestReport::rewriteIsAtomic()
{
    const QString path = m_dir.filePath(QStringLiteral("again.pdf"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old report");
    old.close();
    QString error;
    QVERIFY(ChangeRequestReport::writePdf(ReportFixture::run(1, false), ReportFixture::onPremises(),
                                          ReportFixture::profile(), path, &error));
    QFile back(path);
    QVERIFY(back.open(QIODevice::ReadOnly));
    QVERIFY(back.readAll().startsWith("%PDF-"));
    // nothing left behind next to it
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("again.pdf*")}, QDir::Files).size(), 1);
}

QTEST_MAIN(TestChangeRequestReport)
#include "tst_changerequestreport.moc"
