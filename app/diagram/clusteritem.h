#pragma once

#include "diagrambox.h"

#include <QList>

class ComponentItem;

// The frame around the Control Room nodes. Links to and from "control-room" end on it; the
// nodes are its children, so dragging the frame carries the cluster along.
class ClusterItem final : public DiagramBox
{
public:
    enum { Type = UserType + 3 };

    explicit ClusterItem(const QString &title, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_rect.adjusted(-4, -4, 4, 4); }
    QRectF boxRect() const override { return m_rect; }
    QString componentId() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Stacks the nodes and leaves labelHeight below them for the label of the links between nodes.
    void arrange(const QList<ComponentItem *> &nodes, qreal labelHeight);
    const QList<ComponentItem *> &nodes() const { return m_nodes; }
    // Where the bus between the nodes runs and where its label goes (item coordinates).
    qreal busX() const { return m_busX; }
    QRectF labelRect() const { return m_labelRect; }

    static constexpr qreal nodeWidth = 200;
    static constexpr qreal nodeHeight = 58;
    static constexpr qreal nodeGap = 26;

private:
    QString m_title;
    QList<ComponentItem *> m_nodes;
    QRectF m_rect;
    QRectF m_labelRect;
    qreal m_busX = 0;
};
