#include "reportcanvas.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QTextLayout>

namespace {
const QColor ruleColor(0xb0, 0xb7, 0xc0);
const QColor headerFill(0xe3, 0xe8, 0xee);
const QColor stripeFill(0xf6, 0xf8, 0xfa);
const QColor footerColor(0x55, 0x5f, 0x6b);

QString pickFamily(const QStringList &preferred, QFontDatabase::SystemFont fallback)
{
    const QStringList families = QFontDatabase::families();
    for (const QString &f : preferred)
        if (families.contains(f))
            return f;
    return QFontDatabase::systemFont(fallback).family();
}
} // namespace

ReportCanvas::ReportCanvas(QPagedPaintDevice *device, QPainter *painter, int resolution)
    : m_device(device)
    , m_painter(painter)
    , m_resolution(resolution)
{
    const QRect paint = device->pageLayout().paintRectPixels(resolution);
    // The footer lives inside the printable area, below the content.
    m_content = QRectF(0, 0, paint.width(), paint.height() - pt(22));
    m_y = m_content.top();
    // Fonts that embed well in a PDF and carry every glyph we print (arrows, middle dots).
    m_sans = pickFamily({QStringLiteral("DejaVu Sans"), QStringLiteral("Liberation Sans"), QStringLiteral("Arial"),
                         QStringLiteral("Helvetica")},
                        QFontDatabase::GeneralFont);
    m_mono = pickFamily({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono"),
                         QStringLiteral("Consolas"), QStringLiteral("Menlo")},
                        QFontDatabase::FixedFont);
}

void ReportCanvas::setFooter(const QString &left, const QString &right)
{
    m_footerLeft = left;
    m_footerRight = right;
}

QFont ReportCanvas::font(qreal points, bool bold, bool mono) const
{
    QFont f(mono ? m_mono : m_sans);
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
    // No shaping means no ligatures: copied and searched text reads "fi", not U+FB01.
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

namespace {
// QTextLayout breaks lines only at U+2028, not at '\n'.
QString withLineSeparators(QString text)
{
    return text.replace(QLatin1Char('\n'), QChar::LineSeparator);
}
} // namespace

qreal ReportCanvas::textHeight(const QString &text, const QFont &font, qreal width) const
{
    QString key;
    if (m_heights) {
        key = font.key() % QLatin1Char('|') % QString::number(width, 'f', 2) % QLatin1Char('|') % text;
        const auto found = m_heights->constFind(key);
        if (found != m_heights->cend())
            return *found;
    }
    QTextLayout layout(withLineSeparators(text), font, m_device);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    qreal height = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, height));
        height += line.height();
    }
    layout.endLayout();
    if (m_heights)
        m_heights->insert(key, height);
    return height;
}

void ReportCanvas::drawText(const QRectF &rect, const QString &text, const QFont &font, const QColor &color) const
{
    if (!m_painter || text.isEmpty())
        return;
    QTextLayout layout(withLineSeparators(text), font, m_device);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    qreal height = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(rect.width());
        line.setPosition(QPointF(0, height));
        height += line.height();
    }
    layout.endLayout();
    m_painter->save();
    m_painter->setPen(color);
    layout.draw(m_painter, rect.topLeft());
    m_painter->restore();
}

void ReportCanvas::drawFooter()
{
    if (!m_painter)
        return;
    const QFont f = font(7);
    const qreal top = m_content.bottom() + pt(8);
    m_painter->save();
    m_painter->setPen(QPen(ruleColor, pt(0.5)));
    m_painter->drawLine(QPointF(m_content.left(), top - pt(3)), QPointF(m_content.right(), top - pt(3)));
    m_painter->restore();
    const QString pageText =
        m_totalPages > 0 ? tr("Page %1 of %2").arg(m_page).arg(m_totalPages) : tr("Page %1").arg(m_page);
    const qreal pageWidth = pt(80);
    drawText(QRectF(m_content.left(), top, m_content.width() - pageWidth, pt(12)), m_footerLeft, f, footerColor);
    QTextLayout probe(pageText, f, m_device);
    probe.beginLayout();
    QTextLine line = probe.createLine();
    line.setLineWidth(pageWidth);
    probe.endLayout();
    const qreal w = line.naturalTextWidth();
    drawText(QRectF(m_content.right() - w - pt(1), top, w + pt(2), pt(12)), pageText, f, footerColor);
}

