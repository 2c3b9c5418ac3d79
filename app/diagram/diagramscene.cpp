#include "diagramscene.h"

#include "clusteritem.h"
#include "component.h"
#include "componentitem.h"
#include "linkitem.h"
#include "linksummarymodel.h"

#include <QFontMetricsF>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QPainter>
#include <QtMath>

namespace {
constexpr qreal boxWidth = 200;
constexpr qreal boxHeight = 62;
constexpr qreal rowGap = 34;
constexpr qreal clientGap = 240;  // clients -> load balancer -> cluster
constexpr qreal serviceGap = 330; // cluster -> services: room for the longest port labels

const QStringList &clientColumn()
{
    static const QStringList ids{ComponentId::webBrowser, ComponentId::botAgent, ComponentId::externalApp,
                                 ComponentId::adminWorkstation};
    return ids;
}

QString family(const QString &protocol)
{
    static const QHash<QString, QString> names{
        {QStringLiteral("ldap"), QStringLiteral("LDAP")},          {QStringLiteral("ldaps"), QStringLiteral("LDAP")},
        {QStringLiteral("kerberos"), QStringLiteral("Kerberos")},  {QStringLiteral("smb"), QStringLiteral("SMB")},
        {QStringLiteral("tds"), QStringLiteral("SQL")},            {QStringLiteral("http"), QStringLiteral("HTTP")},
        {QStringLiteral("https"), QStringLiteral("HTTPS")},        {QStringLiteral("http+websocket"), QStringLiteral("HTTP/WS")},
        {QStringLiteral("https+websocket"), QStringLiteral("HTTPS/WS")}, {QStringLiteral("amqp"), QStringLiteral("AMQP")},
        {QStringLiteral("opensearch"), QStringLiteral("OpenSearch")}, {QStringLiteral("grpc"), QStringLiteral("gRPC")},
        {QStringLiteral("smtp"), QStringLiteral("SMTP")},          {QStringLiteral("ssh"), QStringLiteral("SSH")},
        {QStringLiteral("rdp"), QStringLiteral("RDP")},            {QStringLiteral("tcp"), QStringLiteral("TCP")}};
    return names.value(protocol, protocol.toUpper());
}

// The verdict legend, so a printed diagram explains itself.
class LegendItem final : public QGraphicsItem
{
public:
    enum { Type = QGraphicsItem::UserType + 4 };
    int type() const override { return Type; }
    QRectF boundingRect() const override { return QRectF(0, 0, 720, 30); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(QColor(0xc8, 0xcc, 0xd2), 1));
        painter->setBrush(Qt::white);
        painter->drawRoundedRect(boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
        QFont f;
        f.setPixelSize(11);
        painter->setFont(f);
        qreal x = 12;
        using S = DiagramStyle::LinkState;
        for (S s : {S::Pass, S::Warn, S::Fail, S::Skipped, S::Running}) {
            QPen pen(DiagramStyle::color(s), 2.4, DiagramStyle::penStyle(s), Qt::FlatCap);
            painter->setPen(pen);
            painter->drawLine(QPointF(x, 15), QPointF(x + 34, 15));
            painter->setPen(Qt::NoPen);
            painter->setBrush(DiagramStyle::color(s));
            const QRectF g(x + 9, 7, 16, 16);
            painter->drawEllipse(g);
            painter->setPen(Qt::white);
            painter->drawText(g, Qt::AlignCenter, DiagramStyle::glyph(s));
            painter->setPen(DiagramStyle::boxText());
            const QString text = DiagramStyle::stateText(s);
            painter->drawText(QRectF(x + 40, 0, 200, 30), Qt::AlignLeft | Qt::AlignVCenter, text);
            x += 40 + QFontMetricsF(f).horizontalAdvance(text) + 22;
        }
    }
};
} // namespace

