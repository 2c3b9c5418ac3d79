#include "component.h"
#include "hostform.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWheelEvent>

namespace {
// A self-signed root (EC P-256), as a site's CA file would hold.
const char testRootPem[] = "-----BEGIN CERTIFICATE-----\n"
                           "MIIBkzCCATmgAwIBAgIUTz3vxYvjDRUUvVKyWmkLBA8lyW0wCgYIKoZIzj0EAwIw\n"
                           "HjEcMBoGA1UEAwwTVG9wb2NoZWNrIHRlc3Qgcm9vdDAgFw0yNjEyMDIwNjQ1MDJa\n"
                           "GA8yMTI2MTEwODA2NDUwMlowHjEcMBoGA1UEAwwTVG9wb2NoZWNrIHRlc3Qgcm9v\n"
                           "dDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMFYc6EsTw9VA6iRHSfRhpfQVTpH\n"
                           "ffLMPguWWLup/u+2hiXAURUJI9CV9gj3qZv/FQw1FY3dCzExcN/WkDgMXjajUzBR\n"
                           "MB0GA1UdDgQWBBSa0au4QjyBPSp3hHggWQQftMrxMDAfBgNVHSMEGDAWgBSa0au4\n"
                           "QjyBPSp3hHggWQQftMrxMDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gA\n"
                           "MEUCIQCbVyDK5wn26jRjtl8rdpm1MnfwOUJbIO7jJ0KS6sjIggIgbo86fbEtLToQ\n"
                           "w48/piQHrMRTpkaVIo+Ic7D7uyOKJiU=\n"
                           "-----END CERTIFICATE-----\n";

Profile siteProfile()
{
    Profile p;
    p.name = QStringLiteral("Form test");
    p.hosts[ComponentId::controlRoom] = {QStringLiteral("cr1.example.test"), QStringLiteral("cr2.example.test")};
    p.hosts[ComponentId::activeDirectory] = {QStringLiteral("dc1.example.test")};
    return p;
}

template<typename T>
T *child(const HostForm &form, const char *name)
{
    auto *w = form.findChild<T *>(QLatin1String(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

bool hasIssue(const HostForm &form, const QString &path)
{
    const ValidationIssues issues = form.issues();
    return std::any_of(issues.cbegin(), issues.cend(), [&path](const ValidationIssue &i) { return i.path == path; });
}

void wheel(QWidget *target, int delta)
{
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QWheelEvent event(at, target->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                      false);
    QApplication::sendEvent(target, &event);
}
} // namespace

class TstHostForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void caFileIsCheckedWhereTyped()
    {
        QTemporaryDir dir;
        HostForm form;
        form.setProfile(siteProfile());
        form.show();
        auto *edit = child<QLineEdit>(form, "caFileEdit");
        auto *error = child<QLabel>(form, "caFileError");
        QVERIFY(!form.hasErrors());
        QVERIFY(!error->isVisibleTo(&form));

        const QString missing = dir.filePath(QStringLiteral("missing.pem"));
        edit->setText(missing);
        QVERIFY(form.hasErrors());
        QVERIFY(hasIssue(form, QStringLiteral("options.ca_file")));
        QVERIFY(error->isVisibleTo(&form));
        QVERIFY2(error->text().startsWith(QStringLiteral("CA file: ")), qPrintable(error->text()));
        QVERIFY2(error->text().contains(QStringLiteral("does not exist")), qPrintable(error->text()));

        const QString notPem = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(notPem);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("these are not the certificates you are looking for\n");
        f.close();
        edit->setText(notPem);
        QVERIFY2(error->text().contains(QStringLiteral("not a PEM certificate")), qPrintable(error->text()));
        QVERIFY(form.hasErrors());

        edit->setText(dir.path());
        QVERIFY2(error->text().contains(QStringLiteral("folder")), qPrintable(error->text()));

        const QString good = dir.filePath(QStringLiteral("root.pem"));
        QFile g(good);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write(testRootPem);
        g.close();
        edit->setText(good);
        QVERIFY2(!form.hasErrors(), form.hasErrors() ? qPrintable(form.issues().constFirst().toString()) : "");
        QVERIFY(!error->isVisibleTo(&form));
        QCOMPARE(form.profile().options.caFile, good);
        QVERIFY(HostForm::caFileProblem(good).isEmpty());

        // the proxy is checked where it is typed too
        auto *proxy = child<QLineEdit>(form, "proxyEdit");
        proxy->setText(QStringLiteral("proxy contoso"));
        QVERIFY(child<QLabel>(form, "proxyError")->isVisibleTo(&form));
        QVERIFY(child<QLabel>(form, "proxyError")->text().startsWith(QStringLiteral("Proxy: ")));
        proxy->setText(QStringLiteral("http://proxy.example.test:3128"));
        QVERIFY(!form.hasErrors());
    }

    void errorsReadForPeople()
    {
        HostForm form;
        Profile p = siteProfile();
        p.hosts[ComponentId::controlRoom] << QStringLiteral("node9..corp");
        form.setProfile(p);
        form.show();
        QVERIFY(form.hasErrors());
        form.selectComponent(ComponentId::controlRoom);
        auto *error = child<QLabel>(form, "hostsError");
        QVERIFY(error->isVisibleTo(&form));
        // "Control Room host 3: "node9..corp" is not a valid host name (…)"
        QVERIFY2(error->text().contains(QStringLiteral(" host 3: \"node9..corp\"")), qPrintable(error->text()));
        QVERIFY2(!error->text().contains(QStringLiteral("hosts.control-room[2]")), qPrintable(error->text()));
        auto *list = child<QListWidget>(form, "hostList");
        QCOMPARE(list->count(), 3);
        QVERIFY(!list->item(2)->toolTip().isEmpty());
        QVERIFY(list->item(0)->toolTip().isEmpty());

        // a bad port override: the cell turns red and says why, and so does the line under the table
        auto *table = child<QTableWidget>(form, "portTable");
        QVERIFY(table->rowCount() > 0);
        table->item(0, 1)->setText(QStringLiteral("http"));
        QVERIFY(!table->item(0, 1)->toolTip().isEmpty());
        QVERIFY(table->item(0, 1)->foreground().color() != table->item(1, 1)->foreground().color());
        auto *portsError = child<QLabel>(form, "portsError");
        QVERIFY2(portsError->text().startsWith(QStringLiteral("Port ")), qPrintable(portsError->text()));
        table->item(0, 1)->setText(QString());
        QVERIFY(table->item(0, 1)->toolTip().isEmpty());
    }

    void enterRefusesAnInvalidHost()
    {
        HostForm form;
        form.setProfile(siteProfile());
        form.show();
        form.selectComponent(ComponentId::activeDirectory);
        auto *edit = child<QLineEdit>(form, "newHostEdit");
        auto *error = child<QLabel>(form, "newHostError");
        auto *list = child<QListWidget>(form, "hostList");
        QCOMPARE(list->count(), 1);

        edit->setText(QStringLiteral("dc 2.example.test"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(list->count(), 1);
        QCOMPARE(edit->text(), QStringLiteral("dc 2.example.test")); // kept, to be fixed
        QVERIFY(error->isVisibleTo(&form));
        QVERIFY2(error->text().contains(QStringLiteral("dc 2.example.test")), qPrintable(error->text()));
        QVERIFY(!form.hasErrors());

        // a host listed already is refused as well
        edit->setText(QStringLiteral("DC1.example.test"));
        QTest::keyClick(edit, Qt::Key_Enter);
        QCOMPARE(list->count(), 1);
        QVERIFY2(error->text().contains(QStringLiteral("already listed")), qPrintable(error->text()));

        edit->setText(QStringLiteral("dc2.example.test, 10.0.0.7"));
        QVERIFY(!error->isVisibleTo(&form));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(list->count(), 3);
        QVERIFY(edit->text().isEmpty());
        QCOMPARE(form.profile().hosts.value(ComponentId::activeDirectory),
                 QStringList({QStringLiteral("dc1.example.test"), QStringLiteral("dc2.example.test"), QStringLiteral("10.0.0.7")}));
    }

    void pasteSplitsOnSeparatorsNotSpaces_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("hosts");
        QTest::newRow("lines") << QStringLiteral("a.example.test\nb.example.test\r\n10.0.0.5\n")
                               << QStringList{QStringLiteral("a.example.test"), QStringLiteral("b.example.test"),
                                              QStringLiteral("10.0.0.5")};
        QTest::newRow("commas and semicolons") << QStringLiteral(" a.example.test , b.example.test;[fe80::1];;")
                                               << QStringList{QStringLiteral("a.example.test"), QStringLiteral("b.example.test"),
                                                              QStringLiteral("[fe80::1]")};
        QTest::newRow("a space stays inside its entry") << QStringLiteral("sql server, files.example.test")
                                                        << QStringList{QStringLiteral("sql server"), QStringLiteral("files.example.test")};
        QTest::newRow("spreadsheet row") << QStringLiteral("a.example.test\tb.example.test")
                                         << QStringList{QStringLiteral("a.example.test"), QStringLiteral("b.example.test")};
        QTest::newRow("nothing") << QStringLiteral(" ,; \n") << QStringList();
    }

    void pasteSplitsOnSeparatorsNotSpaces()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, hosts);
        QCOMPARE(HostForm::splitHosts(text), hosts);
    }

    void pasteAddsGoodHostsAndKeepsBadOnes()
    {
        HostForm form;
        form.setProfile(siteProfile());
        form.show();
        form.selectComponent(ComponentId::fileShare);
        QApplication::clipboard()->setText(QStringLiteral("files1.example.test\nfile server 2\nfiles3.example.test; 10.0.0.9"));
        QTest::mouseClick(child<QPushButton>(form, "pasteButton"), Qt::LeftButton);
        QCOMPARE(form.profile().hosts.value(ComponentId::fileShare),
                 QStringList({QStringLiteral("files1.example.test"), QStringLiteral("files3.example.test"), QStringLiteral("10.0.0.9")}));
        QVERIFY(!form.hasErrors());
        // the bad entry waits, whole, in the new-host field with what is wrong
        QCOMPARE(child<QLineEdit>(form, "newHostEdit")->text(), QStringLiteral("file server 2"));
        QVERIFY(child<QLabel>(form, "newHostError")->isVisibleTo(&form));
    }

    void tabReachesEveryFieldAndLeavesTables()
    {
        HostForm form;
        form.setProfile(siteProfile());
        form.show();
        QApplication::setActiveWindow(&form);
        QVERIFY(QTest::qWaitForWindowActive(&form));
        auto *name = child<QLineEdit>(form, "nameEdit");
        name->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), name);

