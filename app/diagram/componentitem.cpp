#include "componentitem.h"

#include "diagramstyle.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace {
constexpr qreal badgeHeight = 18;

QFont titleFont()
{
    QFont f;
    f.setPixelSize(12);
    f.setBold(true);
    return f;
}

QFont textFont()
{
    QFont f;
    f.setPixelSize(11);
    return f;
}
} // namespace

ComponentItem::ComponentItem(const QString &componentId, const QString &title, bool vendor, QGraphicsItem *parent)
    : DiagramBox(parent)
    , m_componentId(componentId)
    , m_title(title)
    , m_vendor(vendor)
{
    setFlags(flags() | ItemIsSelectable | ItemIsFocusable);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(2);
}

QRectF ComponentItem::boundingRect() const
{
    // room for the selection outline and the exposure badge hanging below the box
    return boxRect().adjusted(-4, -4, 4, 4 + badgeHeight + 4);
}

void ComponentItem::setHosts(const QStringList &hosts)
{
    m_hosts = hosts;
    update();
}

void ComponentItem::setSize(const QSizeF &size)
{
    prepareGeometryChange();
    m_size = size;
    adjustLinks();
}

void ComponentItem::setExposure(Exposure exposure, const QString &summary)
{
    m_exposure = exposure;
    m_exposureText = summary;
    update();
}

void ComponentItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QRectF box = boxRect();
    const bool exposed = m_exposure == Exposure::Exposed;
    QColor border = m_vendor ? DiagramStyle::vendorBorder() : DiagramStyle::customerBorder();
    if (exposed)
        border = DiagramStyle::color(DiagramStyle::LinkState::Fail);
    painter->setRenderHint(QPainter::Antialiasing);
    if (isSelected() || (option->state & QStyle::State_HasFocus)) {
        painter->setPen(QPen(DiagramStyle::selection(), 2.5, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(-3.5, -3.5, 3.5, 3.5), 9, 9);
    }
    painter->setPen(QPen(border, exposed ? 3 : 1.6));
    painter->setBrush(m_vendor ? DiagramStyle::vendorFill() : DiagramStyle::customerFill());
    painter->drawRoundedRect(box, 6, 6);
    // a coloured band on the left says vendor/customer even in greyscale print
    painter->setPen(Qt::NoPen);
    painter->setBrush(border);
    painter->drawRoundedRect(QRectF(box.left(), box.top(), 6, box.height()), 3, 3);

    painter->setPen(DiagramStyle::boxText());
    const QRectF textRect = box.adjusted(14, 6, -8, -6);
    painter->setFont(titleFont());
    const QFontMetricsF titleMetrics(titleFont());
    QString heading = m_title;
    painter->drawText(QRectF(textRect.left(), textRect.top(), textRect.width(), titleMetrics.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, titleMetrics.elidedText(heading, Qt::ElideRight, textRect.width()));

    painter->setFont(textFont());
    const QFontMetricsF metrics(textFont());
    QStringList lines;
    if (!m_host.isEmpty())
        lines << m_host;
    else if (m_hosts.isEmpty())
        lines << QCoreApplication::translate("ComponentItem", "no host: not checked");
    else {
        const int room = qMax(1, int((textRect.height() - titleMetrics.height()) / metrics.height()));
        for (int i = 0; i < m_hosts.size() && i < room; ++i)
            lines << m_hosts.at(i);
        if (m_hosts.size() > room)
            lines.last() = QCoreApplication::translate("ComponentItem", "%1 +%n more", nullptr, int(m_hosts.size()) - room + 1)
                               .arg(m_hosts.at(room - 1));
    }
    qreal y = textRect.top() + titleMetrics.height() + 2;
    painter->setPen(m_hosts.isEmpty() && m_host.isEmpty() ? QColor(0x6b, 0x72, 0x7a) : DiagramStyle::boxText());
    for (const QString &line : std::as_const(lines)) {
        if (y + metrics.height() > box.bottom() - 2)
            break;
        painter->drawText(QRectF(textRect.left(), y, textRect.width(), metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(line, Qt::ElideMiddle, textRect.width()));
        y += metrics.height();
    }

    if (m_exposure != Exposure::Untested) {
        const DiagramStyle::LinkState s = exposed ? DiagramStyle::LinkState::Fail : DiagramStyle::LinkState::Pass;
        const QString text = DiagramStyle::glyph(s) + QLatin1Char(' ') + m_exposureText;
        const qreal w = qMin(box.width() + 4, metrics.horizontalAdvance(text) + 12);
        const QRectF badge(box.left() + 8, box.bottom() + 3, w, badgeHeight);
        painter->setPen(Qt::NoPen);
        painter->setBrush(DiagramStyle::color(s));
        painter->drawRoundedRect(badge, badgeHeight / 2, badgeHeight / 2);
        painter->setPen(Qt::white);
        painter->drawText(badge.adjusted(6, 0, -6, 0), Qt::AlignCenter, metrics.elidedText(text, Qt::ElideRight, badge.width() - 12));
    }
}
