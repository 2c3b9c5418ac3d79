#include "windowfixture.h"
#include "checkfiltermodel.h"
#include "checkplan.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "detailspanel.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "exportactions.h"
#include "hostform.h"
#include "linkitem.h"
#include "mainwindow.h"
#include "profiledocument.h"
#include "runcontroller.h"
#include "verdictpalette.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {
Profile siteProfile()
{
    return TestSupport::siteProfile(QStringLiteral("Window test"));
}

using TestSupport::fabricatedRun;

// Answers the window's real message boxes: every box that offers `answer` gets it clicked, and is counted.
class MessageBoxAnswerer final : public QObject
{
public:
    explicit MessageBoxAnswerer(QMessageBox::StandardButton answer)
        : answer(answer)
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box == m_last || !box->button(this->answer))
                return;
            m_last = box;
            ++asked;
            box->button(this->answer)->click();
        });
        m_timer.start();
    }

    QMessageBox::StandardButton answer;
    int asked = 0;

private:
    QTimer m_timer;
    QPointer<QMessageBox> m_last;
};
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("TopocheckTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }

    void clickingALinkShowsItsChecks()
    {
        MainWindow window;
        QAbstractItemModelTester tester(window.resultsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(window.details()->filter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Profile p = siteProfile();
        window.hostForm()->setProfile(p);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showResults(fabricatedRun(p));

        const QString ad = QStringLiteral("control-room>active-directory");
        QCOMPARE(window.scene()->linkState(ad), DiagramStyle::LinkState::Fail);
        QCOMPARE(window.scene()->linkState(QStringLiteral("control-room>file-share")), DiagramStyle::LinkState::Pass);

        LinkItem *link = window.scene()->link(ad);
        QVERIFY(link);
        const QPoint at = window.view()->mapFromScene(link->labelSceneRect().center());
        QVERIFY(window.view()->viewport()->rect().contains(at));
        QTest::mouseClick(window.view()->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QVERIFY(link->isSelected());

        QTableView *table = window.details()->table();
        QCOMPARE(table->model()->rowCount(), 6);
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            QCOMPARE(table->model()->index(r, 0).data(CheckResultsModel::LinkIdRole).toString(), ad);
            QCOMPARE(table->model()->index(r, CheckResultsModel::StateColumn).data().toString(), QStringLiteral("filtered"));
        }
        QVERIFY(window.details()->title().contains(QStringLiteral("Active Directory")));
        const QString copied = window.details()->selectionAsText();
        QCOMPARE(copied.trimmed().split(QLatin1Char('\n')).size(), 7);
        QVERIFY(copied.contains(QStringLiteral("3269/tcp")));

        // a Control Room node: the checks towards that host
        window.scene()->selectComponent(ComponentId::controlRoom, QStringLiteral("cr2.example.test"));
        QVERIFY(table->model()->rowCount() > 0);
        for (int r = 0; r < table->model()->rowCount(); ++r)
            QCOMPARE(table->model()->index(r, 0).data(CheckResultsModel::HostRole).toString(), QStringLiteral("cr2.example.test"));
    }

    void badHostKeepsRunDisabled()
    {
        MainWindow window;
        window.hostForm()->setProfile(siteProfile());
        window.show();
        QVERIFY(window.runAction()->isEnabled());

        window.hostForm()->selectComponent(ComponentId::sqlServer);
        auto *edit = window.hostForm()->findChild<QLineEdit *>(QStringLiteral("newHostEdit"));
        auto *add = window.hostForm()->findChild<QPushButton *>(QStringLiteral("addButton"));
        auto *error = window.hostForm()->findChild<QLabel *>(QStringLiteral("hostsError"));
        auto *list = window.hostForm()->findChild<QListWidget *>(QStringLiteral("hostList"));
        QVERIFY(edit && add && error && list);
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("sql\\server"));
        QVERIFY(!edit->toolTip().isEmpty()); // the problem shows while typing
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(list->count(), 2);
        QVERIFY(window.hostForm()->hasErrors());
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY(error->isVisibleTo(window.hostForm()));
        QVERIFY2(error->text().contains(QStringLiteral("sql\\server")), qPrintable(error->text()));
        QCOMPARE(window.hostForm()->issues().constFirst().path, QStringLiteral("hosts.sql-server[1]"));
        // F5 does nothing while the form has an error
        window.runAll();
        QVERIFY(!window.isRunning());

        // fixing it by editing the item in place enables Run again
        list->item(1)->setText(QStringLiteral("sql2.example.test"));
        QVERIFY(!window.hostForm()->hasErrors());
        QVERIFY(window.runAction()->isEnabled());
        QVERIFY(!error->isVisibleTo(window.hostForm()));

        // a bad option is caught too
        auto *realm = window.hostForm()->findChild<QLineEdit *>(QStringLiteral("realmEdit"));
        realm->setText(QStringLiteral("CONTOSO LOCAL"));
        QVERIFY(!window.runAction()->isEnabled());
        QVERIFY(window.hostForm()->findChild<QLabel *>(QStringLiteral("realmError"))->isVisibleTo(window.hostForm()));
    }

    void pasteSeveralHosts()
    {
        HostForm form;
        form.setProfile(siteProfile());
        form.selectComponent(ComponentId::botAgent);
        QCOMPARE(HostForm::splitHosts(QStringLiteral("a.example.test\nb.example.test, 10.0.0.5;  [fe80::1]")).size(), 4);
        form.addHosts(HostForm::splitHosts(QStringLiteral("a.example.test\nb.example.test, 10.0.0.5")));
        QCOMPARE(form.profile().hosts.value(ComponentId::botAgent).size(), 3);
        QVERIFY(!form.hasErrors());
    }

    void saveCloseReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("site.json"));
        Profile edited;
        {
            MainWindow window;
            MessageBoxAnswerer prompt(QMessageBox::Cancel);
            window.hostForm()->setProfile(siteProfile());
            window.hostForm()->findChild<QSpinBox *>(QStringLiteral("timeoutSpin"))->setValue(1500);
            window.hostForm()->selectComponent(ComponentId::fileShare);
            window.hostForm()->addHosts({QStringLiteral("files2.example.test")});
            edited = window.hostForm()->profile();
            QVERIFY(window.document()->isModified());
            QVERIFY(window.saveProfile(path));
            QVERIFY(!window.document()->isModified());
            window.show();
            QVERIFY(window.close()); // nothing unsaved: no prompt
            QCOMPARE(prompt.asked, 0);
        }
        MainWindow reopened;
        QVERIFY(reopened.openProfile(path));
        QCOMPARE(reopened.hostForm()->profile(), edited);
        QCOMPARE(reopened.hostForm()->profile().options.timeoutMs, 1500);
        QVERIFY(!reopened.document()->isModified());
        QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList().value(0), QFileInfo(path).absoluteFilePath());
        // the diagram shows the saved hosts
        QCOMPARE(reopened.scene()->nodes().size(), 2);
    }

    void unsavedChangesPrompt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("site.json"));
        QVERIFY(siteProfile().save(path, nullptr));
        const QString other = dir.filePath(QStringLiteral("other.json"));
        Profile second = siteProfile();
        second.name = QStringLiteral("Other site");
        QVERIFY(second.save(other, nullptr));

        MainWindow window;
        MessageBoxAnswerer prompt(QMessageBox::Cancel);
        QMessageBox::StandardButton &answer = prompt.answer;
        const int &asked = prompt.asked;
        QVERIFY(window.openProfile(path));
        window.show();
        window.hostForm()->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("Renamed"));
        QVERIFY(window.document()->isModified());
        QVERIFY(window.isWindowModified());

        // Cancel keeps the window and the edit, on close and on open
        QVERIFY(!window.close());
        QCOMPARE(asked, 1);
        QVERIFY(window.isVisible());
        QVERIFY(!window.openProfile(other));
        QCOMPARE(asked, 2);
        QCOMPARE(window.hostForm()->profile().name, QStringLiteral("Renamed"));

        // Save writes the edit before opening the other file
        answer = QMessageBox::Save;
        QVERIFY(window.openProfile(other));
        QCOMPARE(asked, 3);
        QCOMPARE(window.hostForm()->profile().name, QStringLiteral("Other site"));
        ValidationIssues issues;
        QCOMPARE(Profile::load(path, &issues).name, QStringLiteral("Renamed"));

        // Discard closes without writing
        window.hostForm()->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("Thrown away"));
        answer = QMessageBox::Discard;
        QVERIFY(window.close());
        QCOMPARE(asked, 4);
        QCOMPARE(Profile::load(other, &issues).name, QStringLiteral("Other site"));
    }

    void refusesAnUnreadableProfile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        MainWindow window;
        QVERIFY(!window.openProfile(path));
        QVERIFY(window.document()->path().isEmpty());
        // said in the status bar and in a box that does not block
        auto *box = window.findChild<QMessageBox *>(QStringLiteral("errorBox"));
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("broken.json")), qPrintable(box->text()));
        QVERIFY(box->isVisible());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("broken.json")));
        box->button(QMessageBox::Ok)->click();
        QTRY_VERIFY(!window.findChild<QMessageBox *>(QStringLiteral("errorBox")));
    }

    // Opened results, the summary and the exports all read the one set of results the session holds.
    void shownResultsComeFromTheSession()
    {
        QTemporaryDir dir;
        MainWindow window;
        const Profile p = siteProfile();
        window.hostForm()->setProfile(p);
        window.show();
        const RunResults run = fabricatedRun(p);
        window.showResults(run);
        QCOMPARE(window.session()->results().checks.size(), run.checks.size());
        QCOMPARE(window.resultsModel()->checks().size(), run.checks.size());
        QCOMPARE(window.resultsModel()->checks().constFirst().verdict, run.checks.constFirst().verdict);

        const RunResults::Summary summary = run.summary();
        QVERIFY(summary.fail > 0);
        auto *label = window.findChild<QLabel *>(QStringLiteral("summaryLabel"));
        QVERIFY(label);
        QTRY_VERIFY(label->text().contains(VerdictPalette::color(Verdict::Fail)));
        QVERIFY2(label->text().contains(QStringLiteral("%1 fail").arg(summary.fail)), qPrintable(label->text()));

        auto *exports = window.findChild<ExportActions *>();
        QVERIFY(exports);
        const QString json = dir.filePath(QStringLiteral("results.json"));
        QVERIFY(exports->write(ExportActions::Format::ResultsJson, json));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QStringList errors;
        const RunResults written = RunResults::fromJson(file.readAll(), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(written.checks.size(), run.checks.size());
        QCOMPARE(written.summary().fail, summary.fail);
        QCOMPARE(written.profileName, p.name);

        // a write that fails says so without blocking
        QSignalSpy failed(exports, &ExportActions::failed);
        QVERIFY(!exports->write(ExportActions::Format::ResultsCsv, dir.filePath(QStringLiteral("missing/results.csv"))));
        QCOMPARE(failed.size(), 1);
        auto *box = window.findChild<QMessageBox *>(QStringLiteral("errorBox"));
        QVERIFY(box);
        QCOMPARE(box->text(), failed.constFirst().at(0).toString());
        box->close();
    }

    // Re-running a link goes through the session: its checks are reset in the model, probed again,
    // and the other links keep their results.
    void rerunALinkThroughTheSession()
    {
        MainWindow window;
        Profile p = siteProfile();
        p.hosts[ComponentId::activeDirectory] = {QStringLiteral("127.0.0.1")};
        p.options.timeoutMs = 300;
        window.hostForm()->setProfile(p);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showResults(fabricatedRun(p));
        const QString ad = QStringLiteral("control-room>active-directory");
        const QString files = QStringLiteral("control-room>file-share");
        window.scene()->selectLink(ad);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("rerunLinkAction"))->isEnabled());

        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.rerunSelectedLink();
        QVERIFY(window.isRunning());
        for (const Check &c : window.resultsModel()->checksOfLink(ad)) {
            if (c.runnable)
                QCOMPARE(c.state, CheckState::NotTested);
        }
        QCOMPARE(window.scene()->linkState(files), DiagramStyle::LinkState::Pass);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.constFirst().at(0).toBool(), false);
        QVERIFY(!window.isRunning());

        const QList<Check> &checks = window.resultsModel()->checks();
        const QList<Check> &session = window.session()->results().checks;
        QCOMPARE(checks.size(), session.size());
        for (int i = 0; i < checks.size(); ++i) {
            QCOMPARE(checks.at(i).state, session.at(i).state);
            QCOMPARE(checks.at(i).verdict, session.at(i).verdict);
            if (checks.at(i).linkId() == ad && checks.at(i).runnable)
                QVERIFY(checks.at(i).state != CheckState::NotTested);
        }
        QCOMPARE(window.scene()->linkState(files), DiagramStyle::LinkState::Pass);
    }

    void keyboardShortcuts()
    {
        MainWindow window;
        QCOMPARE(window.runAction()->shortcut(), QKeySequence(Qt::Key_F5));
        QCOMPARE(window.stopAction()->shortcut(), QKeySequence(Qt::Key_Escape));
        QStringList shortcuts;
        for (QAction *a : window.findChildren<QAction *>())
            shortcuts << a->shortcut().toString();
        QVERIFY(shortcuts.contains(QKeySequence(QKeySequence::Save).toString()));
        QVERIFY(shortcuts.contains(QKeySequence(QKeySequence::Open).toString()));
        QVERIFY(shortcuts.contains(QKeySequence(QKeySequence::Print).toString()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
