#include "changerequest.h"
#include "changerequestreport.h"
#include "fleetfixture.h"
#include "reportfixture.h"
#include "reporttext.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/resource.h>
#endif

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
    void summaryLegendShowsEveryCount();
    void dualStackPortsShareARow();
    void fleetLinksShowEachGroupOfMachines();
    void fleetOfAThousandMachinesStaysReadable();
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

// Issue 16: the legend beside the summary chart printed "SKIPPED 1..." for four-digit counts.
void TestChangeRequestReport::summaryLegendShowsEveryCount()
{
    RunResults r = ReportFixture::run(3, false);
    QVERIFY(r.checks.size() > 1040);
    for (Check &c : r.checks) {
        if (r.summary().skipped == 1034)
            break;
        if (c.verdict == Verdict::Skipped)
            continue;
        c.state = CheckState::NotTested;
        c.reason = QStringLiteral("other-vantage");
        c.decide();
    }
    const RunResults::Summary s = r.summary();
    QCOMPARE(s.skipped, 1034);
    const QString page1 =
        tool(QStringLiteral("pdftotext"), {QStringLiteral("-l"), QStringLiteral("1"), QStringLiteral("-raw"),
                                           write(r, QStringLiteral("legend.pdf")), QStringLiteral("-")})
            .simplified();
    QVERIFY2(page1.contains(QLatin1String("SKIPPED 1034")), qPrintable(page1.left(1500)));
    QVERIFY(page1.contains(QStringLiteral("PASS %1").arg(s.pass)));
    QVERIFY(page1.contains(QStringLiteral("FAIL %1").arg(s.fail)));
    QVERIFY(!page1.contains(QStringLiteral("\u2026")));
    QVERIFY(!page1.contains(QStringLiteral("1...")));
}

// A name with two addresses is a check per address, and its checks alternate between them port by port:
// appendix A still gives each address's run of ports one row.
void TestChangeRequestReport::dualStackPortsShareARow()
{
    const TopologyTemplate t = ReportFixture::onPremises();
    const Flow *f = t.flow(QStringLiteral("outside>control-room:cache-47100"));
    QVERIFY(f);
    RunResults r;
    r.profileName = QStringLiteral("Contoso production");
    r.vantage =
        ReportFixture::vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-042"), QStringLiteral("10.0.9.42"));
    for (int port = 47100; port <= 47200; ++port) {
        for (const char *address : {"10.0.4.11", "fd00:10::4:11"}) {
            Check c;
            c.flowId = f->id;
            c.from = f->from;
            c.to = f->to;
            c.host = QStringLiteral("cr1.contoso.local");
            c.address = QLatin1String(address);
            c.transport = f->transport;
            c.port = quint16(port);
            c.protocol = f->protocol;
            c.expect = f->expect;
            c.runnable = true;
            c.state = CheckState::Filtered;
            c.reason = QStringLiteral("no-response");
            c.decide();
            r.checks << c;
        }
    }
    const QString text =
        tool(QStringLiteral("pdftotext"),
             {QStringLiteral("-raw"), write(r, QStringLiteral("dual-stack.pdf")), QStringLiteral("-")});
    const QString appendix = text.mid(text.indexOf(QLatin1String("Appendix A"))).simplified();
    QCOMPARE(appendix.count(QLatin1String("47100-47200 (101 checks)")), 2);
    QVERIFY2(!appendix.contains(QLatin1String("TCP 47150 ")), qPrintable(appendix.left(3000)));
}

namespace {
Check fleetCheck(const QString &flowId, const QString &host, quint16 port, CheckState state, const QString &machine)
{
    const TopologyTemplate t = ReportFixture::onPremises();
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
    c.expect = f->expect;
    c.runnable = true;
    c.state = state;
    c.reason = state == CheckState::Open ? QStringLiteral("syn-ack") : QStringLiteral("no-response");
    c.testedFrom = machine;
    c.decide();
    return c;
}

FleetTally tally(const QString &link, const QString &role, bool decides, int machines, int pass, int fail,
                 const QStringList &failing)
{
    FleetTally t;
    t.linkId = link;
    t.role = role;
    t.decides = decides;
    t.machines = machines;
    t.pass = pass;
    t.fail = fail;
    t.failing = failing;
    t.checks = machines;
    return t;
}
} // namespace