void ReportCanvas::newPage()
{
    drawFooter();
    if (m_painter)
        m_device->newPage();
    ++m_page;
    m_y = m_content.top();
}

void ReportCanvas::ensureSpace(qreal height)
{
    if (height > remaining() && m_y > m_content.top())
        newPage();
}

void ReportCanvas::heading(const QString &text, int level)
{
    const qreal size = level == 1 ? 15 : level == 2 ? 11 : 9.5;
    const QFont f = font(size, true);
    const qreal h = textHeight(text, f, m_content.width());
    // Never strand a heading at the bottom of a page.
    ensureSpace(h + pt(level == 1 ? 90 : 50));
    if (level == 1 && m_y > m_content.top())
        m_y += pt(10);
    drawText(QRectF(m_content.left(), m_y, m_content.width(), h), text, f,
             level == 1 ? QColor(0x1f, 0x3a, 0x5f) : Qt::black);
    m_y += h;
    if (level == 1 && m_painter) {
        m_painter->save();
        m_painter->setPen(QPen(QColor(0x1f, 0x3a, 0x5f), pt(1)));
        m_painter->drawLine(QPointF(m_content.left(), m_y + pt(2)), QPointF(m_content.right(), m_y + pt(2)));
        m_painter->restore();
    }
    m_y += pt(level == 1 ? 8 : 4);
}

void ReportCanvas::paragraph(const QString &text, qreal points, const QColor &color, bool bold)
{
    const QFont f = font(points, bold);
    const qreal h = textHeight(text, f, m_content.width());
    ensureSpace(h);
    drawText(QRectF(m_content.left(), m_y, m_content.width(), h), text, f, color);
    m_y += h + pt(points * 0.5);
}

void ReportCanvas::code(const QString &text, qreal points)
{
    const QFont f = font(points, false, true);
    const qreal inset = pt(4);
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString shown = line.isEmpty() ? QStringLiteral(" ") : line;
        const qreal h = textHeight(shown, f, m_content.width() - 2 * inset);
        ensureSpace(h);
        if (m_painter)
            m_painter->fillRect(QRectF(m_content.left(), m_y, m_content.width(), h), stripeFill);
        const bool comment = line.startsWith(QLatin1Char('#'));
        drawText(QRectF(m_content.left() + inset, m_y, m_content.width() - 2 * inset, h), shown, f,
                 comment ? QColor(0x3b, 0x6e, 0x3b) : Qt::black);
        m_y += h;
    }
    m_y += pt(6);
}

qreal ReportCanvas::headerHeight(const QList<Column> &columns, const QList<qreal> &widths, const QFont &font) const
{
    const qreal pad = pt(2.5);
    qreal h = 0;
    for (int i = 0; i < columns.size(); ++i)
        h = qMax(h, textHeight(columns.at(i).title, font, widths.at(i) - 2 * pad));
    return h + 2 * pad;
}

void ReportCanvas::drawHeader(const QList<Column> &columns, const QList<qreal> &widths, const QFont &font, qreal height)
{
    if (m_painter) {
        const qreal pad = pt(2.5);
        m_painter->fillRect(QRectF(m_content.left(), m_y, m_content.width(), height), headerFill);
        qreal x = m_content.left();
        for (int i = 0; i < columns.size(); ++i) {
            drawText(QRectF(x + pad, m_y + pad, widths.at(i) - 2 * pad, height - 2 * pad), columns.at(i).title, font);
            x += widths.at(i);
        }
        m_painter->save();
        m_painter->setPen(QPen(QColor(0x6b, 0x75, 0x80), pt(0.7)));
        m_painter->drawLine(QPointF(m_content.left(), m_y + height), QPointF(m_content.right(), m_y + height));
        m_painter->restore();
    }
    m_y += height;
}

