#include "linkitem.h"

#include "clusteritem.h"
#include "componentitem.h"
#include "diagrambox.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

namespace {
constexpr qreal glyphSize = 16;
constexpr qreal lineWidth = 2.4;

QFont labelFont()
{
    QFont f;
    f.setPixelSize(11);
    return f;
}

// Where a link meets a box: a tall box (the cluster) is met level with the other end when it can be.
qreal attachY(const QRectF &box, qreal otherY)
{
    if (box.height() < 120)
        return box.center().y();
    return qBound(box.top() + 44, otherY, box.bottom() - 24);
}

qreal attachX(const QRectF &box, qreal otherX)
{
    if (box.width() < 260)
        return box.center().x();
    return qBound(box.left() + 30, otherX, box.right() - 30);
}

QFont tagFont()
{
    QFont f = labelFont();
    f.setPixelSize(10);
    f.setItalic(true);
    return f;
}

QColor listeningColor()
{
    return DiagramStyle::selection();
}

QPen linePen(DiagramStyle::LinkState state, qreal phase)
{
    QPen pen(DiagramStyle::color(state), state == DiagramStyle::LinkState::Fail ? lineWidth + 0.8 : lineWidth,
             DiagramStyle::penStyle(state), Qt::FlatCap);
    if (state == DiagramStyle::LinkState::Running) {
        pen.setDashPattern({4, 3});
        pen.setDashOffset(-phase);
    }
    return pen;
}
} // namespace

LinkItem::LinkItem(const QString &linkId, DiagramBox *source, DiagramBox *dest, const QString &label)
    : m_linkId(linkId)
    , m_source(source)
    , m_dest(dest)
    , m_label(label)
{
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(1);
    source->addLink(this);
    dest->addLink(this);
}

LinkItem::LinkItem(const QString &linkId, ClusterItem *cluster, const QString &label)
    : m_linkId(linkId)
    , m_source(cluster)
    , m_dest(cluster)
    , m_cluster(cluster)
    , m_label(label)
{
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(3);
    cluster->addLink(this);
}

void LinkItem::setLabelWidth(qreal width)
{
    m_labelWidth = width;
    adjust();
}

QPointF LinkItem::midPoint() const
{
    return m_labelRect.isValid() ? m_labelRect.center() : m_path.pointAtPercent(0.5);
}

void LinkItem::setState(DiagramStyle::LinkState state, const QString &summary)
{
    const bool changed = state != m_state;
    m_state = state;
    m_summary = summary;
    // the tooltip text is built when the pointer is on the link, not for each of thousands of results
    if (isUnderMouse())
        setToolTip(summaryToolTip());
    if (changed)
        update();
}

void LinkItem::setListening(bool listening)
{
    if (listening == m_listening)
        return;
    prepareGeometryChange(); // the tag below the label
    m_listening = listening;
    if (isUnderMouse())
        setToolTip(summaryToolTip());
    update();
}

QRectF LinkItem::listeningTagRect() const
{
    const QFontMetricsF metrics(tagFont());
    const QString tag = tr("listening");
    const qreal w = metrics.horizontalAdvance(tag) + 10;
    const qreal h = metrics.height() + 2;
    return QRectF(m_labelRect.right() - w, m_labelRect.bottom() + 2, w, h);
}

void LinkItem::setHostStates(const QHash<QString, DiagramStyle::LinkState> &states)
{
    if (states == m_hostStates)
        return;
    m_hostStates = states;
    update();
}

DiagramStyle::LinkState LinkItem::hostState(const QString &host) const
{
    return m_hostStates.value(host, DiagramStyle::LinkState::Skipped);
}

QString LinkItem::summaryToolTip() const
{
    // the summary's port ranges come one a line ("47100-47200: path open to 101 of 101 ports, 2 answering")
    QString summary = m_summary.toHtmlEscaped();
    summary.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    const QString listening =
        m_listening ? QStringLiteral("<br><i>%1</i>").arg(tr("Listening: this machine holds these ports open").toHtmlEscaped())
                    : QString();
    return QStringLiteral("<b>%1</b><br>%2<br>%3%4")
        .arg(m_label.toHtmlEscaped(), tr("State: %1").arg(DiagramStyle::stateText(m_state)), summary, listening);
}

void LinkItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    setToolTip(summaryToolTip());
    QGraphicsItem::hoverEnterEvent(event);
}

void LinkItem::setPhase(qreal phase)
{
    m_phase = phase;
    // a host stub runs only while its link does
    if (m_state == DiagramStyle::LinkState::Running)
        update();
}

void LinkItem::layoutLabel(const QPointF &anchor)
{
    const QFontMetricsF metrics(labelFont());
    const QRectF text = metrics.boundingRect(QRectF(0, 0, m_labelWidth - glyphSize - 14, 1000),
                                             Qt::TextWordWrap | Qt::AlignLeft, m_label);
    const qreal w = text.width() + glyphSize + 14;
    const qreal h = qMax(text.height(), glyphSize) + 6;
    m_labelRect = QRectF(anchor.x() - w / 2, anchor.y() - h / 2, w, h);
    m_labelTextRect = QRectF(m_labelRect.left() + glyphSize + 9, m_labelRect.top() + 3, text.width() + 1, text.height());
}

void LinkItem::adjust()
{
    prepareGeometryChange();
    m_path = QPainterPath();
    m_stubs.clear();
    m_stubHosts.clear();
    m_arrow.clear();
    if (m_cluster) {
        const QList<ComponentItem *> &nodes = m_cluster->nodes();
        const QRectF frame = m_cluster->sceneBox();
        const qreal x = frame.left() + m_cluster->busX();
        qreal top = 0;
        qreal bottom = 0;
        for (int i = 0; i < nodes.size(); ++i) {
            const QRectF box = nodes.at(i)->sceneBox();
            const qreal y = box.center().y();
            if (i == 0)
                top = y;
            bottom = y;
            QPainterPath stub(QPointF(x, y));
            stub.lineTo(box.left(), y);
            m_stubs << stub;
            m_stubHosts << nodes.at(i)->host();
        }
        m_path.moveTo(x, top);
        m_path.lineTo(x, bottom);
        const QRectF label = m_cluster->labelRect().translated(frame.topLeft());
        m_labelWidth = label.width();
        layoutLabel(QPointF(label.center().x(), label.top() + 0));
        m_labelRect.moveTop(label.top());
        m_labelTextRect.moveTop(label.top() + 3);
        return;
    }
    const QRectF a = m_source->sceneBox();
    const QRectF b = m_dest->sceneBox();
    QPointF start;
    QPointF end;
    bool horizontal = true;
    if (b.left() >= a.right()) {
        start = QPointF(a.right(), attachY(a, b.center().y()));
        end = QPointF(b.left(), attachY(b, start.y()));
    } else if (a.left() >= b.right()) {
        start = QPointF(a.left(), attachY(a, b.center().y()));
        end = QPointF(b.right(), attachY(b, start.y()));
    } else {
        horizontal = false;
        const bool down = b.top() >= a.bottom();
        start = QPointF(attachX(a, b.center().x()), down ? a.bottom() : a.top());
        end = QPointF(attachX(b, start.x()), down ? b.top() : b.bottom());
    }
    m_path.moveTo(start);
    if (horizontal) {
        const qreal dx = (end.x() - start.x()) / 2;
        m_path.cubicTo(start + QPointF(dx, 0), end - QPointF(dx, 0), end);
    } else {
        const qreal dy = (end.y() - start.y()) / 2;
        m_path.cubicTo(start + QPointF(0, dy), end - QPointF(0, dy), end);
    }
    const qreal angle = qDegreesToRadians(m_path.angleAtPercent(1.0));
    const QPointF dir(std::cos(angle), -std::sin(angle));
    const QPointF normal(-dir.y(), dir.x());
    m_arrow << end << end - dir * 9 + normal * 4.5 << end - dir * 9 - normal * 4.5;
    // several links into one box (clients into the load balancer) keep their labels apart near their sources
    int siblings = 0;
    for (LinkItem *other : m_dest->links())
        siblings += !other->isBus() && other->m_dest == m_dest && !m_dest->sceneBox().isEmpty();
    layoutLabel(m_path.pointAtPercent(siblings > 1 && m_dest->sceneBox().height() < 120 ? 0.42 : 0.5));
}

