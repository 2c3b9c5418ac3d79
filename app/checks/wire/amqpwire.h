#pragma once

#include "framestatus.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// A broker's first answer to the AMQP 0-9-1 protocol header (AMQP 0-9-1 4.2.2, 4.2.3):
// Connection.Start, or the broker's own protocol header when it does not speak 0-9-1.
struct AmqpReply
{
    enum class Kind { NotAmqp, Malformed, ConnectionStart, ProtocolHeader };
    Kind kind = Kind::NotAmqp;
    int versionMajor = -1; // Connection.Start version-major/minor, or the offered header's version
    int versionMinor = -1;
    int revision = -1;   // ProtocolHeader only
    int protocolId = -1; // ProtocolHeader only: 0 AMQP, 2 TLS, 3 SASL (AMQP 1.0 2.2, 5.2.1, 5.3.1)
    QString product;     // server-properties
    QString version;
    QString platform;
    QString mechanisms;
    QString problem;
};

namespace AmqpWire {
constexpr qsizetype MaxFrame = 64 * 1024;

QByteArray protocolHeader(); // "AMQP" 0 0 9 1
// One whole frame (7-byte header, payload, frame-end) or an 8-byte protocol header; *frame is all of it.
FrameStatus frame(QByteArrayView buffer, QByteArrayView *frame);
AmqpReply parseReply(QByteArrayView frame);
// The version a ProtocolHeader reply offers ("1.0", "1.0 (SASL layer)", "0-9-1", "0-10"); empty when the
// eight bytes are no header any AMQP version defines.
QString offeredVersion(const AmqpReply &header);
} // namespace AmqpWire