// Issue 15: a merged result's report shows, per link, each group of machines in one line ("412 of 415 machines
// pass; 3 fail: ..."), marks the group that decides, shows both sides where they disagree and says once how
// the merge decides.
void TestChangeRequestReport::fleetLinksShowEachGroupOfMachines()
{
    RunResults merged;
    merged.profileName = QStringLiteral("Contoso production");
    merged.vantage = ReportFixture::vantage(QStringLiteral("merged"), QString(), QStringLiteral("10.9.9.9"));
    merged.checks << fleetCheck(QStringLiteral("bot-agent>load-balancer:https"),
                                QStringLiteral("automation.contoso.com"), 443, CheckState::Filtered,
                                QStringLiteral("ws-017"));
    merged.checks << fleetCheck(QStringLiteral("control-room>sql-server:sql"), QStringLiteral("sql.contoso.local"),
                                1433, CheckState::Open, QStringLiteral("cr1"));
    for (int i = 0; i < 415; ++i) {
        RunResults source;
        source.vantage =
            ReportFixture::vantage(QStringLiteral("bot-agent"), QStringLiteral("ws-%1").arg(i, 3, 10, QLatin1Char('0')),
                                   QStringLiteral("10.0.9.%1").arg(i % 250));
        merged.sources << source;
    }
    for (const char *node : {"cr1", "cr2"}) {
        RunResults source;
        source.vantage =
            ReportFixture::vantage(QStringLiteral("control-room"), QLatin1String(node), QStringLiteral("10.0.4.11"));
        merged.sources << source;
    }
    const QString lb = QStringLiteral("bot-agent>load-balancer");
    merged.fleet << tally(lb, QStringLiteral("bot-agent"), true, 415, 412, 3,
                          {QStringLiteral("ws-017"), QStringLiteral("ws-233"), QStringLiteral("ws-380")})
                 << tally(lb, QStringLiteral("control-room"), false, 2, 2, 0, {})
                 << tally(QStringLiteral("control-room>sql-server"), QStringLiteral("control-room"), true, 2, 2, 0, {});
    merged.vantageCheckCount = 417;

    const QString text =
        tool(QStringLiteral("pdftotext"),
             {QStringLiteral("-raw"), write(merged, QStringLiteral("fleet-links.pdf")), QStringLiteral("-")});
    const QString fleet =
        section(text, QStringLiteral("5 Fleet: each link as every machine saw it"), QStringLiteral("Appendix A"));
    QVERIFY2(!fleet.isEmpty(), qPrintable(text.left(4000)));
    // one line per group of machines, the deciding group marked
    QVERIFY2(QRegularExpression(QStringLiteral("Bot Agent \u2192 Load balancer / firewall Bot Agent decides 412 of 415 "
                                               "machine(s|\\(s\\)) pass; 3 fail: ws-017, ws-233, ws-380 FAIL"))
                 .match(fleet)
                 .hasMatch(),
             qPrintable(fleet));
    QVERIFY(
        QRegularExpression(QStringLiteral("Control Room 2 of 2 machine(s|\\(s\\)) pass PASS")).match(fleet).hasMatch());
    // the two groups disagree on that link: both are shown, and which result decided
    QVERIFY(
        fleet.contains(QLatin1String("Merged result The machines disagree. The Bot Agent machines decided (the flow's "
                                     "own source), and of their results the worst: FAIL.")));
    QCOMPARE(fleet.count(QLatin1String("The machines disagree")), 1); // the SQL Server link agrees
    QVERIFY(QRegularExpression(QStringLiteral("SQL Server Control Room decides 2 of 2 machine(s|\\(s\\)) pass PASS"))
                .match(fleet)
                .hasMatch());
    // the merge rule, explained once
    QCOMPARE(text.simplified().count(QLatin1String("How the merge decides:")), 1);
    QVERIFY(fleet.contains(QLatin1String("the result of a machine of the flow's own source wins")));
    QVERIFY(fleet.contains(QLatin1String("the worst verdict any of them saw wins")));
    QVERIFY(
        fleet.contains(QLatin1String("These results merge the runs of 417 machines (415 Bot Agent, 2 Control Room)")));
    // page 1 points there; the change request stays built from the winners
    const TestSupport::ReportSections r = TestSupport::ReportSections::of(text);
    QVERIFY2(r.page1.contains(QLatin1String("Merged from 417 machines: section 5")), qPrintable(r.page1));
    QVERIFY2(r.rules.contains(QLatin1String("Allow TCP 443 from")), qPrintable(r.rules));
    // the rule names the winner's machine; its evidence counts the others that failed the link
    QVERIFY2(
        QRegularExpression(QStringLiteral("Bot Agent machines: 412 of 415 machine(s|\\(s\\)) pass; 3 fail: ws-017, "
                                          "ws-233, ws-380 \\(section 5\\)"))
            .match(r.rules)
            .hasMatch(),
        qPrintable(r.rules));
    // appendix A repeats each link's groups in short
    const QString appendix = text.mid(text.indexOf(QLatin1String("Appendix A"))).simplified();
    QVERIFY2(QRegularExpression(
                 QStringLiteral("Machines \\(section 5\\): Bot Agent \\(decides\\): 412 of 415 machine(s|\\(s\\)) "
                                "pass; 3 fail: ws-017, ws-233, ws-380 Control Room: 2 of 2"))
                 .match(appendix)
                 .hasMatch(),
             qPrintable(appendix.left(3000)));
}