DiagramScene::DiagramScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setBackgroundBrush(Qt::white);
    setItemIndexMethod(QGraphicsScene::NoIndex);
    m_animation.setInterval(60);
    connect(&m_animation, &QTimer::timeout, this, &DiagramScene::animate);
    connect(this, &QGraphicsScene::selectionChanged, this, &DiagramScene::onSelectionChanged);
}

DiagramScene::~DiagramScene()
{
    disconnect(this, &QGraphicsScene::selectionChanged, this, &DiagramScene::onSelectionChanged);
}

void DiagramScene::setDarkBackground(bool dark)
{
    setBackgroundBrush(dark ? QColor(0x26, 0x29, 0x2e) : QColor(Qt::white));
}

void DiagramScene::setCached(bool cached)
{
    m_cached = cached;
    for (QGraphicsItem *item : items())
        item->setCacheMode(cached ? QGraphicsItem::DeviceCoordinateCache : QGraphicsItem::NoCache);
}

void DiagramScene::clearDiagram()
{
    const QSignalBlocker blocker(this);
    clear();
    m_cluster = nullptr;
    m_nodes.clear();
    m_components.clear();
    m_links.clear();
    m_legend = nullptr;
    m_animation.stop();
}

QString DiagramScene::linkLabel(const QList<Flow> &flows, const Profile &profile)
{
    QStringList order;
    QHash<QString, QStringList> ports;
    for (const Flow &flow : flows) {
        const QString name = family(flow.protocol);
        if (!order.contains(name))
            order << name;
        const QString p = profile.portFor(flow.portKey, flow.ports).toString();
        if (!ports[name].contains(p))
            ports[name] << p;
    }
    QStringList parts;
    for (const QString &name : std::as_const(order))
        parts << name + QLatin1Char(' ') + ports.value(name).join(QStringLiteral(" \u00b7 "));
    return parts.join(QStringLiteral(" \u00b7 "));
}

void DiagramScene::setTopology(const TopologyTemplate &topology, const Profile &profile)
{
    clearDiagram();
    m_topology = topology;
    m_profile = profile;

    for (const Component &c : topology.components()) {
        if (c.id == ComponentId::controlRoom) {
            m_cluster = new ClusterItem(tr("Control Room cluster"));
            addItem(m_cluster);
            QStringList hosts = profile.hostsOf(c.id);
            if (hosts.isEmpty())
                hosts << QString();
            for (const QString &host : std::as_const(hosts)) {
                auto *node = new ComponentItem(c.id, c.label, true);
                node->setHost(host);
                node->setToolTip(tr("<b>%1</b><br>%2").arg(c.label.toHtmlEscaped(),
                                                            host.isEmpty() ? tr("no host: not checked") : host.toHtmlEscaped()));
                m_nodes << node;
            }
            continue;
        }
        auto *item = new ComponentItem(c.id, c.label, c.isVendor());
        item->setFlag(QGraphicsItem::ItemIsMovable);
        item->setHosts(c.id == ComponentId::localhost ? QStringList{tr("on each node, 127.0.0.1")} : profile.hostsOf(c.id));
        const QStringList hosts = profile.hostsOf(c.id);
        item->setToolTip(tr("<b>%1</b><br>%2").arg(c.label.toHtmlEscaped(),
                                                    hosts.isEmpty() ? tr("no host: its flows are not checked")
                                                                    : hosts.join(QLatin1String("<br>")).toHtmlEscaped()));
        addItem(item);
        m_components.insert(c.id, item);
    }

    // one link per ordered pair of components with flows (exposure checks mark the nodes instead)
    QStringList pairOrder;
    QHash<QString, QList<Flow>> pairs;
    for (const Flow &flow : topology.flows()) {
        if (flow.isExposureCheck())
            continue;
        const QString id = flow.from + QLatin1Char('>') + flow.to;
        if (!pairs.contains(id))
            pairOrder << id;
        pairs[id] << flow;
    }
    auto boxOf = [this](const QString &componentId) -> DiagramBox * {
        if (componentId == ComponentId::controlRoom)
            return m_cluster;
        return m_components.value(componentId);
    };
    for (const QString &id : std::as_const(pairOrder)) {
        const QList<Flow> &flows = pairs.value(id);
        const QString label = linkLabel(flows, profile);
        LinkItem *link = nullptr;
        if (flows.constFirst().from == flows.constFirst().to) {
            if (!m_cluster)
                continue;
            link = new LinkItem(id, m_cluster, tr("Between nodes: %1").arg(label));
        } else {
            DiagramBox *a = boxOf(flows.constFirst().from);
            DiagramBox *b = boxOf(flows.constFirst().to);
            if (!a || !b)
                continue;
            link = new LinkItem(id, a, b, label);
        }
        link->setListening(m_listening.contains(id));
        addItem(link);
        m_links.insert(id, link);
    }
    m_legend = new LegendItem;
    addItem(m_legend);
    layout();
    refreshAll();
    setCached(m_cached);
}

