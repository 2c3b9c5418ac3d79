#pragma once

#include <QGraphicsView>

class QFrame;

// The view on the diagram: Ctrl+wheel or +/- zoom, fit to window. While the scene shows no host
// at all (first launch, a new profile) a start panel sits over it: New profile, Open, the sample.
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

    // Hides QGraphicsView::setScene() so the view follows what the scene shows.
    void setScene(QGraphicsScene *scene);
    bool isEmptyStateShown() const;
    // Looks at the scene again (it does so on its own when the scene's layout changes or it paints).
    void updateEmptyState();

Q_SIGNALS:
    void newProfileRequested();
    void openRequested();
    void openSampleRequested();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void zoomBy(qreal factor);
    bool sceneShowsHosts() const;
    void placeEmptyState();

    bool m_fitted = true; // keeps fitting on resize until the user zooms
    QFrame *m_emptyState;
    QMetaObject::Connection m_sceneConnection;
};
