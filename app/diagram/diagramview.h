#pragma once

#include <QGraphicsView>

// The view on the diagram: Ctrl+wheel or +/- zoom, fit to window.
class DiagramView final : public QGraphicsView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagramView)

public:
    explicit DiagramView(QWidget *parent = nullptr);
    ~DiagramView() override;

    void zoomIn() { zoomBy(1.25); }
    void zoomOut() { zoomBy(0.8); }
    void resetZoom();
    void fitToWindow();
    qreal zoom() const { return transform().m11(); }

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void zoomBy(qreal factor);
    bool m_fitted = true; // keeps fitting on resize until the user zooms
};
