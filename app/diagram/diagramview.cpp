#include "diagramview.h"

#include <QWheelEvent>

DiagramView::DiagramView(QWidget *parent)
    : QGraphicsView(parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Network diagram"));
}

DiagramView::~DiagramView() = default;

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
}