void DiagramScene::layout()
{
    // Columns: clients | load balancer | Control Room cluster | services
    QList<ComponentItem *> clients;
    QList<ComponentItem *> services;
    ComponentItem *balancer = m_components.value(ComponentId::loadBalancer);
    ComponentItem *localhost = m_components.value(ComponentId::localhost);
    for (const Component &c : m_topology.components()) {
        ComponentItem *item = m_components.value(c.id);
        if (!item || item == balancer || item == localhost)
            continue;
        (clientColumn().contains(c.id) ? clients : services) << item;
    }

    const qreal busLabelWidth = ClusterItem::nodeWidth + 22;
    qreal busLabelHeight = 0;
    if (LinkItem *bus = m_links.value(ComponentId::controlRoom + QLatin1Char('>') + ComponentId::controlRoom)) {
        QFont f;
        f.setPixelSize(11);
        busLabelHeight = QFontMetricsF(f).boundingRect(QRectF(0, 0, busLabelWidth - 30, 1000), Qt::TextWordWrap, bus->label()).height() + 8;
    }
    const qreal clusterX = 2 * (boxWidth + clientGap);
    qreal centerY = 0;
    qreal clusterRight = clusterX + boxWidth;
    qreal clusterBottom = 0;
    if (m_cluster) {
        m_cluster->arrange(m_nodes, busLabelHeight);
        m_cluster->setPos(clusterX, 0);
        const QRectF r = m_cluster->sceneBox();
        centerY = r.center().y();
        clusterRight = r.right();
        clusterBottom = r.bottom();
    }

    auto stack = [&](const QList<ComponentItem *> &items, qreal x, qreal center, qreal span) {
        if (items.isEmpty())
            return;
        const qreal n = items.size();
        const qreal natural = n * boxHeight + (n - 1) * rowGap;
        const qreal gap = n > 1 ? qMax(rowGap, (qMax(natural, span) - n * boxHeight) / (n - 1)) : 0;
        qreal y = center - (n * boxHeight + (n - 1) * gap) / 2;
        for (ComponentItem *item : items) {
            item->setSize(QSizeF(boxWidth, boxHeight));
            item->setPos(x, y);
            y += boxHeight + gap;
        }
    };
    const qreal clusterSpan = m_cluster ? m_cluster->sceneBox().height() - 40 : 0;
    stack(services, clusterRight + serviceGap, centerY, clusterSpan);

    // the clients that go through the load balancer sit level with it; direct ones (admin) below
    QList<ComponentItem *> viaBalancer;
    QList<ComponentItem *> direct;
    for (ComponentItem *item : std::as_const(clients)) {
        const bool toBalancer = balancer && m_links.contains(item->componentId() + QLatin1Char('>') + ComponentId::loadBalancer);
        (toBalancer ? viaBalancer : direct) << item;
    }
    stack(viaBalancer, 0, centerY, 0);
    if (balancer) {
        balancer->setSize(QSizeF(boxWidth, boxHeight));
        balancer->setPos(boxWidth + clientGap, centerY - boxHeight / 2);
    }
    qreal bottom = qMax(clusterBottom, centerY + boxHeight / 2);
    for (ComponentItem *item : std::as_const(clients))
        bottom = qMax(bottom, item->sceneBox().bottom());
    for (ComponentItem *item : std::as_const(services))
        bottom = qMax(bottom, item->sceneBox().bottom());
    qreal directY = qMax(bottom, centerY + boxHeight) + 50;
    for (ComponentItem *item : std::as_const(direct)) {
        item->setSize(QSizeF(boxWidth, boxHeight));
        item->setPos(0, directY);
        directY += boxHeight + rowGap;
    }
    if (localhost) {
        localhost->setSize(QSizeF(ClusterItem::nodeWidth + 50, boxHeight));
        const qreal x = m_cluster ? m_cluster->sceneBox().center().x() - localhost->boxRect().width() / 2 : clusterX;
        localhost->setPos(x, clusterBottom + 90);
    }

    for (LinkItem *link : std::as_const(m_links))
        link->setLabelWidth(link->source()->sceneBox().left() < clusterX && link->dest()->sceneBox().left() < clusterX
                                ? clientGap - 14
                                : serviceGap - 36);
    QRectF all;
    for (QGraphicsItem *item : items()) {
        if (item != m_legend && !item->parentItem())
            all = all.united(item->sceneBoundingRect());
    }
    m_legend->setPos(all.left(), all.bottom() + 24);
    setSceneRect(itemsBoundingRect().adjusted(-24, -24, 24, 24));
}

