#pragma once

#include "checkstatus.h"
#include "diagramstyle.h"

#include <QGraphicsItem>
#include <QHash>
#include <QPainterPath>

class DiagramBox;
class ClusterItem;

// One link per pair of components that has flows, labelled with its ports. It shows the worst
// verdict of its checks; while checks run it is animated.
class LinkItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    // The verdicts of a link's checks, kept as counts so a result updates it in constant time.
    struct Tally
    {
        int verdicts[4] = {0, 0, 0, 0}; // indexed by Verdict
        int pending = 0;                // runnable, not tested yet
        int running = 0;
        int total() const { return verdicts[0] + verdicts[1] + verdicts[2] + verdicts[3]; }
        DiagramStyle::LinkState state() const;
        QString summary() const;
    };

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

    Tally &tally() { return m_tally; }
    Tally &hostTally(const QString &host) { return m_hostTallies[host]; }
    void resetTallies();
    DiagramStyle::LinkState state() const { return m_tally.state(); }
    // Refreshes colour, tooltip and animation after the tallies changed.
    void refresh();
    QString summaryToolTip() const;
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
    Tally m_tally;
    QHash<QString, Tally> m_hostTallies;
    qreal m_phase = 0;
};
