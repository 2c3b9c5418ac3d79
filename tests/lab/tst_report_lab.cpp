// The change-request report of real lab runs: a Bot Agent run and a Control Room run, merged with
// `topocheck --merge ... --pdf`, read back with poppler-utils. Every expectation below is a fact of
// the lab (tests/lab): 3269 dropped on dc1, an impostor web server on the directory ports, cluster
// ports listening on cr1/cr2, an expired certificate on expired.lab.test.
#include "labenvironment.h"
#include "topocheckprocess.h"

#include <QProcess>
#include <QRegularExpression>
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

QString section(const QString &text, const QString &from, const QString &to)
{
    const int start = text.indexOf(from);
    const int end = text.indexOf(to, start + 1);
    return start < 0 || end < 0 ? QString() : text.mid(start, end - start).simplified();
}
} // namespace

class TestReportLab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mergedLabReport();
};

void TestReportLab::mergedLabReport()
{
    if (qEnvironmentVariableIsEmpty("TOPOCHECK_EXE"))
        QFAIL("TOPOCHECK_EXE is not set (run through ctest)");
    // pdftotext, pdffonts and pdfinfo come with poppler-utils
    const QString missing = LabEnvironment::missing(
        {}, {QStringLiteral("pdftotext"), QStringLiteral("pdffonts"), QStringLiteral("pdfinfo")});
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // both nodes, and beside the real servers an expired certificate and an impostor directory
    Profile lab = LabEnvironment::profile(QStringLiteral("Report lab"));
    lab.hosts[QStringLiteral("load-balancer")] << QStringLiteral("expired.lab.test");
    lab.hosts[QStringLiteral("active-directory")] << QStringLiteral("impostor.lab.test");
    const QString profile = dir.filePath(QStringLiteral("lab.json"));
    QString err;
    QVERIFY2(lab.save(profile, &err), qPrintable(err));

    const QString bot = dir.filePath(QStringLiteral("bot.json"));
    const QString node = dir.filePath(QStringLiteral("node.json"));
    QCOMPARE(run({QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--from"),
                  QStringLiteral("bot-agent"), QStringLiteral("--json"), bot, QStringLiteral("--pdf"),
                  dir.filePath(QStringLiteral("bot.pdf"))},
                 &err),
             1);
    QCOMPARE(run({QStringLiteral("--headless"), QStringLiteral("--profile"), profile, QStringLiteral("--from"),
                  QStringLiteral("control-room"), QStringLiteral("--json"), node},
                 &err),
             1);
    const QString pdf = dir.filePath(QStringLiteral("merged.pdf"));
    QCOMPARE(run({QStringLiteral("--merge"), bot, node, QStringLiteral("--pdf"), pdf}, &err), 1);
    QVERIFY2(QFile::exists(pdf), qPrintable(err));

    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
    const QString cr =
        section(text, QStringLiteral("1 Firewall change request"), QStringLiteral("2 Exposure findings"));
    QVERIFY2(!cr.isEmpty(), qPrintable(text.left(2000)));
    // 3269 is dropped by the lab's firewall: a rule to add, from the Control Room run's machine
    QVERIFY2(cr.contains(QLatin1String("TCP 3269 LDAPS")), qPrintable(cr));
    QVERIFY(QRegularExpression(QStringLiteral("Allow TCP 3269 from [0-9.]+ to 10\\.234\\.0\\.2")).match(cr).hasMatch());
    // a web server on the directory ports is no firewall matter
    QVERIFY(cr.contains(QLatin1String("impostor.lab.test")));
    QVERIFY(cr.contains(QLatin1String("No firewall change: 10.234.0.7 answers on TCP 389 but not as LDAP")));
    // a flow that works is not asked for
    QVERIFY(!cr.contains(QLatin1String("sql.lab.test")));

    const QString exposure = section(text, QStringLiteral("2 Exposure findings"), QStringLiteral("3 TLS findings"));
    QVERIFY2(exposure.contains(QLatin1String("Block TCP 5672 to 10.234.0.2")), qPrintable(exposure));
    QVERIFY(exposure.contains(QLatin1String("Bot Agent")));

    const QString tls = section(text, QStringLiteral("3 TLS findings"), QStringLiteral("Appendix A"));
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

QTEST_GUILESS_MAIN(TestReportLab)
#include "tst_report_lab.moc"