        QList<QWidget *> visited;
        for (int i = 0; i < 40; ++i) {
            QWidget *now = QApplication::focusWidget();
            if (i > 0 && now == name)
                break;
            visited << now;
            QTest::keyClick(now, Qt::Key_Tab);
        }
        QCOMPARE(QApplication::focusWidget(), name); // Tab went round the whole form and came back
        const QStringList fields{QStringLiteral("nameEdit"),        QStringLiteral("templateCombo"), QStringLiteral("vantageCombo"),
                                 QStringLiteral("componentCombo"),  QStringLiteral("hostList"),      QStringLiteral("newHostEdit"),
                                 QStringLiteral("pasteButton"),     QStringLiteral("portTable"),     QStringLiteral("timeoutSpin"),
                                 QStringLiteral("concurrencySpin"), QStringLiteral("realmEdit"),     QStringLiteral("websocketEdit"),
                                 QStringLiteral("caFileEdit"),      QStringLiteral("caBrowseButton"), QStringLiteral("proxyEdit")};
        QStringList names;
        for (QWidget *w : std::as_const(visited))
            names << w->objectName();
        int last = -1;
        for (const QString &field : fields) {
            const int at = int(names.indexOf(field));
            QVERIFY2(at >= 0, qPrintable(field + QLatin1String(" not reached: ") + names.join(QLatin1Char(' '))));
            QVERIFY2(at > last, qPrintable(field + QLatin1String(" out of order: ") + names.join(QLatin1Char(' '))));
            last = at;
        }

