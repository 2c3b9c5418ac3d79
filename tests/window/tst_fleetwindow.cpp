// Merged results of a fleet in the window (issue 15): the file is read on a worker thread with its
// progress in the status bar and a cancel that leaves the results on show; a link's details list how the
// machines of each role saw it, both sides of a conflict and the merge rule; the link's tooltip too.
#include "checkfiltermodel.h"
#include "checkresultsmodel.h"
#include "detailspanel.h"
#include "diagramscene.h"
#include "linkitem.h"
#include "mainwindow.h"
#include "resultmerge.h"
#include "resultsloader.h"
#include "runcontroller.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString lbLink = QStringLiteral("bot-agent>load-balancer");
const QString sqlLink = QStringLiteral("control-room>sql-server");

Check check(const QString &from, const QString &to, const QString &host, quint16 port, Verdict verdict)
{
    Check c;
    c.flowId = from + QLatin1Char('>') + to + QStringLiteral(":p") + QString::number(port);
    c.from = from;
    c.to = to;
    c.host = host;
    c.address = QStringLiteral("10.0.0.%1").arg(port % 200 + 1);
    c.port = port;
    c.protocol = QStringLiteral("tcp");
    c.runnable = true;
    c.state = verdict == Verdict::Pass ? CheckState::Open : CheckState::Filtered;
    c.reason = verdict == Verdict::Pass ? QStringLiteral("syn-ack") : QStringLiteral("no-response");
    c.verdict = verdict;
    return c;
}

RunResults run(const QString &role, const QString &hostname, const QList<Check> &checks)
{
    RunResults r;
    r.profileName = QStringLiteral("Fleet");
    r.templateId = QStringLiteral("automation360");
    r.vantage.role = role;
    r.vantage.hostname = hostname;
    r.started = QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC);
    r.finished = r.started.addSecs(2);
    r.checks = checks;
    for (int i = 0; i < r.checks.size(); ++i)
        r.checks[i].id = i;
    return r;
}

// Five Bot Agents (ws-017 and ws-233 cannot reach the load balancer), two Control Room nodes that reach
// SQL Server, and one machine run with --from all that does not: the roles disagree on that link.
QList<RunResults> fleetRuns()
{
    QList<RunResults> runs;
    for (const QString &ws : {QStringLiteral("ws-001"), QStringLiteral("ws-017"), QStringLiteral("ws-042"),
                              QStringLiteral("ws-233"), QStringLiteral("ws-380")}) {
        const bool broken = ws == QLatin1String("ws-017") || ws == QLatin1String("ws-233");
        runs << run(QStringLiteral("bot-agent"), ws,
                    {check(QStringLiteral("bot-agent"), QStringLiteral("load-balancer"),
                           QStringLiteral("lb.fleet.test"), 443, broken ? Verdict::Fail : Verdict::Pass)});
    }
    for (const QString &cr : {QStringLiteral("cr1"), QStringLiteral("cr2")})
        runs << run(QStringLiteral("control-room"), cr,
                    {check(QStringLiteral("control-room"), QStringLiteral("sql-server"),
                           QStringLiteral("sql.fleet.test"), 1433, Verdict::Pass)});
    runs << run(QStringLiteral("all"), QStringLiteral("jump1"),
                {check(QStringLiteral("control-room"), QStringLiteral("sql-server"), QStringLiteral("sql.fleet.test"),
                       1433, Verdict::Fail)});
    return runs;
}

// The merge's winners (ResultMerge) and the tallies as the merge counts them (FleetTallyBuilder: a
// role's machines decide when the role is the flow's source).
RunResults merged(const QList<RunResults> &runs)
{
    RunResults out = ResultMerge::merge(runs);
    if (out.fleet.isEmpty()) {
        FleetTallyBuilder fleet;
        for (const RunResults &r : runs) {
            fleet.beginMachine(r.vantage.hostname, r.vantage.role);
            for (const Check &c : r.checks)
                fleet.add(c,
                          c.isExposure() ? r.vantage.role != QLatin1String("control-room") : c.from == r.vantage.role);
            fleet.endMachine();
        }
        out.fleet = fleet.tallies();
    }
    return out;
}

