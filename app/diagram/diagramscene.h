#pragma once

#include "diagramstyle.h"
#include "profile.h"
#include "topologytemplate.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

class ClusterItem;
class ComponentItem;
class LinkItem;
class LinkSummaryModel;

// The Automation 360 data-center diagram: clients and the load balancer on the left, the
// Control Room cluster (one orange box per node) in the middle, the customer's services on
// the right. Laid out from the template, so the cloud templates and large clusters fit too.
// It renders off-screen as well (the report paints it onto white paper).
class DiagramScene final : public QGraphicsScene
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagramScene)

public:
    explicit DiagramScene(QObject *parent = nullptr);
    ~DiagramScene() override;

    void setTopology(const TopologyTemplate &topology, const Profile &profile);
    // The scene draws what the model says: every link takes the worst verdict of its checks, the
    // exposure findings mark the Control Room nodes. The model is not owned.
    void setLinkModel(LinkSummaryModel *model);
    LinkSummaryModel *linkModel() const { return m_linkModel; }

    // "LDAP 389 · 636 · 3268 · 3269 · Kerberos 88"
    static QString linkLabel(const QList<Flow> &flows, const Profile &profile);

    QStringList linkIds() const { return m_links.keys(); }
    LinkItem *link(const QString &linkId) const { return m_links.value(linkId); }
    ComponentItem *component(const QString &componentId) const { return m_components.value(componentId); }
    const QList<ComponentItem *> &nodes() const { return m_nodes; }
    ClusterItem *cluster() const { return m_cluster; }
    DiagramStyle::LinkState linkState(const QString &linkId) const;

    // The links whose ports this machine's listener holds open; kept across setTopology().
    void setListeningLinks(const QSet<QString> &linkIds);
    QSet<QString> listeningLinks() const { return m_listening; }

    void selectLink(const QString &linkId);
    void selectComponent(const QString &componentId, const QString &host = QString());
    // Caches each item as a pixmap: for the window only. Off by default, so render() onto a PDF or
    // an SVG paints real text and vectors.
    void setCached(bool cached);
    bool isCached() const { return m_cached; }
    // A dark canvas for the window in dark mode; the default is white paper.
    void setDarkBackground(bool dark);

Q_SIGNALS:
    void componentClicked(const QString &componentId);
    // A Control Room node was clicked: its component and its host.
    void hostClicked(const QString &componentId, const QString &host);
    void linkClicked(const QString &linkId);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void clearDiagram();
    void layout();
    ComponentItem *nodeFor(const QString &host) const;
    void refreshAll();
    void refreshLink(const QString &linkId);
    void refreshLink(LinkItem *link);
    void refreshExposure(const QString &host);
    void refreshExposure(ComponentItem *node);
    void updateAnimation();
    void onSelectionChanged();
    void animate();
    void moveSelection(int dx, int dy);

    TopologyTemplate m_topology;
    Profile m_profile;
    ClusterItem *m_cluster = nullptr;
    QList<ComponentItem *> m_nodes;
    QHash<QString, ComponentItem *> m_components; // every box except the Control Room nodes
    QHash<QString, LinkItem *> m_links;
    QGraphicsItem *m_legend = nullptr;
    QPointer<LinkSummaryModel> m_linkModel;
    QList<QMetaObject::Connection> m_modelConnections;
    bool m_cached = false;
    QSet<QString> m_listening;
    qreal m_phase = 0;
    QTimer m_animation;
};
