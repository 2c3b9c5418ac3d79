#include "portrange.h"

namespace {
bool parsePort(const QString &text, quint16 *port, QString *error)
{
    bool ok = false;
    const qlonglong value = text.trimmed().toLongLong(&ok);
    if (!ok) {
        if (error)
            *error = PortRange::tr("\"%1\" is not a port number").arg(text);
        return false;
    }
    if (value < 1 || value > 65535) {
        if (error)
            *error = PortRange::tr("%1 is not a port (1-65535)").arg(value);
        return false;
    }
    *port = quint16(value);
    return true;
}
} // namespace

QString PortRange::toString() const
{
    if (isSingle())
        return QString::number(first);
    return QString::number(first) + QLatin1Char('-') + QString::number(last);
}

PortRange PortRange::parse(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        if (error)
            *error = tr("empty port");
        return {};
    }
    const int dash = trimmed.indexOf(QLatin1Char('-'), 1);
    PortRange range;
    if (dash < 0) {
        if (!parsePort(trimmed, &range.first, error))
            return {};
        range.last = range.first;
        return range;
    }
    if (!parsePort(trimmed.left(dash), &range.first, error) || !parsePort(trimmed.mid(dash + 1), &range.last, error))
        return {};
    if (range.first > range.last) {
        if (error)
            *error = tr("the range %1 runs backwards (write the lower port first)").arg(trimmed);
        return {};
    }
    return range;
}