void DiagramScene::setLinkModel(LinkSummaryModel *model)
{
    for (const QMetaObject::Connection &c : std::as_const(m_modelConnections))
        disconnect(c);
    m_modelConnections.clear();
    m_linkModel = model;
    if (model) {
        m_modelConnections << connect(model, &LinkSummaryModel::linkChanged, this,
                                      qOverload<const QString &>(&DiagramScene::refreshLink))
                           << connect(model, &LinkSummaryModel::exposureChanged, this,
                                      qOverload<const QString &>(&DiagramScene::refreshExposure))
                           << connect(model, &QAbstractItemModel::modelReset, this, &DiagramScene::refreshAll)
                           << connect(model, &QObject::destroyed, this, &DiagramScene::refreshAll);
    }
    refreshAll();
}

ComponentItem *DiagramScene::nodeFor(const QString &host) const
{
    for (ComponentItem *node : m_nodes) {
        if (node->host().compare(host, Qt::CaseInsensitive) == 0)
            return node;
    }
    return m_nodes.isEmpty() ? nullptr : m_nodes.constFirst();
}

void DiagramScene::setListeningLinks(const QSet<QString> &linkIds)
{
    m_listening = linkIds;
    for (LinkItem *link : std::as_const(m_links))
        link->setListening(linkIds.contains(link->linkId()));
}

void DiagramScene::refreshAll()
{
    for (LinkItem *link : std::as_const(m_links))
        refreshLink(link);
    for (ComponentItem *node : std::as_const(m_nodes))
        refreshExposure(node);
    updateAnimation();
}

void DiagramScene::refreshLink(const QString &linkId)
{
    if (LinkItem *link = m_links.value(linkId))
        refreshLink(link);
    updateAnimation();
}

void DiagramScene::refreshLink(LinkItem *link)
{
    const LinkSummaryModel::Tally t = m_linkModel ? m_linkModel->link(link->linkId()) : LinkSummaryModel::Tally();
    const QString summary = t.total() == 0 ? tr("No checks yet")
                                           : tr("%n check(s): %1", nullptr, t.total()).arg(t.summary());
    link->setState(t.state(), summary);
    if (!link->isBus())
        return;
    QHash<QString, DiagramStyle::LinkState> states;
    if (m_linkModel) {
        for (ComponentItem *node : std::as_const(m_nodes)) {
            const LinkSummaryModel::Tally h = m_linkModel->hostTally(link->linkId(), node->host());
            if (h.total() > 0)
                states.insert(node->host(), h.state());
        }
    }
    link->setHostStates(states);
}

