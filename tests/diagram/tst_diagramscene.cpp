#include "checkplan.h"
#include "checkresultsmodel.h"
#include "clusteritem.h"
#include "component.h"
#include "componentitem.h"
#include "diagramexport.h"
#include "diagramscene.h"
#include "linkitem.h"
#include "linksummarymodel.h"

#include <QFile>
#include <QImage>
#include <QKeyEvent>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
Profile profileWith(const QString &templateId, int nodes)
{
    Profile p;
    p.name = QStringLiteral("Test site");
    p.templateId = templateId;
    for (int i = 1; i <= nodes; ++i)
        p.hosts[ComponentId::controlRoom] << QStringLiteral("cr%1.example.test").arg(i);
    p.hosts[ComponentId::loadBalancer] = {QStringLiteral("lb.example.test")};
    p.hosts[ComponentId::activeDirectory] = {QStringLiteral("dc1.example.test"), QStringLiteral("dc2.example.test")};
    p.hosts[ComponentId::fileShare] = {QStringLiteral("files.example.test")};
    p.hosts[ComponentId::sqlServer] = {QStringLiteral("sql.example.test")};
    return p;
}

QList<Check> planFor(const Profile &p, const QString &role = QStringLiteral("all"))
{
    Vantage v;
    v.role = role;
    return CheckPlan::build(TopologyTemplate::builtin(p.templateId), p, v).checks();
}

// Marks every runnable check of a link as tested with the given verdict.
QList<Check> withVerdict(QList<Check> checks, const QString &linkId, Verdict verdict)
{
    for (Check &c : checks) {
        if (c.linkId() != linkId || !c.runnable)
            continue;
        c.state = verdict == Verdict::Pass ? CheckState::Open : CheckState::Filtered;
        c.verdict = verdict;
    }
    return checks;
}

// The window's wiring: checks -> link model -> scene.
struct Observed
{
    explicit Observed(DiagramScene &scene)
    {
        links.setSourceModel(&model);
        scene.setLinkModel(&links);
    }
    CheckResultsModel model;
    LinkSummaryModel links;
};

QList<QGraphicsItem *> boxes(DiagramScene &scene)
{
    QList<QGraphicsItem *> out;
    for (QGraphicsItem *item : scene.items()) {
        if (item->type() == ComponentItem::Type || item->type() == ClusterItem::Type)
            out << item;
    }
    return out;
}
} // namespace

