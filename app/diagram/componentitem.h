#pragma once

#include "diagrambox.h"

#include <QStringList>

// A component box: blue for customer components, orange for the vendor's (Control Room
// nodes and their localhost services). A Control Room node also shows its exposure findings.
class ComponentItem final : public DiagramBox
{
public:
    enum { Type = UserType + 1 };
    enum class Exposure { Untested, Closed, Exposed };

    ComponentItem(const QString &componentId, const QString &title, bool vendor, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QRectF boxRect() const override { return QRectF(0, 0, m_size.width(), m_size.height()); }
    QString componentId() const override { return m_componentId; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString title() const { return m_title; }
    // A Control Room node stands for one host; other boxes list all of theirs.
    QString host() const { return m_host; }
    void setHost(const QString &host) { m_host = host; }
    void setHosts(const QStringList &hosts);
    const QStringList &hosts() const { return m_hosts; }
    void setSize(const QSizeF &size);
    bool isVendor() const { return m_vendor; }

    void setExposure(Exposure exposure, const QString &summary);
    Exposure exposure() const { return m_exposure; }

private:
    QString m_componentId;
    QString m_title;
    QString m_host;
    QStringList m_hosts;
    bool m_vendor = false;
    QSizeF m_size{190, 66};
    Exposure m_exposure = Exposure::Untested;
    QString m_exposureText;
};
