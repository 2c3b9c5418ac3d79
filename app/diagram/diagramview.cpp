#include "diagramview.h"

#include "component.h"
#include "componentitem.h"

#include <QFrame>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>

DiagramView::DiagramView(QWidget *parent)
    : QGraphicsView(parent)
    , m_emptyState(new QFrame(this))
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Network diagram"));

    // a child of the view, not of the viewport: scrolling the diagram does not move it
    m_emptyState->setObjectName(QStringLiteral("emptyState"));
    m_emptyState->setFrameShape(QFrame::StyledPanel);
    m_emptyState->setAutoFillBackground(true);
    auto *title = new QLabel(tr("<b>No hosts yet</b>"), m_emptyState);
    auto *text = new QLabel(tr("List the hosts of each component in the Profile form, or start from a profile file."),
                            m_emptyState);
    text->setWordWrap(true);
    auto *newProfile = new QPushButton(tr("&New profile"), m_emptyState);
    newProfile->setObjectName(QStringLiteral("newProfileButton"));
    auto *open = new QPushButton(tr("&Open a profile\u2026"), m_emptyState);
    open->setObjectName(QStringLiteral("openButton"));
    auto *sample = new QPushButton(tr("Open the &sample"), m_emptyState);
    sample->setObjectName(QStringLiteral("openSampleButton"));
    auto *layout = new QVBoxLayout(m_emptyState);
    layout->setContentsMargins(18, 14, 18, 14);
    layout->addWidget(title);
    layout->addWidget(text);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newProfile);
    buttons->addWidget(open);
    buttons->addWidget(sample);
    layout->addLayout(buttons);
    m_emptyState->hide();
    connect(newProfile, &QPushButton::clicked, this, &DiagramView::newProfileRequested);
    connect(open, &QPushButton::clicked, this, &DiagramView::openRequested);
    connect(sample, &QPushButton::clicked, this, &DiagramView::openSampleRequested);
}

DiagramView::~DiagramView() = default;

void DiagramView::setScene(QGraphicsScene *scene)
{
    disconnect(m_sceneConnection);
    QGraphicsView::setScene(scene);
    // DiagramScene::setTopology() ends with a new scene rect; paints catch the other changes
    if (scene)
        m_sceneConnection = connect(scene, &QGraphicsScene::sceneRectChanged, this, &DiagramView::updateEmptyState);
    updateEmptyState();
}

bool DiagramView::sceneShowsHosts() const
{
    if (!scene())
        return false;
    const QList<QGraphicsItem *> items = scene()->items();
    return std::any_of(items.cbegin(), items.cend(), [](const QGraphicsItem *item) {
        const auto *box = qgraphicsitem_cast<const ComponentItem *>(item);
        // the localhost box always lists its loopback address; it is no host of the profile
        return box && box->componentId() != ComponentId::localhost && (!box->host().isEmpty() || !box->hosts().isEmpty());
    });
}

bool DiagramView::isEmptyStateShown() const
{
    return !m_emptyState->isHidden();
}

void DiagramView::updateEmptyState()
{
    const bool empty = !sceneShowsHosts();
    if (empty == isEmptyStateShown())
        return;
    m_emptyState->setVisible(empty);
    if (empty) {
        placeEmptyState();
        m_emptyState->raise();
    }
}

void DiagramView::placeEmptyState()
{
    const QRect area = rect();
    const int width = qMin(area.width() - 24, qMax(360, m_emptyState->sizeHint().width()));
    const int height = m_emptyState->heightForWidth(width) > 0 ? m_emptyState->heightForWidth(width)
                                                                : m_emptyState->sizeHint().height();
    // near the top, so the diagram's boxes stay visible below it
    m_emptyState->setGeometry(area.center().x() - width / 2, area.top() + 16, width, height);
}

void DiagramView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    updateEmptyState();
}

void DiagramView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QGraphicsView::drawForeground(painter, rect);
    // not while painting: look once the paint is over
    if (sceneShowsHosts() == isEmptyStateShown())
        QMetaObject::invokeMethod(this, &DiagramView::updateEmptyState, Qt::QueuedConnection);
}

void DiagramView::zoomBy(qreal factor)
{
    const qreal next = qBound(0.1, zoom() * factor, 6.0);
    m_fitted = false;
    scale(next / zoom(), next / zoom());
}

void DiagramView::resetZoom()
{
    m_fitted = false;
    resetTransform();
}

void DiagramView::fitToWindow()
{
    if (!scene())
        return;
    m_fitted = true;
    fitInView(scene()->sceneRect(), Qt::KeepAspectRatio);
    if (zoom() > 1.4)
        scale(1.4 / zoom(), 1.4 / zoom());
}

void DiagramView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void DiagramView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitted)
        fitToWindow();
    if (isEmptyStateShown())
        placeEmptyState();
}