void DiagramScene::refreshExposure(const QString &host)
{
    if (ComponentItem *node = nodeFor(host))
        refreshExposure(node);
}

void DiagramScene::refreshExposure(ComponentItem *node)
{
    LinkSummaryModel::ExposureTally t;
    if (m_linkModel) {
        t = m_linkModel->exposure(node->host());
        // findings on a host the profile does not list land on the first node, so none is lost
        if (node == m_nodes.constFirst()) {
            const QStringList hosts = m_linkModel->exposureHosts();
            for (const QString &host : hosts) {
                // nodeFor() falls back to the first node for a host no node has
                if (host.compare(node->host(), Qt::CaseInsensitive) == 0 || nodeFor(host) != node)
                    continue;
                const LinkSummaryModel::ExposureTally other = m_linkModel->exposure(host);
                t.pass += other.pass;
                t.fail += other.fail;
                for (auto it = other.failingPorts.cbegin(); it != other.failingPorts.cend(); ++it)
                    t.failingPorts[it.key()] += it.value();
            }
        }
    }
    if (t.fail > 0) {
        QStringList ports;
        for (auto it = t.failingPorts.cbegin(); it != t.failingPorts.cend() && ports.size() < 4; ++it)
            ports << QString::number(it.key());
        const int more = int(t.failingPorts.size() - ports.size());
        const QString list = ports.join(QLatin1String(", "));
        node->setExposure(ComponentItem::Exposure::Exposed,
                          more > 0 ? tr("exposed: %1 +%n more", nullptr, more).arg(list) : tr("exposed: %1").arg(list));
    } else if (t.pass > 0) {
        node->setExposure(ComponentItem::Exposure::Closed, tr("closed to outside (%n port(s))", nullptr, t.pass));
    } else {
        node->setExposure(ComponentItem::Exposure::Untested, {});
    }
}

void DiagramScene::updateAnimation()
{
    const bool running = m_linkModel && m_linkModel->runningCount() > 0;
    if (running && !m_animation.isActive())
        m_animation.start();
    else if (!running && m_animation.isActive())
        m_animation.stop();
}

DiagramStyle::LinkState DiagramScene::linkState(const QString &linkId) const
{
    LinkItem *link = m_links.value(linkId);
    return link ? link->state() : DiagramStyle::LinkState::Skipped;
}

void DiagramScene::animate()
{
    m_phase += 1.5;
    if (m_phase > 700)
        m_phase = 0;
    for (LinkItem *link : std::as_const(m_links))
        link->setPhase(m_phase);
}

void DiagramScene::selectLink(const QString &linkId)
{
    LinkItem *link = m_links.value(linkId);
    if (!link)
        return;
    clearSelection();
    link->setSelected(true);
}

void DiagramScene::selectComponent(const QString &componentId, const QString &host)
{
    QGraphicsItem *target = m_components.value(componentId);
    if (componentId == ComponentId::controlRoom && !m_nodes.isEmpty()) {
        target = m_nodes.constFirst();
        for (ComponentItem *node : std::as_const(m_nodes)) {
            if (!host.isEmpty() && node->host() == host)
                target = node;
        }
    }
    if (!target)
        return;
    clearSelection();
    target->setSelected(true);
    setFocusItem(target);
}

