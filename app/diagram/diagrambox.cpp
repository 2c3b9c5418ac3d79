#include "diagrambox.h"

#include "linkitem.h"

DiagramBox::DiagramBox(QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setFlag(ItemSendsGeometryChanges);
}

QVariant DiagramBox::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        adjustLinks();
    return QGraphicsItem::itemChange(change, value);
}

void DiagramBox::adjustLinks()
{
    for (LinkItem *link : std::as_const(m_links))
        link->adjust();
}