// Issue 15: 1,000 Bot Agents and 2 Control Room nodes merged: under 300 pages, the machines summarised per
// role and per link, never listed one per line.
void TestChangeRequestReport::fleetOfAThousandMachinesStaysReadable()
{
    const RunResults merged = FleetFixture::merged(1000, 2);
    QCOMPARE(merged.sources.size(), 1002);
    QVERIFY2(merged.checks.size() > 1000, qPrintable(QString::number(merged.checks.size())));
    QVERIFY(std::any_of(merged.fleet.cbegin(), merged.fleet.cend(), [](const FleetTally &t) { return t.fail > 50; }));
    const QString pdf = write(merged, QStringLiteral("fleet-1000.pdf"));
    QVERIFY(!pdf.isEmpty());
    const int count = pages(pdf);
    qInfo("%lld winners, %lld tallies: %d pages", qlonglong(merged.checks.size()), qlonglong(merged.fleet.size()),
          count);
    QVERIFY2(count > 5 && count < 300, qPrintable(QString::number(count)));

    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    const TestSupport::ReportSections r = TestSupport::ReportSections::of(text);
    // page 1 counts the machines per role instead of a line each
    QVERIFY2(r.page1.contains(QLatin1String("Bot Agent: 1000 machines (ws-0000, ws-0001, ws-0002 and 997 more")),
             qPrintable(r.page1.left(3000)));
    QVERIFY(r.page1.contains(QLatin1String("cr1.contoso.local")));
    QVERIFY(!r.page1.contains(QLatin1String("ws-0500")));
    // one line per link and group: as many "N of M machines pass" as tallies
    const QString fleet =
        section(text, QStringLiteral("5 Fleet: each link as every machine saw it"), QStringLiteral("Appendix A"));
    static const QRegularExpression line(QStringLiteral("\\d+ of \\d+ machine(s|\\(s\\)) pass"));
    int lines = 0;
    for (auto it = line.globalMatch(fleet); it.hasNext(); it.next())
        ++lines;
    QCOMPARE(lines, int(merged.fleet.size()));
    QVERIFY(fleet.contains(QLatin1String("of 1000 machine")));
    // a tally of more failing machines than names kept says how many more
    QVERIFY2(fleet.contains(QLatin1String(" more")), qPrintable(fleet.left(3000)));
    // no machine is named more often than the links it failed (once in section 5, once in appendix A)
    int links = 0;
    for (const FleetTally &t : merged.fleet)
        links += t.failing.contains(QLatin1String("ws-0000"));
    QVERIFY(text.count(QLatin1String("ws-0000")) <= 2 * links + 3);
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
    const QByteArray good = back.readAll();
    back.close();
    QVERIFY(good.startsWith("%PDF-"));
    // nothing left behind next to it
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("again.pdf*")}, QDir::Files).size(), 1);
#ifdef Q_OS_LINUX
    // A rewrite that fails half-way (the disk "fills up": this process may write no file beyond 2 KiB,
    // the kernel refuses the rest with EFBIG) reports the file, leaves the previous report whole and
    // no temporary file next to it.
    struct rlimit saved {};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    struct rlimit small = saved;
    small.rlim_cur = 2048;
    const auto oldXfsz = std::signal(SIGXFSZ, SIG_IGN); // a write beyond the limit fails instead of killing
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    error.clear();
    const bool written = ChangeRequestReport::writePdf(ReportFixture::run(40, false), ReportFixture::onPremises(),
                                                       ReportFixture::profile(), path, &error);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &saved), 0);
    std::signal(SIGXFSZ, oldXfsz);
    QVERIFY2(!written, "a rewrite that could not be completed reported success");
    QVERIFY2(error.contains(path), qPrintable(error));
    QFile kept(path);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QVERIFY2(kept.readAll() == good, "the previous report was changed by a failed rewrite");
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("again.pdf*")}, QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("again.pdf")});
#endif
}

QTEST_MAIN(TestChangeRequestReport)
#include "tst_changerequestreport.moc"
