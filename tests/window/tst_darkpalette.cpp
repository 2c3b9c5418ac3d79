#include "diagramscene.h"
#include "mainwindow.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>
#include <QtTest>

// The window follows the system palette: a dark desktop gets a dark diagram canvas, and back.
class TstDarkPalette : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheApplicationPalette()
    {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        const QPalette light = QApplication::palette();
        MainWindow window;
        QVERIFY(window.openProfile(QStringLiteral(TOPOCHECK_SOURCE_DIR "/resources/profiles/sample.json")));
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.scene()->backgroundBrush().color().lightness() > 200);

        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
        QApplication::setPalette(dark);
        QTRY_VERIFY(window.scene()->backgroundBrush().color().lightness() < 80);
        const QString shot = qEnvironmentVariable("TOPOCHECK_SCREENSHOT");
        if (!shot.isEmpty())
            window.grab().save(shot);

        QApplication::setPalette(light);
        QTRY_VERIFY(window.scene()->backgroundBrush().color().lightness() > 200);
    }
};

QTEST_MAIN(TstDarkPalette)
#include "tst_darkpalette.moc"
