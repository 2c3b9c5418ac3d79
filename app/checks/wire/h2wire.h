#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// HTTP/2 framing (RFC 7540 3.5 connection preface, 4.1 frame format, 6.5 SETTINGS, 6.8 GOAWAY).
namespace H2Wire {

constexpr int FrameHeaderSize = 9;

enum FrameType : quint8 {
    Data = 0x0,
    Headers = 0x1,
    RstStream = 0x3,
    Settings = 0x4,
    Ping = 0x6,
    GoAway = 0x7,
    WindowUpdate = 0x8,
};
constexpr quint8 AckFlag = 0x1;

struct FrameHeader
{
    quint32 length = 0; // 24 bits
    quint8 type = 0;
    quint8 flags = 0;
    quint32 streamId = 0; // 31 bits, the reserved bit cleared
};

// The 24-octet client preface followed by an empty SETTINGS frame.
QByteArray clientPreface();
QByteArray settingsAck();
// GOAWAY, last stream 0, NO_ERROR: the polite way to leave.
QByteArray goAway();

// False when fewer than 9 bytes are available.
bool parseFrameHeader(const QByteArray &bytes, FrameHeader *header);
// SETTINGS payload -> (identifier, value) pairs; false when its length is not a multiple of 6.
bool parseSettings(const QByteArray &payload, QList<QPair<quint16, quint32>> *settings);
QString settingName(quint16 identifier);
QString frameTypeName(quint8 type);
// "MAX_CONCURRENT_STREAMS=100 INITIAL_WINDOW_SIZE=65535", or "(empty)".
QString describeSettings(const QList<QPair<quint16, quint32>> &settings);

} // namespace H2Wire
