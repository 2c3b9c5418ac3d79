#include "component.h"
#include "profiledocument.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
Profile siteProfile()
{
    Profile p;
    p.name = QStringLiteral("Contoso");
    p.hosts[ComponentId::controlRoom] = {QStringLiteral("cr1.example.test")};
    p.hosts[ComponentId::sqlServer] = {QStringLiteral("sql.example.test")};
    return p;
}
} // namespace

// The profile as a document: modified is a comparison with what was saved, files open and save
// with their errors, and the recent files follow.
class TstProfileDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("TopocheckTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_profiledocument"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().remove(QStringLiteral("recentFiles")); }

    void modifiedIsAComparison()
    {
        ProfileDocument doc;
        QSignalSpy modified(&doc, &ProfileDocument::modifiedChanged);
        QVERIFY(doc.path().isEmpty());
        QCOMPARE(doc.displayName(), QStringLiteral("Untitled profile"));
        QVERIFY(!doc.isModified());

        Profile edited = doc.profile();
        edited.name = QStringLiteral("Edited");
        doc.setProfile(edited);
        QVERIFY(doc.isModified());
        QCOMPARE(modified.size(), 1);
        QCOMPARE(modified.constLast().at(0).toBool(), true);
        doc.setProfile(edited); // the same edit again: no new signal
        QCOMPARE(modified.size(), 1);

        // undoing the edit by hand is not a change
        doc.setProfile(doc.savedProfile());
        QVERIFY(!doc.isModified());
        QCOMPARE(modified.size(), 2);

        doc.resetProfile(edited);
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.savedProfile(), edited);
        QCOMPARE(doc.suggestedFileName(), QStringLiteral("Edited.json"));
    }

    void saveAndReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("site.json"));
        ProfileDocument doc;
        QSignalSpy pathChanged(&doc, &ProfileDocument::pathChanged);
        QSignalSpy recent(&doc, &ProfileDocument::recentFilesChanged);
        doc.setProfile(siteProfile());
        QVERIFY(doc.isModified());
        QString error;
        QVERIFY2(doc.saveAs(path, &error), qPrintable(error));
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.path(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(doc.displayName(), QStringLiteral("site.json"));
        QCOMPARE(doc.suggestedFileName(), doc.path());
        QCOMPARE(pathChanged.size(), 1);
        QCOMPARE(recent.size(), 1);
        QCOMPARE(doc.recentFiles(), QStringList{doc.path()});

        Profile edited = siteProfile();
        edited.options.timeoutMs = 1500;
        doc.setProfile(edited);
        QVERIFY(doc.save(&error));
        QVERIFY(!doc.isModified());

        ProfileDocument reopened;
        ValidationIssues problems;
        QVERIFY2(reopened.open(path, &error, &problems), qPrintable(error));
        QVERIFY(problems.isEmpty());
        QCOMPARE(reopened.profile(), edited);
        QCOMPARE(reopened.savedProfile(), edited);
        QVERIFY(!reopened.isModified());
        QCOMPARE(reopened.path(), doc.path());
    }

    void refusesWhatIsNotAProfile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("not json") << QByteArray("{ not json");
        QTest::newRow("other format") << QByteArray(R"({"format": "topocheck-results/1", "checks": []})");
        QTest::newRow("hosts not an object") << QByteArray(R"({"format": "topocheck-profile/1", "hosts": 3})");
    }

    void refusesWhatIsNotAProfile()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();

        ProfileDocument doc;
        doc.setProfile(siteProfile());
        QSignalSpy recent(&doc, &ProfileDocument::recentFilesChanged);
        QString error;
        QVERIFY(!doc.open(path, &error));
        QVERIFY2(error.contains(QStringLiteral("broken.json")), qPrintable(error));
        // the document is as it was
        QVERIFY(doc.path().isEmpty());
        QCOMPARE(doc.profile(), siteProfile());
        QVERIFY(doc.isModified());
        QCOMPARE(recent.size(), 0);
    }

    void opensWithProblemsTheFormCanShow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad-host.json"));
        Profile p = siteProfile();
        p.hosts[ComponentId::sqlServer] << QStringLiteral("sql\\server");
        QString error;
        QVERIFY(p.save(path, &error));

        ProfileDocument doc;
        ValidationIssues problems;
        QVERIFY2(doc.open(path, &error, &problems), qPrintable(error));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.constFirst().path, QStringLiteral("hosts.sql-server[1]"));
        QCOMPARE(doc.profile().hostsOf(ComponentId::sqlServer).size(), 2);
    }

    void saveErrorKeepsTheEdit()
    {
        QTemporaryDir dir;
        ProfileDocument doc;
        doc.setProfile(siteProfile());
        QString error;
        QVERIFY(!doc.saveAs(dir.filePath(QStringLiteral("missing/dir/site.json")), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(doc.isModified());
        QVERIFY(doc.path().isEmpty());
        QVERIFY(doc.recentFiles().isEmpty());
    }

    void recentFilesAreMostRecentFirstAndCapped()
    {
        QTemporaryDir dir;
        ProfileDocument doc;
        doc.setProfile(siteProfile());
        QStringList saved;
        for (int i = 0; i < ProfileDocument::maxRecentFiles + 2; ++i) {
            const QString path = dir.filePath(QStringLiteral("site%1.json").arg(i));
            QVERIFY(doc.saveAs(path, nullptr));
            saved.prepend(QFileInfo(path).absoluteFilePath());
        }
        QCOMPARE(doc.recentFiles(), saved.mid(0, ProfileDocument::maxRecentFiles));
        // opening one again moves it to the front, once
        const QString again = saved.at(3);
        QVERIFY(doc.open(again, nullptr));
        QCOMPARE(doc.recentFiles().constFirst(), again);
        QCOMPARE(doc.recentFiles().count(again), 1);
        QCOMPARE(doc.recentFiles().size(), ProfileDocument::maxRecentFiles);
    }

private:
    QTemporaryDir m_settings;
};

QTEST_GUILESS_MAIN(TstProfileDocument)
#include "tst_profiledocument.moc"
