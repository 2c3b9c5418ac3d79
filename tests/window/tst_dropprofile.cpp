#include "hostform.h"
#include "mainwindow.h"
#include "profiledocument.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QTemporaryDir>
#include <QtTest>

// Dropping a profile file on the window opens it.
class TstDropProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void droppingAProfileOpensIt()
    {
        QTemporaryDir dir;
        Profile p;
        p.name = QStringLiteral("Dropped site");
        p.hosts.insert(QStringLiteral("sql-server"), {QStringLiteral("sql.dropped.example")});
        const QString path = dir.filePath(QStringLiteral("dropped.json"));
        QString error;
        QVERIFY2(p.save(path, &error), qPrintable(error));

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPointF at(window.width() / 2.0, window.height() / 2.0);
        QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE(window.document()->path(), path);
        QCOMPARE(window.hostForm()->profile().name, QStringLiteral("Dropped site"));
        QCOMPARE(window.hostForm()->profile().hostsOf(QStringLiteral("sql-server")), QStringList{QStringLiteral("sql.dropped.example")});

        // two files at once are not a profile: refused
        QMimeData two;
        two.setUrls({QUrl::fromLocalFile(path), QUrl::fromLocalFile(path)});
        QDragEnterEvent enterTwo(at.toPoint(), Qt::CopyAction, &two, Qt::LeftButton, Qt::NoModifier);
        enterTwo.ignore();
        QApplication::sendEvent(&window, &enterTwo);
        QVERIFY(!enterTwo.isAccepted());
    }
};

QTEST_MAIN(TstDropProfile)
#include "tst_dropprofile.moc"
