#include "windowfixture.h"
#include "checkdetails.h"
#include "checkplan.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "detailspanel.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "exportactions.h"
#include "hostform.h"
#include "mainwindow.h"
#include "resultsprovenance.h"
#include "runcontroller.h"
#include "runstatus.h"
#include "windowlayout.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDebug>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QFontMetrics>
#include <QToolBar>

namespace {
Profile siteProfile()
{
    return TestSupport::siteProfile(QStringLiteral("State test"), false);
}

using TestSupport::fabricatedRun;

Vantage stranger()
{
    Vantage v;
    v.role = Vantage::all;
    v.hostname = QStringLiteral("ws-042.example.test");
    v.addresses = {QHostAddress(QStringLiteral("10.9.9.42"))};
    return v;
}

QAction *reportAction(const MainWindow &window)
{
    return window.findChild<QAction *>(QStringLiteral("reportAction"));
}
} // namespace

// What the window says about the state of its results: out of date, missing, from the wrong machine;
// the details of one check; the window on a small screen.
class TestWindowState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("TopocheckTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowstate"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }

    void reportNeedsResults()
    {
        MainWindow window;
        window.show();
        QAction *report = reportAction(window);
        QVERIFY(report);
        QVERIFY(!report->isEnabled()); // first launch: nothing to report
        QVERIFY(report->toolTip().contains(QStringLiteral("run the checks")));
        auto *exports = window.findChild<ExportActions *>();
        QSignalSpy failed(exports, &ExportActions::failed);
        const QString pdf = m_dir.filePath(QStringLiteral("empty.pdf"));
        QVERIFY(!exports->write(ExportActions::Format::Report, pdf));
        QCOMPARE(failed.size(), 1);
        QVERIFY(!QFile::exists(pdf));

        const Profile p = siteProfile();
        window.hostForm()->setProfile(p);
        window.showResults(fabricatedRun(p));
        QVERIFY(report->isEnabled());
        QVERIFY(exports->write(ExportActions::Format::Report, pdf));
        QVERIFY(QFileInfo(pdf).size() > 0);
    }

    void staleResultsAreMarked()
    {
        MainWindow window;
        const Profile p = siteProfile();
        window.hostForm()->setProfile(p);
        window.resize(1200, 800);
        window.show();
        window.showResults(fabricatedRun(p));
        const QString ad = QStringLiteral("control-room>active-directory");
        const QList<QLabel *> banners = window.findChildren<QLabel *>(QStringLiteral("staleBanner"));
        QCOMPARE(banners.size(), 2); // over the diagram and over the table
        for (QLabel *b : std::as_const(banners))
            QVERIFY(!b->isVisibleTo(&window));
        const int checks = int(window.resultsModel()->checks().size());

        // "This machine is" changes: the results stay, marked out of date everywhere
        auto *vantage = window.hostForm()->findChild<QComboBox *>(QStringLiteral("vantageCombo"));
        QVERIFY(vantage);
        vantage->setCurrentIndex(vantage->findData(ComponentId::botAgent));
        QVERIFY(window.provenance()->isStale());
        QCOMPARE(window.resultsModel()->checks().size(), checks);
        QCOMPARE(window.scene()->linkState(ad), DiagramStyle::LinkState::Fail);
        for (QLabel *b : std::as_const(banners)) {
            QVERIFY(b->isVisibleTo(&window));
            QVERIFY(b->text().contains(QStringLiteral("Out of date")));
        }
        auto *summary = window.findChild<QLabel *>(QStringLiteral("summaryLabel"));
        QTRY_VERIFY2(summary->text().contains(QStringLiteral("out of date")), qPrintable(summary->text()));
        QVERIFY(reportAction(window)->isEnabled());
        QVERIFY(reportAction(window)->toolTip().contains(QStringLiteral("before the profile was changed")));
        QVERIFY(window.provenance()->note().contains(QStringLiteral("before the profile was changed")));

        // back to the profile of the results: up to date again; another field: out of date again
        vantage->setCurrentIndex(vantage->findData(ComponentId::controlRoom));
        QVERIFY(!window.provenance()->isStale());
        QVERIFY(!banners.constFirst()->isVisibleTo(&window));
        window.hostForm()->findChild<QSpinBox *>(QStringLiteral("timeoutSpin"))->setValue(1234);
        QVERIFY(window.provenance()->isStale());
        QVERIFY(banners.constFirst()->isVisibleTo(&window));
        // results shown afresh are of the form as it is
        window.showResults(fabricatedRun(window.hostForm()->profile()));
        QVERIFY(!window.provenance()->isStale());
        QTRY_VERIFY(!summary->text().contains(QStringLiteral("out of date")));
    }

    void roleWarning()
    {
        Profile p = siteProfile();
        QVERIFY(ResultsProvenance::roleWarning(p, stranger()).contains(QStringLiteral("cr1.example.test")));
        p.hosts[ComponentId::controlRoom] << QStringLiteral("10.9.9.42");
        QVERIFY(ResultsProvenance::roleWarning(p, stranger()).isEmpty());
        p.hosts[ComponentId::controlRoom] = {QStringLiteral("WS-042")}; // a short name of this machine
        QVERIFY(ResultsProvenance::roleWarning(p, stranger()).isEmpty());
        p.vantage = Vantage::all;
        QVERIFY(ResultsProvenance::roleWarning(siteProfile(), stranger()).size() > 0);
        QVERIFY(ResultsProvenance::roleWarning(p, stranger()).isEmpty());

        MainWindow window;
        window.provenance()->setSelf(stranger());
        window.show();
        window.hostForm()->setProfile(siteProfile());
        auto *warning = window.findChild<QLabel *>(QStringLiteral("roleWarning"));
        QVERIFY(warning);
        QTRY_VERIFY(warning->isVisibleTo(&window));
        QVERIFY(warning->text().contains(QStringLiteral("Control Room")));
        // and the report's note says it for results run from here
        window.provenance()->setResults(window.hostForm()->profile(), true);
        QVERIFY(window.provenance()->note().contains(QStringLiteral("ws-042.example.test")));
        auto *vantage = window.hostForm()->findChild<QComboBox *>(QStringLiteral("vantageCombo"));
        vantage->setCurrentIndex(0); // every role
        QVERIFY(!warning->isVisibleTo(&window));
    }

    void windowFitsTheScreen()
    {
        QSettings().setValue(QStringLiteral("window/geometry"), QByteArray());
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QRect available = window.screen()->availableGeometry();
        QVERIFY2(available.contains(window.frameGeometry()),
                 qPrintable(QDebug::toString(window.frameGeometry()) + QStringLiteral(" on ") +
                            QDebug::toString(available)));
        QVERIFY(window.minimumSizeHint().width() <= available.width());
        QVERIFY(window.minimumSizeHint().height() <= available.height());
        // a saved geometry from a larger screen is brought back inside
        const QRect clamped = WindowLayout::clampedToScreen(QRect(-200, 300, 3000, 2000), QRect(0, 0, 800, 500));
        QVERIFY(QRect(0, 0, 800, 500).contains(clamped));
        // the diagram keeps most of the height
        QVERIFY(window.centralWidget()->height() > window.height() / 3);
    }

    // "Fit to window" is applied when the window opens and when a profile changes the diagram.
    void diagramFitsWhenOpened()
    {
        MainWindow window;
        window.hostForm()->setProfile(siteProfile());
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto fits = [&window] {
            const QRect shown = window.view()->mapFromScene(window.scene()->itemsBoundingRect()).boundingRect();
            return window.view()->viewport()->rect().adjusted(-2, -2, 2, 2).contains(shown);
        };
        QTRY_VERIFY(fits());
    }

    void mainActionsVisibleAt1024x700()
    {
        MainWindow window;
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *bar = window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(bar);
        for (QAction *a : {window.runAction(), window.stopAction(), reportAction(window)}) {
            QWidget *button = bar->widgetForAction(a);
            QVERIFY2(button && button->isVisible(), qPrintable(a->text()));
        }
    }

    // During a run the status bar counts this run's results and names what it still waits for.
    void liveCountsDuringARun()
    {
        QTcpServer open;
        QVERIFY(open.listen(QHostAddress::LocalHost));
        QTcpServer silent; // accepts and never answers: its HTTP check waits for the timeout
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> kept;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = silent.nextPendingConnection())
                kept << s;
        });

        RunController session;
        RunStatus status(&session);
        RunResults previous;
        for (int i = 0; i < 5; ++i) {
            Check c;
            c.id = i;
            c.host = QStringLiteral("old.example.test");
            c.port = 1;
            c.runnable = true;
            c.state = CheckState::Filtered;
            c.decide();
            previous.checks << c;
        }
        session.show(previous);
        QTRY_VERIFY(status.summary().contains(QStringLiteral("5 fail")));

        const auto check = [](int id, quint16 port, const QString &protocol) {
            Check c;
            c.id = id;
            c.flowId = QStringLiteral("test>loopback:%1").arg(id);
            c.from = QStringLiteral("bot-agent");
            c.to = QStringLiteral("control-room");
            c.host = QStringLiteral("127.0.0.1");
            c.port = port;
            c.protocol = protocol;
            c.runnable = true;
            return c;
        };
        RunResults plan;
        plan.checks = {check(0, open.serverPort(), QStringLiteral("tcp")),
                       check(1, silent.serverPort(), QStringLiteral("http"))};
        ProfileOptions options;
        options.timeoutMs = 3000;
        QSignalSpy finished(&session, &RunController::finished);
        session.start(plan, options);
        QTRY_VERIFY2(status.summary().contains(QStringLiteral("1 pass")), qPrintable(status.summary()));
        QVERIFY(!status.summary().contains(QStringLiteral("5 fail")));
        const QString waiting = QStringLiteral("127.0.0.1:%1").arg(silent.serverPort());
        QTRY_VERIFY2(status.inFlight().contains(waiting), qPrintable(status.inFlight()));
        QVERIFY(status.inFlight().contains(QStringLiteral("s to its timeout")));
        QVERIFY(finished.wait(10000));
        QVERIFY(status.inFlight().isEmpty());
        qDeleteAll(kept);
    }

    void detailsOfACheck()
    {
        MainWindow window;
        const Profile p = siteProfile();
        window.hostForm()->setProfile(p);
        window.resize(1400, 900);
        window.show();
        window.showResults(fabricatedRun(p));

        // Verdict and Advice first, for people; the model's columns unchanged
        QHeaderView *header = nullptr;
        for (QHeaderView *h : window.details()->findChildren<QHeaderView *>()) {
            if (h->orientation() == Qt::Horizontal)
                header = h;
        }
        QVERIFY(header);
        QCOMPARE(header->visualIndex(CheckResultsModel::VerdictColumn), 0);
        QCOMPARE(header->visualIndex(CheckResultsModel::AdviceColumn), 1);
        // short columns show their whole text ("not checked", never "not ch...")
        const QAbstractItemModel *rows = window.details()->view()->model();
        QTRY_VERIFY(rows->rowCount() > 0);
        const QFontMetrics metrics(window.details()->view()->font());
        QTRY_VERIFY2(header->sectionSize(CheckResultsModel::ServiceColumn) > metrics.horizontalAdvance(rows->index(0, CheckResultsModel::ServiceColumn).data().toString()),
                     qPrintable(QString::number(header->sectionSize(CheckResultsModel::ServiceColumn))));
        for (int r = 0; r < rows->rowCount(); ++r) {
            for (int column : {int(CheckResultsModel::ServiceColumn), int(CheckResultsModel::StateColumn), int(CheckResultsModel::ReasonColumn)}) {
                const QString text = rows->index(r, column).data().toString();
                QVERIFY2(header->sectionSize(column) > metrics.horizontalAdvance(text), qPrintable(text));
            }
        }

        // a link: its worst check in full, with the rule the change request carries
        window.scene()->selectLink(QStringLiteral("control-room>active-directory"));
        CheckDetails *details = window.checkDetails();
        QTRY_VERIFY(details->checkId() >= 0);
        const Check &c = window.session()->results().checks.at(details->checkId());
        QCOMPARE(c.to, ComponentId::activeDirectory);
        QVERIFY2(details->text().contains(QStringLiteral("no-response")), qPrintable(details->text()));
        QVERIFY(details->text().contains(QStringLiteral("In the change request")));
        QVERIFY2(details->changeRequestText().contains(QString::number(c.port)),
                 qPrintable(details->changeRequestText()));
        QVERIFY(details->text().contains(details->changeRequestText()));
        auto *copy = details->findChild<QPushButton *>(QStringLiteral("copyRuleButton"));
        QVERIFY(copy && copy->isEnabled());
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), details->changeRequestText());

        // a passing check: nothing to change
        window.details()->showAll();
        const QList<Check> &all = window.session()->results().checks;
        int passing = -1;
        for (const Check &k : all) {
            if (k.verdict == Verdict::Pass) {
                passing = k.id;
                break;
            }
        }
        QVERIFY(passing >= 0);
        window.details()->selectCheck(passing);
        QTRY_COMPARE(details->checkId(), passing);
        QVERIFY(details->changeRequestText().contains(QStringLiteral("Nothing to change")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestWindowState)
#include "tst_windowstate.moc"