void DiagramScene::onSelectionChanged()
{
    const QList<QGraphicsItem *> selected = selectedItems();
    if (selected.size() != 1)
        return;
    QGraphicsItem *item = selected.constFirst();
    if (item->type() == LinkItem::Type) {
        Q_EMIT linkClicked(static_cast<LinkItem *>(item)->linkId());
    } else if (item->type() == ComponentItem::Type) {
        auto *box = static_cast<ComponentItem *>(item);
        Q_EMIT componentClicked(box->componentId());
        if (!box->host().isEmpty() || m_nodes.contains(box))
            Q_EMIT hostClicked(box->componentId(), box->host());
    } else if (item->type() == ClusterItem::Type) {
        Q_EMIT componentClicked(ComponentId::controlRoom);
    }
}

// The arrow keys walk the diagram as it is drawn: from a box to the link that leaves it in that
// direction, from a link on to the box at its end, so a link can be chosen without a mouse.
void DiagramScene::moveSelection(int dx, int dy)
{
    QList<QGraphicsItem *> targets;
    for (ComponentItem *item : std::as_const(m_nodes))
        targets << item;
    for (ComponentItem *item : std::as_const(m_components))
        targets << item;
    for (LinkItem *link : std::as_const(m_links))
        targets << link;
    if (targets.isEmpty())
        return;
    const auto attachedTo = [this](const LinkItem *link, const QGraphicsItem *box) {
        if (link->source() == box || link->dest() == box)
            return true;
        // the bus is labelled under the last node; other links run from the cluster, so from any node
        if (link->isBus())
            return !m_nodes.isEmpty() && m_nodes.constLast() == box;
        bool node = false;
        for (const ComponentItem *n : m_nodes)
            node = node || n == box;
        return node && (link->source() == m_cluster || link->dest() == m_cluster);
    };
    const auto where = [](const QGraphicsItem *item) {
        if (item->type() == LinkItem::Type)
            return static_cast<const LinkItem *>(item)->midPoint();
        if (item->type() == ComponentItem::Type)
            return static_cast<const ComponentItem *>(item)->sceneBox().center();
        return item->sceneBoundingRect().center();
    };
    // the selection is where the user is: a selected link is never the focus item
    QGraphicsItem *current = selectedItems().size() == 1 ? selectedItems().constFirst() : focusItem();
    if (!current || !targets.contains(current)) {
        selectComponent(ComponentId::controlRoom);
        return;
    }
    const QPointF from = where(current);
    QGraphicsItem *best = nullptr;
    qreal bestScore = 0;
    for (QGraphicsItem *candidate : std::as_const(targets)) {
        if (candidate == current)
            continue;
        const QPointF d = where(candidate) - from;
        const qreal along = d.x() * dx + d.y() * dy;
        if (along <= 1)
            continue;
        const qreal across = qAbs(d.x() * dy) + qAbs(d.y() * dx);
        qreal score = along + 2 * across;
        // from a box, its own links come first; from a link, the boxes at its ends
        const bool attached = current->type() == LinkItem::Type
            ? candidate->type() == ComponentItem::Type && attachedTo(static_cast<LinkItem *>(current), candidate)
            : candidate->type() == LinkItem::Type && attachedTo(static_cast<LinkItem *>(candidate), current);
        if (attached)
            score /= 3;
        if (!best || score < bestScore) {
            best = candidate;
            bestScore = score;
        }
    }
    if (!best)
        return;
    clearSelection();
    best->setSelected(true);
    setFocusItem(best->type() == LinkItem::Type ? nullptr : best);
    for (QGraphicsView *view : views())
        view->ensureVisible(best->type() == LinkItem::Type ? static_cast<LinkItem *>(best)->labelSceneRect() : best->sceneBoundingRect());
}

void DiagramScene::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        moveSelection(-1, 0);
        return;
    case Qt::Key_Right:
        moveSelection(1, 0);
        return;
    case Qt::Key_Up:
        moveSelection(0, -1);
        return;
    case Qt::Key_Down:
        moveSelection(0, 1);
        return;
    default:
        break;
    }
    QGraphicsScene::keyPressEvent(event);
}