void ReportCanvas::table(const QList<Column> &columns, const QList<Row> &rows, qreal points, qreal keepWithNext)
{
    qreal total = 0;
    for (const Column &c : columns)
        total += c.weight;
    QList<qreal> widths;
    for (const Column &c : columns)
        widths << m_content.width() * c.weight / total;
    const QFont regular = font(points);
    const QFont bold = font(points, true);
    const QFont mono = font(points - 0.5, false, true);
    const qreal pad = pt(2.5);
    // A short single word (a verdict, a check status) never wraps inside itself: widen its column, narrow the
    // widest other one.
    QHash<QString, qreal> needed;
    const QFontMetricsF boldMetrics(bold, m_device);
    const QFontMetricsF regularMetrics(regular, m_device);
    for (const Row &row : rows) {
        for (int i = 0; i < row.size() && i < widths.size(); ++i) {
            const Cell &cell = row.at(i);
            if (cell.mono || cell.text.isEmpty() || cell.text.size() > 10 || cell.text.contains(QLatin1Char(' ')) ||
                cell.text.contains(QLatin1Char('\n')))
                continue;
            const QString key = (cell.bold ? QLatin1Char('b') : QLatin1Char('r')) + cell.text;
            auto found = needed.constFind(key);
            if (found == needed.cend())
                found = needed.insert(key, (cell.bold ? boldMetrics : regularMetrics).horizontalAdvance(cell.text) +
                                               2 * pad + pt(1));
            if (*found <= widths.at(i))
                continue;
            int widest = i == 0 ? 1 : 0;
            for (int j = 0; j < widths.size(); ++j)
                if (j != i && widths.at(j) > widths.at(widest))
                    widest = j;
            if (widest >= widths.size())
                continue;
            widths[widest] -= *found - widths.at(i);
            widths[i] = *found;
        }
    }
    const qreal header = headerHeight(columns, widths, bold);

    auto rowHeight = [&](const Row &row) {
        qreal h = 0;
        for (int i = 0; i < row.size() && i < widths.size(); ++i) {
            const Cell &cell = row.at(i);
            h = qMax(h, textHeight(cell.text, cell.mono ? mono : cell.bold ? bold : regular, widths.at(i) - 2 * pad));
        }
        return h + 2 * pad;
    };

    const qreal first = rows.isEmpty() ? 0 : rowHeight(rows.first());
    ensureSpace(header + first + keepWithNext);
    drawHeader(columns, widths, bold, header);
    for (int r = 0; r < rows.size(); ++r) {
        const Row &row = rows.at(r);
        const qreal h = r == 0 ? first : rowHeight(row);
        if (h > remaining()) {
            newPage();
            drawHeader(columns, widths, bold, header);
        }
        if (m_painter) {
            if (r % 2 == 1)
                m_painter->fillRect(QRectF(m_content.left(), m_y, m_content.width(), h), stripeFill);
            qreal x = m_content.left();
            for (int i = 0; i < row.size() && i < widths.size(); ++i) {
                const Cell &cell = row.at(i);
                if (cell.fill.isValid())
                    m_painter->fillRect(QRectF(x, m_y, widths.at(i), h), cell.fill);
                drawText(QRectF(x + pad, m_y + pad, widths.at(i) - 2 * pad, h - 2 * pad), cell.text,
                         cell.mono   ? mono
                         : cell.bold ? bold
                                     : regular);
                x += widths.at(i);
            }
            m_painter->save();
            m_painter->setPen(QPen(ruleColor, pt(0.3)));
            m_painter->drawLine(QPointF(m_content.left(), m_y + h), QPointF(m_content.right(), m_y + h));
            m_painter->restore();
        }
        m_y += h;
    }
    m_y += pt(8);
}

QRectF ReportCanvas::reserve(qreal height)
{
    ensureSpace(height);
    const QRectF r(m_content.left(), m_y, m_content.width(), qMin(height, remaining()));
    m_y += r.height();
    return r;
}

void ReportCanvas::finish()
{
    drawFooter();
}
