#include "clusteritem.h"

#include "component.h"
#include "componentitem.h"
#include "diagramstyle.h"

#include <QPainter>

namespace {
constexpr qreal titleHeight = 30;
constexpr qreal padding = 16;
constexpr qreal busMargin = 22;
} // namespace

ClusterItem::ClusterItem(const QString &title, QGraphicsItem *parent)
    : DiagramBox(parent)
    , m_title(title)
{
    setFlags(flags() | ItemIsMovable);
    setZValue(0);
}

QString ClusterItem::componentId() const
{
    return ComponentId::controlRoom;
}

void ClusterItem::arrange(const QList<ComponentItem *> &nodes, qreal labelHeight)
{
    prepareGeometryChange();
    m_nodes = nodes;
    qreal y = titleHeight;
    const qreal x = padding + busMargin;
    for (ComponentItem *node : nodes) {
        node->setParentItem(this);
        node->setSize(QSizeF(nodeWidth, nodeHeight));
        node->setPos(x, y);
        y += nodeHeight + nodeGap;
    }
    y -= nodeGap;
    m_busX = padding + busMargin / 2 - 2;
    m_labelRect = QRectF(padding, y + 8, busMargin + nodeWidth, labelHeight);
    m_rect = QRectF(0, 0, nodeWidth + busMargin + 2 * padding, y + 8 + labelHeight + padding);
    adjustLinks();
}

void ClusterItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(QColor(0xff, 0xf6, 0xec));
    painter->setPen(QPen(DiagramStyle::vendorBorder(), 1.4, Qt::DashLine));
    painter->drawRoundedRect(m_rect, 10, 10);
    QFont f;
    f.setPixelSize(12);
    f.setBold(true);
    painter->setFont(f);
    painter->setPen(DiagramStyle::vendorBorder().darker(130));
    painter->drawText(m_rect.adjusted(padding, 6, -padding, 0), Qt::AlignLeft | Qt::AlignTop, m_title);
}