// The merged file as the merge writes it, with `extra` checks of every machine under "vantage_checks".
bool write(const QString &path, const RunResults &results, int extra = 0)
{
    QByteArray json = results.toJsonBytes();
    if (extra > 0) {
        json.chop(json.size() - json.lastIndexOf('}'));
        while (json.endsWith('\n') || json.endsWith(' '))
            json.chop(1);
        json += ",\n    \"vantage_checks\": [\n";
        Check c = check(QStringLiteral("bot-agent"), QStringLiteral("load-balancer"), QStringLiteral("lb.fleet.test"),
                        443, Verdict::Pass);
        c.detail =
            QStringLiteral("a detail line long enough to make each entry the size of a real one, about 400 bytes "
                           "in all, as the checks of a Bot Agent's default run are");
        for (int i = 0; i < extra; ++i) {
            c.testedFrom = QStringLiteral("ws-%1").arg(i % 1000, 4, 10, QLatin1Char('0'));
            json += QJsonDocument(c.toJson()).toJson(QJsonDocument::Compact);
            json += i + 1 < extra ? ",\n" : "\n";
        }
        json += "    ]\n}\n";
    }
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(json) == json.size();
}

bool openAndWait(MainWindow &window, const QString &path)
{
    QSignalSpy loaded(window.resultsLoader(), &ResultsLoader::loaded);
    if (!window.openResults(path))
        return false;
    return loaded.wait(30000) || !loaded.isEmpty();
}

QMessageBox *errorBox(const MainWindow &window)
{
    return window.findChild<QMessageBox *>(QStringLiteral("errorBox"));
}
} // namespace

class TestFleetWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(QStringLiteral("tst_fleetwindow"));
        QVERIFY(m_dir.isValid());
        m_merged = m_dir.filePath(QStringLiteral("merged.json"));
        QVERIFY(write(m_merged, merged(fleetRuns())));
    }

    void detailsListEachRolesTally()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_merged));
        QCOMPARE(window.session()->results().fleet.size(), 3);
        window.scene()->selectLink(lbLink);
        QCOMPARE(window.details()->fleetText(),
                 QStringLiteral("Bot Agent (decides): 3 of 5 machine(s) pass; 2 fail: ws-017, ws-233"));
        auto *label = window.details()->findChild<QLabel *>(QStringLiteral("fleetSummary"));
        QVERIFY(label && label->isVisible());
        QVERIFY(label->text().contains(QStringLiteral("<b>"))); // the deciding role is marked
        // the checks table keeps the merge's winner: one check for the one (flow, host, port, address)
        QCOMPARE(window.details()->filter()->rowCount(), 1);
        QCOMPARE(window.resultsModel()->checksOfLink(lbLink).constFirst().verdict, Verdict::Fail);

        // another selection: no fleet lines
        window.details()->showAll();
        QVERIFY(window.details()->fleetText().isEmpty());
        QVERIFY(!label->isVisible());
    }

    void conflictShowsBothRolesAndTheRule()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_merged));
        window.scene()->selectLink(sqlLink);
        const QStringList lines = window.details()->fleetText().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), QStringLiteral("Control Room (decides): 2 of 2 machine(s) pass"));
        QCOMPARE(lines.at(1), QStringLiteral("All roles: 0 of 1 machine(s) pass; 1 fail: jump1"));
        QCOMPARE(lines.at(2),
                 QStringLiteral("The roles disagree; the merge rule: the flow's own source (Control Room) "
                                "decides the link and its checks, the other roles are shown for comparison."));
        // the winner is the deciding role's
        QCOMPARE(window.resultsModel()->checksOfLink(sqlLink).constFirst().verdict, Verdict::Pass);
        QCOMPARE(window.resultsModel()->checksOfLink(sqlLink).constFirst().testedFrom, QStringLiteral("cr1"));
    }

    void linkTooltipListsTheFleet()
    {
        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_merged));
        const LinkItem *link = window.scene()->link(lbLink);
        QVERIFY(link);
        QVERIFY2(link->summaryToolTip().contains(
                     QStringLiteral("Bot Agent (decides): 3 of 5 machine(s) pass; 2 fail: ws-017, ws-233")),
                 qPrintable(link->summaryToolTip()));
        QVERIFY(window.scene()->link(sqlLink)->summaryToolTip().contains(QStringLiteral("The roles disagree")));

        // a single machine's results have no fleet: the lines go
        window.showResults(fleetRuns().constFirst());
        QVERIFY(!window.scene()->link(lbLink)->summaryToolTip().contains(QStringLiteral("decides")));
        window.scene()->selectLink(lbLink);
        QVERIFY(window.details()->fleetText().isEmpty());
    }

    // A large file: the status bar names it with its size at once, and the checks of every machine are
    // counted, not held.
    void readsOnAWorkerWithProgress()
    {
        const QString big = m_dir.filePath(QStringLiteral("big.json"));
        QVERIFY(write(big, merged(fleetRuns()), 60000));
        const qint64 size = QFileInfo(big).size();
        QVERIFY(size > 20 * 1024 * 1024);
        MainWindow window;
        window.show();
        ResultsLoader *loader = window.resultsLoader();
        QSignalSpy progress(loader, &ResultsLoader::progress);
        QSignalSpy loaded(loader, &ResultsLoader::loaded);
        QVERIFY(window.openResults(big));
        QVERIFY(loader->isLoading());
        QVERIFY(window.stopAction()->isEnabled());
        QVERIFY(loader->statusWidget()->isVisible());
        QVERIFY2(loader->statusText().startsWith(QStringLiteral("Reading big.json: ")),
                 qPrintable(loader->statusText()));
        QVERIFY2(loader->statusText().endsWith(QStringLiteral(" of %1 MB").arg(qRound(double(size) / (1024 * 1024)))),
                 qPrintable(loader->statusText()));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.constLast().at(1).toLongLong(), size);
        QVERIFY(window.session()->results().checks.isEmpty()); // nothing shown before the read ends
        QVERIFY(loaded.wait(60000));
        QVERIFY(!loader->isLoading());
        QVERIFY(!loader->statusWidget()->isVisible());
        QCOMPARE(window.session()->results().vantageCheckCount, 60000);
        QCOMPARE(window.session()->results().checks.size(), merged(fleetRuns()).checks.size());
        QVERIFY(!window.stopAction()->isEnabled());
    }

    // Esc (the Stop action) and the Cancel button drop the read; the results on show stay.
    void cancelKeepsThePreviousResults_data()
    {
        QTest::addColumn<bool>("escape");
        QTest::newRow("Esc") << true;
        QTest::newRow("Cancel button") << false;
    }

    void cancelKeepsThePreviousResults()
    {
        QFETCH(bool, escape);
        const QString big = m_dir.filePath(QStringLiteral("other.json"));
        RunResults other = merged(fleetRuns().mid(0, 2));
        other.profileName = QStringLiteral("Other");
        QVERIFY(write(big, other, 30000));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(openAndWait(window, m_merged));
        const int shown = int(window.session()->results().checks.size());
        QCOMPARE(window.session()->results().profileName, QStringLiteral("Fleet"));

        ResultsLoader *loader = window.resultsLoader();
        QSignalSpy cancelled(loader, &ResultsLoader::cancelled);
        QSignalSpy loaded(loader, &ResultsLoader::loaded);
        QVERIFY(window.openResults(big));
        QVERIFY(loader->isLoading());
        if (escape) {
            QTest::keyClick(&window, Qt::Key_Escape);
        } else {
            auto *button = loader->statusWidget()->findChild<QPushButton *>(QStringLiteral("resultsLoadCancel"));
            QVERIFY(button && button->isVisible());
            QTest::mouseClick(button, Qt::LeftButton);
        }
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(cancelled.constFirst().at(0).toString(), big);
        QVERIFY(!loader->isLoading());
        QVERIFY(!loader->statusWidget()->isVisible());
        QTest::qWait(1500); // time for the reader to have finished, were it not cancelled
        QVERIFY(loaded.isEmpty());
        QCOMPARE(window.session()->results().profileName, QStringLiteral("Fleet"));
        QCOMPARE(int(window.session()->results().checks.size()), shown);
        window.scene()->selectLink(sqlLink);
        QVERIFY(window.details()->fleetText().startsWith(QStringLiteral("Control Room (decides)")));
        QVERIFY(!errorBox(window));
    }

    // The error names the file and the key; the results on show stay.
    void malformedFileNamesFileAndKey()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad-merge.json"));
        QJsonObject root = merged(fleetRuns()).toJson();
        QJsonArray fleet = root.value(QStringLiteral("fleet")).toArray();
        QJsonObject first = fleet.at(0).toObject();
        first.remove(QStringLiteral("machines"));
        fleet[0] = first;
        root.insert(QStringLiteral("fleet"), fleet);
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(root).toJson());
        file.close();

        MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, m_merged));
        QSignalSpy failed(window.resultsLoader(), &ResultsLoader::failed);
        QVERIFY(window.openResults(bad));
        QVERIFY(failed.wait(10000));
        QMessageBox *box = errorBox(window);
        QVERIFY(box);
        QVERIFY2(box->text().contains(QDir::toNativeSeparators(bad)), qPrintable(box->text()));
        QVERIFY2(box->text().contains(QStringLiteral("fleet[0].machines")), qPrintable(box->text()));
        QCOMPARE(window.session()->results().profileName, QStringLiteral("Fleet"));
        QCOMPARE(window.session()->results().fleet.size(), 3);
    }

private:
    QTemporaryDir m_dir;
    QString m_merged;
};

QTEST_MAIN(TestFleetWindow)
#include "tst_fleetwindow.moc"
