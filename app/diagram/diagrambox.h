#pragma once

#include <QGraphicsItem>
#include <QList>

class LinkItem;

// Something a link can end on: a component box or the Control Room cluster frame.
// Links follow it through itemChange(ItemPositionHasChanged), as in Qt's elasticnodes example.
class DiagramBox : public QGraphicsItem
{
public:
    explicit DiagramBox(QGraphicsItem *parent = nullptr);

    void addLink(LinkItem *link) { m_links << link; }
    const QList<LinkItem *> &links() const { return m_links; }
    // The box body in scene coordinates (badges and labels outside it excluded).
    QRectF sceneBox() const { return mapRectToScene(boxRect()); }
    virtual QRectF boxRect() const = 0;
    virtual QString componentId() const = 0;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void adjustLinks();

private:
    QList<LinkItem *> m_links;
};