        // the port table lets Tab and Shift+Tab out, it does not walk its cells
        auto *table = child<QTableWidget>(form, "portTable");
        table->setFocus();
        table->setCurrentCell(0, 1);
        QTest::keyClick(table, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), child<QSpinBox>(form, "timeoutSpin"));
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Backtab, Qt::ShiftModifier);
        QVERIFY(QApplication::focusWidget() != table);
        QCOMPARE(QApplication::focusWidget(), child<QPushButton>(form, "pasteButton"));
    }

    void wheelIgnoredUnlessFocused()
    {
        HostForm form;
        form.setProfile(siteProfile());
        form.show();
        QApplication::setActiveWindow(&form);
        QVERIFY(QTest::qWaitForWindowActive(&form));
        auto *timeout = child<QSpinBox>(form, "timeoutSpin");
        auto *template_ = child<QComboBox>(form, "templateCombo");
        auto *name = child<QLineEdit>(form, "nameEdit");
        name->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), name);
        QVERIFY(template_->count() > 1);

        const int before = timeout->value();
        const int index = template_->currentIndex();
        wheel(timeout, -120);
        wheel(template_, -120);
        QCOMPARE(timeout->value(), before);
        QCOMPARE(template_->currentIndex(), index);
        QCOMPARE(timeout->focusPolicy(), Qt::StrongFocus);
        QCOMPARE(template_->focusPolicy(), Qt::StrongFocus);
        QCOMPARE(QApplication::focusWidget(), name); // the wheel did not take the focus either

        // clicked first, the wheel works as usual
        timeout->setFocus();
        QTRY_VERIFY(timeout->hasFocus());
        wheel(timeout, 120);
        QVERIFY(timeout->value() > before);
    }

    void oneEntryForEveryRoleAndPlaceholdersAreExamples()
    {
        HostForm form;
        form.setProfile(siteProfile());
        auto *vantage = child<QComboBox>(form, "vantageCombo");
        int everyRole = 0;
        for (int i = 0; i < vantage->count(); ++i) {
            const QString role = vantage->itemData(i).toString();
            everyRole += role.isEmpty() || role == QLatin1String("all");
        }
        QCOMPARE(everyRole, 1);
        // a profile saying "all" lands on that entry and keeps its word
        Profile all = siteProfile();
        all.vantage = QStringLiteral("all");
        form.setProfile(all);
        QCOMPARE(vantage->currentIndex(), 0);
        QCOMPARE(form.profile().vantage, QStringLiteral("all"));
        QCOMPARE(vantage->count(), everyRole + int(TopologyTemplate::builtin(all.templateId).roles().size()));

        for (QLineEdit *edit : form.findChildren<QLineEdit *>()) {
            const QString placeholder = edit->placeholderText();
            if (placeholder.isEmpty())
                continue;
            QVERIFY2(placeholder.startsWith(QLatin1String("e.g. ")) || placeholder.startsWith(QLatin1String("optional")),
                     qPrintable(edit->objectName() + QLatin1String(": ") + placeholder));
        }
    }
};

QTEST_MAIN(TstHostForm)
#include "tst_hostform.moc"
