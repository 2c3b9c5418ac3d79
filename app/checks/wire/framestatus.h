#pragma once

#include <QByteArrayView>
#include <QtEndian>

// How far a stream buffer got towards one complete protocol message.
enum class FrameStatus {
    Incomplete, // a valid beginning; read more
    Complete,   // one whole message is in the buffer
    Invalid     // these bytes cannot begin a message of this protocol
};

// A packet that states its own total length, header included, as a 16-bit big-endian number at offset 2:
// TPKT (RFC 1006 6) and TDS ([MS-TDS] 2.2.3.1). The caller has checked the two octets before it.
inline FrameStatus selfSizedPacket(QByteArrayView buffer, qsizetype minLength, qsizetype maxLength,
                                   QByteArrayView *packet)
{
    if (buffer.size() < 4)
        return FrameStatus::Incomplete;
    const quint16 length = qFromBigEndian<quint16>(buffer.data() + 2);
    if (length < minLength || length > maxLength)
        return FrameStatus::Invalid;
    if (buffer.size() < length)
        return FrameStatus::Incomplete;
    *packet = buffer.first(length);
    return FrameStatus::Complete;
}
