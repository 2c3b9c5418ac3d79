#include "diagramexport.h"

#include "checkresultsmodel.h"
#include "diagramscene.h"
#include "linksummarymodel.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QGraphicsItem>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace {
bool writeAtomically(const QByteArray &data, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = DiagramExport::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

// Renders on white paper without the on-screen selection, then puts things back.
class PrintableScene
{
public:
    explicit PrintableScene(DiagramScene *scene)
        : m_scene(scene)
        , m_background(scene->backgroundBrush())
        , m_selected(scene->selectedItems())
        , m_blocker(scene)
        , m_cached(scene->isCached())
    {
        m_scene->setCached(false);
        m_scene->setBackgroundBrush(Qt::white);
        m_scene->clearSelection();
        m_focus = m_scene->focusItem();
        m_scene->clearFocus();
    }
    ~PrintableScene()
    {
        m_scene->setCached(m_cached);
        m_scene->setBackgroundBrush(m_background);
        for (QGraphicsItem *item : std::as_const(m_selected))
            item->setSelected(true);
        if (m_focus)
            m_scene->setFocusItem(m_focus);
    }
    Q_DISABLE_COPY_MOVE(PrintableScene)

private:
    DiagramScene *m_scene;
    QBrush m_background;
    QList<QGraphicsItem *> m_selected;
    QGraphicsItem *m_focus = nullptr;
    QSignalBlocker m_blocker;
    bool m_cached;
};
} // namespace

bool DiagramExport::writeSvg(DiagramScene *scene, const QString &title, const QString &path, QString *error)
{
    const PrintableScene printable(scene);
    const QRectF source = scene->sceneRect();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(title);
    generator.setDescription(tr("Topocheck network diagram"));
    QPainter painter;
    if (!painter.begin(&generator)) {
        if (error)
            *error = tr("cannot paint the SVG document");
        return false;
    }
    scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    painter.end();
    return writeAtomically(buffer.data(), path, error);
}

bool DiagramExport::writePng(DiagramScene *scene, const QString &path, QString *error, qreal scale)
{
    const PrintableScene printable(scene);
    const QRectF source = scene->sceneRect();
    QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    scene->render(&painter, QRectF(QPointF(0, 0), image.size()), source);
    painter.end();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        if (error)
            *error = tr("cannot encode the PNG image");
        return false;
    }
    return writeAtomically(buffer.data(), path, error);
}

namespace {
// The diagram of a finished run, the way the window builds it: results -> link model -> scene.
class RunDiagram
{
public:
    RunDiagram(const RunResults &results, const TopologyTemplate &topology, const Profile &profile)
    {
        m_model.setChecks(results.checks);
        m_links.setSourceModel(&m_model);
        m_scene.setTopology(topology, profile);
        m_scene.setLinkModel(&m_links);
    }
    DiagramScene *scene() { return &m_scene; }

private:
    CheckResultsModel m_model;
    LinkSummaryModel m_links;
    DiagramScene m_scene; // declared last: it goes first, before the models it observes
};
} // namespace

bool DiagramExport::writeSvg(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                             const QString &path, QString *error)
{
    RunDiagram diagram(results, topology, profile);
    const QString title = results.profileName.isEmpty() ? topology.title() : results.profileName;
    return writeSvg(diagram.scene(), title, path, error);
}

bool DiagramExport::writePng(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                             const QString &path, QString *error)
{
    RunDiagram diagram(results, topology, profile);
    return writePng(diagram.scene(), path, error);
}
