#include "windowfixture.h"
#include "checkdetails.h"
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
#include <QHeaderView>
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
#include <QTreeView>
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

        QTreeView *table = window.details()->view();
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

    // A port range towards one host is one row that opens to its ports (issue 16); sorting, copying,
    // the Check pane and the keyboard work on the tree as they did on the table.
    void rangeFlowsAreOneExpandableRow()
    {
        MainWindow window;
        const Profile p = siteProfile();
        window.hostForm()->setProfile(p);
        window.resize(1400, 900);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.showResults(fabricatedRun(p));
        const QString cluster = QStringLiteral("control-room>control-room");
        window.scene()->selectLink(cluster);
        QTreeView *view = window.details()->view();
        QAbstractItemModel *tree = view->model();
        QAbstractItemModelTester tester(tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString cr2 = QStringLiteral("cr2.example.test");
        const auto rangeRow = [&] {
            for (int r = 0; r < tree->rowCount(); ++r) {
                if (tree->index(r, CheckResultsModel::PortColumn).data().toString() == QStringLiteral("47100-47200/tcp")
                    && tree->index(r, CheckResultsModel::HostColumn).data().toString() == cr2)
                    return tree->index(r, 0);
            }
            return QModelIndex();
        };
        QModelIndex range = rangeRow();
        QVERIFY(range.isValid());
        QCOMPARE(tree->rowCount(range), 101);
        const qsizetype checks = window.resultsModel()->checksOfLink(cluster).size();
        QVERIFY2(tree->rowCount() < checks - 100, qPrintable(QStringLiteral("%1 rows for %2 checks").arg(tree->rowCount()).arg(checks)));
        QVERIFY(tree->index(range.row(), CheckResultsModel::DetailColumn).data().toString().contains(QStringLiteral("of 101 ports")));
        QVERIFY(!view->isExpanded(range));

        // keyboard: Right opens the range, Down reaches its first port, and the Check pane follows
        view->setFocus();
        view->selectionModel()->setCurrentIndex(range, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTest::keyClick(view, Qt::Key_Right);
        QVERIFY(view->isExpanded(range));
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(view->currentIndex().parent(), range);
        QCOMPARE(view->currentIndex().siblingAtColumn(CheckResultsModel::PortColumn).data().toString(), QStringLiteral("47100/tcp"));
        const int firstPort = view->currentIndex().data(CheckResultsModel::CheckIdRole).toInt();
        QTRY_COMPARE(window.checkDetails()->checkId(), firstPort);
        // Tab leaves the view instead of walking its cells
        QCOMPARE(QApplication::focusWidget(), view);
        QTest::keyClick(view, Qt::Key_Tab);
        QVERIFY(QApplication::focusWidget() != view);

        // copying the range's row copies every port of it (and a header line)
        view->collapse(range);
        view->selectionModel()->select(range, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QStringList lines = window.details()->selectionAsText().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 102);
        QVERIFY(lines.last().contains(QStringLiteral("47200/tcp")));

        // sorting by port: the range stays one row, at its first port's place
        const int portX = view->header()->sectionViewportPosition(CheckResultsModel::PortColumn) + 4;
        QTest::mouseClick(view->header()->viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(portX, view->header()->height() / 2));
        QCOMPARE(view->header()->sortIndicatorSection(), int(CheckResultsModel::PortColumn));
        int previous = -1;
        for (int r = 0; r < tree->rowCount(); ++r) {
            const int port = tree->index(r, CheckResultsModel::PortColumn).data(CheckResultsModel::SortRole).toInt();
            QVERIFY2(port >= previous, qPrintable(QStringLiteral("row %1: port %2 after %3").arg(r).arg(port).arg(previous)));
            previous = port;
        }
        range = rangeRow();
        QVERIFY(range.isValid());
        QCOMPARE(tree->rowCount(range), 101);

        // a check inside a range, chosen elsewhere (the diagram's worst check): its range opens on it
        const int inside = tree->index(50, 0, range).data(CheckResultsModel::CheckIdRole).toInt();
        window.details()->selectCheck(inside);
        QVERIFY(view->isExpanded(range));
        QCOMPARE(view->currentIndex().parent(), range);
        QCOMPARE(view->currentIndex().data(CheckResultsModel::CheckIdRole).toInt(), inside);
        QTRY_COMPARE(window.checkDetails()->checkId(), inside);
        // a filter regroups the tree: the open range and the current port are kept
        window.details()->filter()->setText(QStringLiteral("cr2"));
        range = rangeRow();
        QVERIFY(range.isValid());
        QVERIFY(view->isExpanded(range));
        QCOMPARE(view->currentIndex().data(CheckResultsModel::CheckIdRole).toInt(), inside);
    }

    // The title of the checks pane is elided where the pane is narrow, whole in its tooltip.
    void longTitleIsElided()
    {
        CheckResultsModel model;
        DetailsPanel panel(&model);
        const QString title = QStringLiteral("Control Room \u2192 Active Directory: LDAP 389 \u00b7 636 \u00b7 3268 \u00b7 3269 \u00b7 Kerberos 88");
        panel.resize(220, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showLink(QStringLiteral("control-room>active-directory"), title);
        auto *label = panel.findChild<QLabel *>(QStringLiteral("detailsTitle"));
        QVERIFY(label);
        QCOMPARE(panel.title(), title);
        QCOMPARE(label->toolTip(), title);
        QVERIFY(label->width() > 0);
        QVERIFY2(label->text().endsWith(QChar(0x2026)), qPrintable(label->text()));
        QVERIFY(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width());
        QVERIFY(title.startsWith(label->text().chopped(1)));
        // wide enough again: the whole title
        panel.resize(1200, 300);
        QTRY_COMPARE(label->text(), title);
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

    // A host listed twice is checked once (issue 14): the window says so when the profile opens.
    void duplicateHostIsFoldedWithANote()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("twice.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "topocheck-profile/1", "name": "Twice", "template": "automation360",
                   "hosts": {"control-room": ["cr1.example.test"], "sql-server": ["SQL1.example.test", "sql1.example.test"]}})");
        f.close();
        MainWindow window;
        QVERIFY(window.openProfile(path));
        QCOMPARE(window.hostForm()->profile().hostsOf(ComponentId::sqlServer), QStringList{QStringLiteral("SQL1.example.test")});
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("twice.json")) && message.contains(QStringLiteral("listed twice"))
                     && message.contains(QStringLiteral("hosts.sql-server[1]")),
                 qPrintable(message));
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
