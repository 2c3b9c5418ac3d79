#pragma once

#include "checkstatus.h"
#include "diagramstyle.h"

#include <QCoreApplication>
#include <QGraphicsItem>
#include <QHash>
#include <QPainterPath>

class DiagramBox;
class ClusterItem;

// One link per pair of components that has flows, labelled with its ports. It draws the state
// the scene tells it (the worst verdict of its checks, from the link model); while checks run it
// is animated. The bus inside the cluster has one stub per node, each in its host's state.
class LinkItem final : public QGraphicsItem
{
    Q_DECLARE_TR_FUNCTIONS(LinkItem)

public:
    enum { Type = UserType + 2 };

    LinkItem(const QString &linkId, DiagramBox *source, DiagramBox *dest, const QString &label);
    // The links between Control Room nodes: a bus along the nodes inside the cluster frame.
    LinkItem(const QString &linkId, ClusterItem *cluster, const QString &label);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString linkId() const { return m_linkId; }
    QString label() const { return m_label; }
    DiagramBox *source() const { return m_source; }
    DiagramBox *dest() const { return m_dest; }
    bool isBus() const { return m_cluster != nullptr; }
    void setLabelWidth(qreal width);
    QRectF labelSceneRect() const { return m_labelRect; }
    QPointF midPoint() const;

    // summary: "12 checks: 11 pass · 1 fail", for the tooltip; then a line per port range.
    void setState(DiagramStyle::LinkState state, const QString &summary);
    DiagramStyle::LinkState state() const { return m_state; }
    QString summary() const { return m_summary; }
    // The state of each stub of the bus, by node host; a host not listed is drawn skipped.
    void setHostStates(const QHash<QString, DiagramStyle::LinkState> &states);
    DiagramStyle::LinkState hostState(const QString &host) const;
    QString summaryToolTip() const;
    // This machine's listener holds the link's ports open (`--listen` in the window): a dashed
    // outline and a "listening" tag on the label, and a line in the tooltip.
    void setListening(bool listening);
    bool isListening() const { return m_listening; }
    QRectF listeningTagRect() const;
    void setPhase(qreal phase);
    void adjust();

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void layoutLabel(const QPointF &anchor);

    QString m_linkId;
    DiagramBox *m_source = nullptr;
    DiagramBox *m_dest = nullptr;
    ClusterItem *m_cluster = nullptr;
    QString m_label;
    qreal m_labelWidth = 220;
    QPainterPath m_path;
    QList<QPainterPath> m_stubs;
    QList<QString> m_stubHosts;
    QRectF m_labelRect;
    QRectF m_labelTextRect;
    QPolygonF m_arrow;
    DiagramStyle::LinkState m_state = DiagramStyle::LinkState::Idle;
    QString m_summary;
    QHash<QString, DiagramStyle::LinkState> m_hostStates;
    qreal m_phase = 0;
    bool m_listening = false;
};