QRectF LinkItem::boundingRect() const
{
    QRectF r = m_path.controlPointRect().united(m_labelRect).united(m_arrow.boundingRect());
    if (m_listening)
        r = r.united(listeningTagRect());
    for (const QPainterPath &stub : m_stubs)
        r = r.united(stub.boundingRect());
    return r.adjusted(-8, -8, 8, 8);
}

QPainterPath LinkItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(12);
    QPainterPath all = m_path;
    for (const QPainterPath &stub : m_stubs)
        all.addPath(stub);
    QPainterPath s = stroker.createStroke(all);
    s.addRect(m_labelRect);
    if (m_listening)
        s.addRect(listeningTagRect());
    return s;
}

void LinkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const DiagramStyle::LinkState linkState = state();
    if (isSelected()) {
        QColor halo = DiagramStyle::selection();
        halo.setAlpha(70);
        QPainterPath all = m_path;
        for (const QPainterPath &stub : std::as_const(m_stubs))
            all.addPath(stub);
        painter->strokePath(all, QPen(halo, 11, Qt::SolidLine, Qt::RoundCap));
    }
    painter->setBrush(Qt::NoBrush);
    painter->setPen(linePen(linkState, m_phase));
    painter->drawPath(m_path);
    for (int i = 0; i < m_stubs.size(); ++i) {
        const DiagramStyle::LinkState s = hostState(m_stubHosts.at(i));
        painter->setPen(linePen(s, m_phase));
        painter->drawPath(m_stubs.at(i));
        painter->setPen(Qt::NoPen);
        painter->setBrush(DiagramStyle::color(s));
        painter->drawEllipse(m_stubs.at(i).pointAtPercent(0), 3.5, 3.5);
        painter->setBrush(Qt::NoBrush);
    }
    if (!m_arrow.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(DiagramStyle::color(linkState));
        painter->drawPolygon(m_arrow);
    }

    // the label: the glyph repeats the verdict without colour
    const QColor c = DiagramStyle::color(linkState);
    painter->setPen(QPen(isSelected() ? DiagramStyle::selection() : c, isSelected() ? 2 : 1));
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(m_labelRect, 4, 4);
    const QRectF glyphRect(m_labelRect.left() + 4, m_labelRect.center().y() - glyphSize / 2, glyphSize, glyphSize);
    painter->setPen(Qt::NoPen);
    painter->setBrush(c);
    painter->drawEllipse(glyphRect);
    QFont glyphFont = labelFont();
    glyphFont.setBold(true);
    painter->setFont(glyphFont);
    painter->setPen(Qt::white);
    painter->drawText(glyphRect, Qt::AlignCenter, DiagramStyle::glyph(linkState));
    painter->setFont(labelFont());
    painter->setPen(DiagramStyle::boxText());
    painter->drawText(m_labelTextRect, Qt::TextWordWrap | Qt::AlignLeft, m_label);

    if (m_listening) {
        // dashed like an open door, in the selection's violet: no verdict colour is taken
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(listeningColor(), 1.5, Qt::DashLine));
        painter->drawRoundedRect(m_labelRect.adjusted(-3, -3, 3, 3), 6, 6);
        const QRectF tag = listeningTagRect();
        painter->setPen(Qt::NoPen);
        painter->setBrush(listeningColor());
        painter->drawRoundedRect(tag, 3, 3);
        painter->setFont(tagFont());
        painter->setPen(Qt::white);
        painter->drawText(tag, Qt::AlignCenter, tr("listening"));
    }
}
