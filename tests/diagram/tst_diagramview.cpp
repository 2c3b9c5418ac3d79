#include "component.h"
#include "diagramscene.h"
#include "diagramview.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

class TstDiagramView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyStateAtFirstLaunch()
    {
        DiagramScene scene;
        DiagramView view;
        view.setScene(&scene);
        view.resize(900, 600);
        // first launch: a new profile, the template's boxes but no host anywhere
        scene.setTopology(TopologyTemplate::builtin(Profile().templateId), Profile());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(view.isEmptyStateShown());
        auto *panel = view.findChild<QWidget *>(QStringLiteral("emptyState"));
        QVERIFY(panel && panel->isVisible());
        QVERIFY(view.rect().contains(panel->geometry()));

        QSignalSpy newProfile(&view, &DiagramView::newProfileRequested);
        QSignalSpy open(&view, &DiagramView::openRequested);
        QSignalSpy sample(&view, &DiagramView::openSampleRequested);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("newProfileButton")), Qt::LeftButton);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("openButton")), Qt::LeftButton);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("openSampleButton")), Qt::LeftButton);
        QCOMPARE(newProfile.size(), 1);
        QCOMPARE(open.size(), 1);
        QCOMPARE(sample.size(), 1);

        // one host is enough to make it a diagram of the site
        Profile p;
        p.hosts[ComponentId::sqlServer] = {QStringLiteral("sql.example.test")};
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        QTRY_VERIFY(!view.isEmptyStateShown());
        QVERIFY(!panel->isVisible());

        // a Control Room node alone counts too, and emptying the profile brings the panel back
        Profile nodes;
        nodes.hosts[ComponentId::controlRoom] = {QStringLiteral("cr1.example.test")};
        scene.setTopology(TopologyTemplate::builtin(nodes.templateId), nodes);
        QTRY_VERIFY(!view.isEmptyStateShown());
        scene.setTopology(TopologyTemplate::builtin(Profile().templateId), Profile());
        QTRY_VERIFY(view.isEmptyStateShown());
    }

    void noSceneIsEmpty()
    {
        DiagramView view;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(view.isEmptyStateShown());
    }
};

QTEST_MAIN(TstDiagramView)
#include "tst_diagramview.moc"
