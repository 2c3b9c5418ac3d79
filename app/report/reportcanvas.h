#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QHash>
#include <QList>
#include <QRectF>
#include <QString>

class QPagedPaintDevice;
class QPainter;

// Flowing layout on paged paper: headings, wrapped paragraphs and tables whose header repeats on
// every page, with a footer of page numbers. Run once without a painter to count the pages, then
// again with one to paint them ("Page 3 of 12" needs the total before the first footer).
class ReportCanvas
{
    Q_DECLARE_TR_FUNCTIONS(ReportCanvas)

public:
    struct Column
    {
        QString title;
        qreal weight = 1;
    };
    struct Cell
    {
        Cell(const QString &text = {}, const QColor &fill = {}, bool bold = false, bool mono = false)
            : text(text)
            , fill(fill)
            , bold(bold)
            , mono(mono)
        {}
        QString text;
        QColor fill; // invalid: the row's own background
        bool bold = false;
        bool mono = false;
    };
    using Row = QList<Cell>;

    // painter == nullptr: measure only. device supplies the metrics in both passes.
    ReportCanvas(QPagedPaintDevice *device, QPainter *painter, int resolution);

    bool measuring() const { return m_painter == nullptr; }
    QPainter *painter() const { return m_painter; }
    qreal pt(qreal points) const { return points * m_resolution / 72.0; }
    QRectF contentRect() const { return m_content; }
    qreal y() const { return m_y; }
    qreal remaining() const { return m_content.bottom() - m_y; }
    int page() const { return m_page; }

    void setFooter(const QString &left, const QString &right);
    void setTotalPages(int total) { m_totalPages = total; }
    // Text heights measured in one pass serve the next (same device, fonts and widths).
    void setHeightCache(QHash<QString, qreal> *cache) { m_heights = cache; }
    QFont font(qreal points, bool bold = false, bool mono = false) const;

    void newPage();
    void ensureSpace(qreal height);
    void space(qreal points) { m_y += pt(points); }
    void heading(const QString &text, int level = 1);
    void paragraph(const QString &text, qreal points = 9, const QColor &color = Qt::black, bool bold = false);
    // A preformatted block (rule snippets): monospace, wrapped, split across pages line by line.
    void code(const QString &text, qreal points = 7);
    void table(const QList<Column> &columns, const QList<Row> &rows, qreal points = 7.5, qreal keepWithNext = 0);
    // Space for a picture of the given height (in device units), on a new page when it does not fit.
    QRectF reserve(qreal height);
    void finish();

    qreal textHeight(const QString &text, const QFont &font, qreal width) const;
    void drawText(const QRectF &rect, const QString &text, const QFont &font, const QColor &color = Qt::black) const;

private:
    void drawFooter();
    qreal headerHeight(const QList<Column> &columns, const QList<qreal> &widths, const QFont &font) const;
    void drawHeader(const QList<Column> &columns, const QList<qreal> &widths, const QFont &font, qreal height);

    QPagedPaintDevice *m_device;
    QPainter *m_painter;
    int m_resolution;
    QRectF m_content;
    qreal m_y = 0;
    int m_page = 1;
    int m_totalPages = 0;
    QString m_footerLeft;
    QString m_footerRight;
    QHash<QString, qreal> *m_heights = nullptr;
    QString m_sans;
    QString m_mono;
};