class TestDiagramScene : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutHasNoOverlaps_data()
    {
        QTest::addColumn<QString>("templateId");
        QTest::addColumn<int>("nodes");
        for (const QString &id : TopologyTemplate::builtinIds()) {
            for (int n : {0, 1, 3, 5, 10})
                QTest::addRow("%s-%d", qPrintable(id), n) << id << n;
        }
    }

    void layoutHasNoOverlaps()
    {
        QFETCH(QString, templateId);
        QFETCH(int, nodes);
        DiagramScene scene;
        const Profile p = profileWith(templateId, nodes);
        scene.setTopology(TopologyTemplate::builtin(templateId), p);
        QCOMPARE(scene.nodes().size(), qMax(1, nodes));
        const TopologyTemplate t = TopologyTemplate::builtin(templateId);
        // every component of the template has a box
        for (const Component &c : t.components()) {
            if (c.id != ComponentId::controlRoom)
                QVERIFY2(scene.component(c.id), qPrintable(c.id));
        }
        const QList<QGraphicsItem *> all = boxes(scene);
        for (int i = 0; i < all.size(); ++i) {
            for (int j = i + 1; j < all.size(); ++j) {
                QGraphicsItem *a = all.at(i);
                QGraphicsItem *b = all.at(j);
                if (a->parentItem() == b || b->parentItem() == a)
                    continue; // a node inside its cluster frame
                const QRectF ra = static_cast<DiagramBox *>(a)->sceneBox();
                const QRectF rb = static_cast<DiagramBox *>(b)->sceneBox();
                QVERIFY2(!ra.intersects(rb), qPrintable(static_cast<DiagramBox *>(a)->componentId() + QLatin1String(" overlaps ")
                                                        + static_cast<DiagramBox *>(b)->componentId()));
            }
        }
        // labels stay clear of the boxes and of each other
        const QStringList ids = scene.linkIds();
        for (const QString &id : ids) {
            const QRectF label = scene.link(id)->labelSceneRect();
            for (QGraphicsItem *box : all) {
                if (box->type() == ClusterItem::Type && scene.link(id)->isBus())
                    continue;
                if (box->type() == ClusterItem::Type && box->childItems().isEmpty())
                    continue;
                if (box->type() == ClusterItem::Type)
                    continue; // bus labels live inside the frame; others must avoid the nodes (below)
                QVERIFY2(!label.intersects(static_cast<DiagramBox *>(box)->sceneBox()),
                         qPrintable(id + QLatin1String(" label covers ") + static_cast<DiagramBox *>(box)->componentId()));
            }
            for (const QString &other : ids) {
                if (other != id)
                    QVERIFY2(!label.intersects(scene.link(other)->labelSceneRect()), qPrintable(id + QLatin1String(" / ") + other));
            }
        }
        // clients left of the balancer, the balancer left of the cluster, the services right of it
        const QRectF cluster = scene.cluster()->sceneBox();
        QVERIFY(scene.component(ComponentId::botAgent)->sceneBox().right() < scene.component(ComponentId::loadBalancer)->sceneBox().left());
        QVERIFY(scene.component(ComponentId::loadBalancer)->sceneBox().right() < cluster.left());
        QVERIFY(scene.component(ComponentId::sqlServer)->sceneBox().left() > cluster.right());
        QVERIFY(scene.component(ComponentId::localhost)->sceneBox().top() > cluster.bottom());
    }

    void oneLinkPerPairWithPortLabels()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 2);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        QCOMPARE(scene.link(QStringLiteral("control-room>active-directory"))->label(),
                 QStringLiteral("LDAP 389 \u00b7 636 \u00b7 3268 \u00b7 3269 \u00b7 Kerberos 88"));
        QCOMPARE(scene.link(QStringLiteral("control-room>sql-server"))->label(), QStringLiteral("SQL 1433"));
        QVERIFY(scene.link(QStringLiteral("control-room>control-room"))->isBus());
        // exposure flows mark the nodes, they are not links
        QVERIFY(!scene.link(QStringLiteral("bot-agent>control-room")));
        QCOMPARE(scene.linkIds().size(), 9);

        Profile moved = p;
        moved.ports.insert(QStringLiteral("sql"), PortRange::single(14330));
        scene.setTopology(TopologyTemplate::builtin(p.templateId), moved);
        QCOMPARE(scene.link(QStringLiteral("control-room>sql-server"))->label(), QStringLiteral("SQL 14330"));
    }

    void linkTakesWorstVerdict()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 2);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        Observed observed(scene);
        const QString ad = QStringLiteral("control-room>active-directory");
        QList<Check> checks = planFor(p);
        observed.model.setChecks(checks);
        QCOMPARE(scene.linkState(ad), DiagramStyle::LinkState::Idle);

        checks = withVerdict(checks, ad, Verdict::Pass);
        observed.model.setChecks(checks);
        QCOMPARE(scene.linkState(ad), DiagramStyle::LinkState::Pass);
        QCOMPARE(scene.linkState(QStringLiteral("control-room>sql-server")), DiagramStyle::LinkState::Idle);

        // one warn, then one fail among the passes
        Check one;
        for (const Check &c : std::as_const(checks)) {
            if (c.linkId() == ad && c.port == 3269) {
                one = c;
                break;
            }
        }
        QVERIFY(one.id >= 0);
        one.verdict = Verdict::Warn;
        observed.model.updateCheck(one);
        QCOMPARE(scene.linkState(ad), DiagramStyle::LinkState::Warn);
        observed.model.setRunning(one.id, true);
        QCOMPARE(scene.linkState(ad), DiagramStyle::LinkState::Running);
        one.verdict = Verdict::Fail;
        observed.model.updateChecks({one});
        QCOMPARE(scene.linkState(ad), DiagramStyle::LinkState::Fail);
        // and back: the counts are incremental, so undoing the fail must restore pass
        one.verdict = Verdict::Pass;
        observed.model.updateCheck(one);
        QCOMPARE(scene.linkState(ad), DiagramStyle::LinkState::Pass);
        QVERIFY(scene.link(ad)->summaryToolTip().contains(QStringLiteral("pass")));
        // every verdict has its own line style and glyph besides its colour
        using S = DiagramStyle::LinkState;
        QSet<int> styles;
        QSet<QString> glyphs;
        for (S s : {S::Pass, S::Warn, S::Fail, S::Skipped}) {
            styles << int(DiagramStyle::penStyle(s));
            glyphs << DiagramStyle::glyph(s);
        }
        QCOMPARE(styles.size(), 4);
        QCOMPARE(glyphs.size(), 4);
    }

    void exposureMarksTheNode()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 2);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        QList<Check> checks = planFor(p, ComponentId::botAgent);
        for (Check &c : checks) {
            if (c.expect != Expectation::Closed)
                continue;
            const bool exposed = c.host == QLatin1String("cr2.example.test") && c.port == 5672;
            c.state = exposed ? CheckState::Open : CheckState::Filtered;
            c.decide();
        }
        Observed observed(scene);
        observed.model.setChecks(checks);
        QCOMPARE(scene.nodes().at(0)->exposure(), ComponentItem::Exposure::Closed);
        QCOMPARE(scene.nodes().at(1)->exposure(), ComponentItem::Exposure::Exposed);
    }

    void busStubsShowTheirHosts()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 3);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        Observed observed(scene);
        const QString busId = QStringLiteral("control-room>control-room");
        QList<Check> checks = planFor(p);
        for (Check &c : checks) {
            if (c.linkId() != busId)
                continue;
            c.state = c.host == QLatin1String("cr3.example.test") ? CheckState::Filtered : CheckState::Open;
            c.decide();
        }
        observed.model.setChecks(checks);
        LinkItem *bus = scene.link(busId);
        QCOMPARE(bus->state(), DiagramStyle::LinkState::Fail);
        QCOMPARE(bus->hostState(QStringLiteral("cr1.example.test")), DiagramStyle::LinkState::Pass);
        QCOMPARE(bus->hostState(QStringLiteral("cr3.example.test")), DiagramStyle::LinkState::Fail);
        QVERIFY(bus->summary().contains(QStringLiteral("fail")));

        // a node's checks start again: its stub and the bus run, the others keep their verdict
        QList<int> ids;
        for (const Check &c : observed.model.checksOfLink(busId)) {
            if (c.host == QLatin1String("cr3.example.test"))
                ids << c.id;
        }
        observed.model.setRunning(ids);
        QCOMPARE(bus->state(), DiagramStyle::LinkState::Running);
        QCOMPARE(bus->hostState(QStringLiteral("cr3.example.test")), DiagramStyle::LinkState::Running);
        QCOMPARE(bus->hostState(QStringLiteral("cr2.example.test")), DiagramStyle::LinkState::Pass);
        observed.model.clearRunning();
        QCOMPARE(bus->state(), DiagramStyle::LinkState::Fail);

        // a new plan resets everything to idle
        observed.model.setChecks(planFor(p));
        QCOMPARE(bus->state(), DiagramStyle::LinkState::Idle);
        QCOMPARE(scene.nodes().at(0)->exposure(), ComponentItem::Exposure::Untested);
    }

    void exposureClearsAgain()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 2);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        Observed observed(scene);
        observed.model.setChecks(planFor(p, ComponentId::botAgent));
        QCOMPARE(scene.nodes().at(1)->exposure(), ComponentItem::Exposure::Untested);
        Check open;
        for (const Check &c : observed.model.checks()) {
            if (c.isExposure() && c.host == QLatin1String("cr2.example.test") && c.port == 5672)
                open = c;
        }
        QVERIFY(open.id >= 0);
        open.state = CheckState::Open;
        open.decide();
        observed.model.updateCheck(open);
        QCOMPARE(scene.nodes().at(1)->exposure(), ComponentItem::Exposure::Exposed);
        QCOMPARE(scene.nodes().at(0)->exposure(), ComponentItem::Exposure::Untested);
        open.state = CheckState::Filtered;
        open.decide();
        observed.model.updateCheck(open);
        QCOMPARE(scene.nodes().at(1)->exposure(), ComponentItem::Exposure::Closed);
    }

    void linksFollowTheirBoxes()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 1);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        LinkItem *link = scene.link(QStringLiteral("control-room>sql-server"));
        const QPointF before = link->midPoint();
        scene.component(ComponentId::sqlServer)->moveBy(0, 200);
        QVERIFY(link->midPoint().y() > before.y() + 50);
        const QPointF beforeCluster = link->midPoint();
        scene.cluster()->moveBy(-100, 0);
        QVERIFY(link->midPoint().x() < beforeCluster.x() - 20);
    }

    void clicksAndKeysSelect()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 3);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        QSignalSpy links(&scene, &DiagramScene::linkClicked);
        QSignalSpy components(&scene, &DiagramScene::componentClicked);
        scene.selectLink(QStringLiteral("control-room>file-share"));
        QCOMPARE(links.size(), 1);
        QCOMPARE(links.at(0).at(0).toString(), QStringLiteral("control-room>file-share"));

        scene.selectComponent(ComponentId::controlRoom, QStringLiteral("cr1.example.test"));
        QCOMPARE(components.last().at(0).toString(), ComponentId::controlRoom);
        QKeyEvent down(QEvent::KeyPress, Qt::Key_Down, Qt::NoModifier);
        QCoreApplication::sendEvent(&scene, &down);
        QCOMPARE(scene.selectedItems().size(), 1);
        QCOMPARE(static_cast<ComponentItem *>(scene.selectedItems().constFirst())->host(), QStringLiteral("cr2.example.test"));
        // Right: first the link that leaves the node, then the box at its end
        QKeyEvent right(QEvent::KeyPress, Qt::Key_Right, Qt::NoModifier);
        QCoreApplication::sendEvent(&scene, &right);
        QCOMPARE(scene.selectedItems().size(), 1);
        QCOMPARE(scene.selectedItems().constFirst()->type(), int(LinkItem::Type));
        QCoreApplication::sendEvent(&scene, &right);
        const QString rightOf = components.last().at(0).toString();
        QVERIFY2(rightOf == ComponentId::activeDirectory || rightOf == ComponentId::fileShare || rightOf == ComponentId::sqlServer,
                 qPrintable(rightOf));
        QKeyEvent left(QEvent::KeyPress, Qt::Key_Left, Qt::NoModifier);
        QCoreApplication::sendEvent(&scene, &left);
        QCoreApplication::sendEvent(&scene, &left);
        QCOMPARE(components.last().at(0).toString(), ComponentId::controlRoom);
    }

    // Every link can be reached with the arrow keys alone, and a link reached so is a link
    // clicked: the window shows its checks and can re-run it.
    void arrowKeysReachLinks_data()
    {
        QTest::addColumn<QString>("templateId");
        QTest::addColumn<int>("nodes");
        QTest::newRow("automation360-1") << QStringLiteral("automation360") << 1;
        QTest::newRow("automation360-3") << QStringLiteral("automation360") << 3;
        QTest::newRow("azure-2") << QStringLiteral("automation360-azure") << 2;
    }

    void arrowKeysReachLinks()
    {
        QFETCH(QString, templateId);
        QFETCH(int, nodes);
        DiagramScene scene;
        const Profile p = profileWith(templateId, nodes);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        QSignalSpy links(&scene, &DiagramScene::linkClicked);

        // a breadth-first walk over what the four arrow keys reach from each selection
        const auto key = [&scene](Qt::Key k) {
            QKeyEvent press(QEvent::KeyPress, k, Qt::NoModifier);
            QCoreApplication::sendEvent(&scene, &press);
        };
        const auto select = [&scene](QGraphicsItem *item) {
            scene.clearSelection();
            item->setSelected(true);
            scene.setFocusItem(item->type() == LinkItem::Type ? nullptr : item);
        };
        QList<QGraphicsItem *> seen;
        QList<QGraphicsItem *> queue;
        key(Qt::Key_Down); // nothing selected: the keys start on the Control Room
        QCOMPARE(scene.selectedItems().size(), 1);
        queue << scene.selectedItems().constFirst();
        seen << queue.constFirst();
        while (!queue.isEmpty()) {
            QGraphicsItem *from = queue.takeFirst();
            for (Qt::Key k : {Qt::Key_Left, Qt::Key_Right, Qt::Key_Up, Qt::Key_Down}) {
                select(from);
                key(k);
                QCOMPARE(scene.selectedItems().size(), 1);
                QGraphicsItem *to = scene.selectedItems().constFirst();
                if (!seen.contains(to)) {
                    seen << to;
                    queue << to;
                }
            }
        }
        QStringList missing;
        for (const QString &id : scene.linkIds()) {
            if (!seen.contains(scene.link(id)))
                missing << id;
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1String(", "))));
        for (ComponentItem *node : scene.nodes())
            QVERIFY2(seen.contains(node), qPrintable(node->host()));

        // reaching a link by key emits linkClicked with its id
        links.clear();
        scene.selectComponent(ComponentId::sqlServer);
        key(Qt::Key_Left);
        QCOMPARE(scene.selectedItems().size(), 1);
        QGraphicsItem *item = scene.selectedItems().constFirst();
        QCOMPARE(item->type(), int(LinkItem::Type));
        QCOMPARE(links.size(), 1);
        QCOMPARE(links.constLast().at(0).toString(), static_cast<LinkItem *>(item)->linkId());
        QVERIFY(static_cast<LinkItem *>(item)->linkId().endsWith(QLatin1String(">sql-server")));
        // and on from the link to the box at its other end
        key(Qt::Key_Left);
        QCOMPARE(scene.selectedItems().constFirst()->type(), int(ComponentItem::Type));
    }

    // While this machine listens (issue 12), its incoming links say so: a violet dashed outline and a
    // "listening" tag on the label, a line in the tooltip; a new layout keeps the marks.
    void listeningLinksAreMarked()
    {
        DiagramScene scene;
        const Profile p = profileWith(QStringLiteral("automation360"), 2);
        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        const QString ad = QStringLiteral("control-room>active-directory");
        const QString sql = QStringLiteral("control-room>sql-server");
        LinkItem *link = scene.link(ad);
        QVERIFY(link && scene.link(sql));
        const QRectF area = link->listeningTagRect().adjusted(-4, -4, 4, 4);
        const auto violetPixels = [&] {
            QImage image((area.size() * 2).toSize(), QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), area);
            painter.end();
            const QColor violet = DiagramStyle::selection();
            int n = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    n += qAbs(c.red() - violet.red()) + qAbs(c.green() - violet.green()) + qAbs(c.blue() - violet.blue()) < 60;
                }
            }
            return n;
        };
        QVERIFY(!link->isListening());
        QCOMPARE(violetPixels(), 0);
        QVERIFY(!link->summaryToolTip().contains(QStringLiteral("Listening")));

        scene.setListeningLinks({ad});
        QVERIFY(link->isListening());
        QVERIFY(!scene.link(sql)->isListening());
        QVERIFY2(violetPixels() > 50, qPrintable(QString::number(violetPixels())));
        QVERIFY(link->summaryToolTip().contains(QStringLiteral("Listening")));
        QVERIFY(link->boundingRect().contains(link->listeningTagRect()));
        QVERIFY(link->shape().contains(link->listeningTagRect().center())); // clicking the tag selects the link

        scene.setTopology(TopologyTemplate::builtin(p.templateId), p);
        QVERIFY(scene.link(ad)->isListening());
        QCOMPARE(scene.listeningLinks(), QSet<QString>{ad});
        scene.setListeningLinks({});
        QVERIFY(!scene.link(ad)->isListening());
    }

    void rendersOffscreenAndExports()
    {
        const Profile p = profileWith(QStringLiteral("automation360-azure"), 3);
        const TopologyTemplate t = TopologyTemplate::builtin(p.templateId);
        RunResults results;
        results.profileName = p.name;
        results.templateId = p.templateId;
        results.checks = withVerdict(planFor(p), QStringLiteral("control-room>active-directory"), Verdict::Fail);

        DiagramScene scene;
        Observed observed(scene); // the model before the topology: either order works
        observed.model.setChecks(results.checks);
        scene.setTopology(t, p);
        QImage image(1200, 800, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        scene.render(&painter, QRectF(image.rect()), scene.sceneRect());
        painter.end();
        // the failing link's red is on the page
        int red = 0;
        const QColor fail = DiagramStyle::color(DiagramStyle::LinkState::Fail);
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2)
                red += QColor(image.pixel(x, y)) == fail;
        }
        QVERIFY2(red > 20, qPrintable(QString::number(red)));

        QTemporaryDir dir;
        QString error;
        const QString svg = dir.filePath(QStringLiteral("d.svg"));
        const QString png = dir.filePath(QStringLiteral("d.png"));
        QVERIFY2(DiagramExport::writeSvg(results, t, p, svg, &error), qPrintable(error));
        QVERIFY2(DiagramExport::writePng(results, t, p, png, &error), qPrintable(error));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("Kerberos 88"));
        QVERIFY(text.contains("SMTP 587"));
        QImage back(png);
        QVERIFY(!back.isNull());
        QVERIFY(back.width() > 1000);
        // the window caches items as pixmaps; an export must still write text
        scene.setCached(true);
        const QString fromWindow = dir.filePath(QStringLiteral("w.svg"));
        QVERIFY2(DiagramExport::writeSvg(&scene, p.name, fromWindow, &error), qPrintable(error));
        QFile w(fromWindow);
        QVERIFY(w.open(QIODevice::ReadOnly));
        QVERIFY(w.readAll().contains("Kerberos 88"));
        QVERIFY(scene.isCached());
        QVERIFY(!DiagramExport::writePng(results, t, p, dir.filePath(QStringLiteral("missing/d.png")), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestDiagramScene)
#include "tst_diagramscene.moc"
