#include "h2wire.h"

#include <QStringList>

namespace {

void appendFrameHeader(QByteArray *out, quint32 length, quint8 type, quint8 flags, quint32 stream)
{
    out->append(char((length >> 16) & 0xff));
    out->append(char((length >> 8) & 0xff));
    out->append(char(length & 0xff));
    out->append(char(type));
    out->append(char(flags));
    for (int shift = 24; shift >= 0; shift -= 8)
        out->append(char((stream >> shift) & 0xff));
}

quint32 be32(const QByteArray &b, int at)
{
    return (quint32(quint8(b.at(at))) << 24) | (quint32(quint8(b.at(at + 1))) << 16)
        | (quint32(quint8(b.at(at + 2))) << 8) | quint32(quint8(b.at(at + 3)));
}

} // namespace

namespace H2Wire {

QByteArray clientPreface()
{
    QByteArray out = QByteArrayLiteral("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    appendFrameHeader(&out, 0, Settings, 0, 0);
    return out;
}

QByteArray settingsAck()
{
    QByteArray out;
    appendFrameHeader(&out, 0, Settings, AckFlag, 0);
    return out;
}

QByteArray goAway()
{
    QByteArray out;
    appendFrameHeader(&out, 8, GoAway, 0, 0);
    out.append(8, '\0'); // last stream id 0, error code NO_ERROR
    return out;
}

bool parseFrameHeader(const QByteArray &bytes, FrameHeader *header)
{
    if (bytes.size() < FrameHeaderSize)
        return false;
    header->length = (quint32(quint8(bytes.at(0))) << 16) | (quint32(quint8(bytes.at(1))) << 8)
        | quint32(quint8(bytes.at(2)));
    header->type = quint8(bytes.at(3));
    header->flags = quint8(bytes.at(4));
    header->streamId = be32(bytes, 5) & 0x7fffffffu;
    return true;
}

bool parseSettings(const QByteArray &payload, QList<QPair<quint16, quint32>> *settings)
{
    if (payload.size() % 6 != 0)
        return false;
    settings->clear();
    for (int at = 0; at + 6 <= payload.size(); at += 6) {
        const quint16 id = quint16((quint8(payload.at(at)) << 8) | quint8(payload.at(at + 1)));
        settings->append({id, be32(payload, at + 2)});
    }
    return true;
}

QString settingName(quint16 identifier)
{
    switch (identifier) {
    case 1: return QStringLiteral("HEADER_TABLE_SIZE");
    case 2: return QStringLiteral("ENABLE_PUSH");
    case 3: return QStringLiteral("MAX_CONCURRENT_STREAMS");
    case 4: return QStringLiteral("INITIAL_WINDOW_SIZE");
    case 5: return QStringLiteral("MAX_FRAME_SIZE");
    case 6: return QStringLiteral("MAX_HEADER_LIST_SIZE");
    case 8: return QStringLiteral("ENABLE_CONNECT_PROTOCOL");
    default: return QStringLiteral("0x%1").arg(identifier, 2, 16, QLatin1Char('0'));
    }
}

QString frameTypeName(quint8 type)
{
    switch (type) {
    case Data: return QStringLiteral("DATA");
    case Headers: return QStringLiteral("HEADERS");
    case RstStream: return QStringLiteral("RST_STREAM");
    case Settings: return QStringLiteral("SETTINGS");
    case Ping: return QStringLiteral("PING");
    case GoAway: return QStringLiteral("GOAWAY");
    case WindowUpdate: return QStringLiteral("WINDOW_UPDATE");
    default: return QStringLiteral("type 0x%1").arg(type, 2, 16, QLatin1Char('0'));
    }
}

QString describeSettings(const QList<QPair<quint16, quint32>> &settings)
{
    if (settings.isEmpty())
        return QStringLiteral("(empty)");
    QStringList parts;
    for (const auto &s : settings)
        parts.append(settingName(s.first) + QLatin1Char('=') + QString::number(s.second));
    return parts.join(QLatin1Char(' '));
}

} // namespace H2Wire
