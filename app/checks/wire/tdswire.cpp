#include "tdswire.h"

#include "bytereader.h"
#include "malformedreply.h"

#include <QtEndian>

#include <iterator>

namespace {

constexpr quint8 PreloginType = 0x12;
constexpr quint8 TabularResultType = 0x04;
constexpr int HeaderSize = 8;

} // namespace

namespace TdsWire {

QByteArray preloginRequest()
{
    struct Option
    {
        quint8 token;
        QByteArray value;
    };
    // VERSION is the client library's version; 15.0.2000 like the reference probe
    const Option options[] = {
        {0x00, QByteArray("\x0f\x00\x07\xd0\x00\x00", 6)},
        {0x01, QByteArray(1, '\x00')},
        {0x02, QByteArray(1, '\x00')},
        {0x03, QByteArray(4, '\x00')},
        {0x04, QByteArray(1, '\x00')},
    };
    QByteArray table;
    QByteArray data;
    const int dataStart = int(std::size(options)) * 5 + 1;
    for (const Option &o : options) {
        char entry[5];
        entry[0] = char(o.token);
        qToBigEndian<quint16>(quint16(dataStart + data.size()), entry + 1);
        qToBigEndian<quint16>(quint16(o.value.size()), entry + 3);
        table.append(entry, 5);
        data.append(o.value);
    }
    const QByteArray payload = table + '\xff' + data;
    QByteArray header(HeaderSize, '\0');
    header[0] = char(PreloginType);
    header[1] = '\x01'; // end of message
    qToBigEndian<quint16>(quint16(HeaderSize + payload.size()), header.data() + 2);
    header[6] = '\x01'; // PacketID
    return header + payload;
}

FrameStatus packet(QByteArrayView buffer, QByteArrayView *packet)
{
    if (buffer.isEmpty())
        return FrameStatus::Incomplete;
    if (quint8(buffer.at(0)) != TabularResultType)
        return FrameStatus::Invalid;
    if (buffer.size() >= 2 && (quint8(buffer.at(1)) & ~0x1f))
        return FrameStatus::Invalid; // status bits beyond those defined in 2.2.3.1.2
    return selfSizedPacket(buffer, HeaderSize, MaxPacket, packet);
}

TdsPreloginReply parsePrelogin(QByteArrayView p)
{
    if (p.isEmpty() || quint8(p.at(0)) != TabularResultType)
        return {};
    if (p.size() < HeaderSize)
        return malformedReply<TdsPreloginReply>("packet shorter than its header");
    const quint16 length = qFromBigEndian<quint16>(p.data() + 2);
    if (length < HeaderSize || length > p.size())
        return malformedReply<TdsPreloginReply>("packet length does not match");
    return parsePreloginPayload(p.sliced(HeaderSize, length - HeaderSize));
}

TdsPreloginReply parsePreloginPayload(QByteArrayView payload)
{
    TdsPreloginReply r;
    bool terminated = false;
    bool haveVersion = false;
    // option table: token, offset, length (offsets from the payload start), up to the 0xff terminator
    ByteReader table(payload);
    while (!table.atEnd()) {
        const quint8 token = table.u8();
        if (token == 0xff) {
            terminated = true;
            break;
        }
        const quint16 offset = table.u16be();
        const quint16 size = table.u16be();
        if (!table.ok())
            return malformedReply<TdsPreloginReply>("option table truncated");
        if (offset > payload.size() || size > payload.size() - offset)
            return malformedReply<TdsPreloginReply>("an option points outside the packet");
        ByteReader value(payload.sliced(offset, size));
        if (token == 0x00) {
            if (size < 6)
                return malformedReply<TdsPreloginReply>("VERSION option too short");
            r.major = value.u8();
            r.minor = value.u8();
            r.build = value.u16be();
            haveVersion = true;
        } else if (token == 0x01 && size >= 1) {
            r.encryption = value.u8();
        }
    }
    if (!terminated)
        return malformedReply<TdsPreloginReply>("option table without terminator");
    if (!haveVersion)
        return malformedReply<TdsPreloginReply>("no VERSION option");
    r.kind = TdsPreloginReply::Kind::Prelogin;
    return r;
}

QByteArray handshakePackets(QByteArrayView tlsBytes, quint8 *packetId)
{
    constexpr qsizetype room = PreloginPacketSize - HeaderSize;
    QByteArray out;
    out.reserve(tlsBytes.size() + (tlsBytes.size() / room + 1) * HeaderSize);
    for (qsizetype at = 0; at < tlsBytes.size(); at += room) {
        const QByteArrayView chunk = tlsBytes.sliced(at, qMin(room, tlsBytes.size() - at));
        char header[HeaderSize] = {char(PreloginType), 0, 0, 0, 0, 0, 0, 0};
        header[1] = at + chunk.size() == tlsBytes.size() ? '\x01' : '\x00'; // end of message on the last
        qToBigEndian<quint16>(quint16(HeaderSize + chunk.size()), header + 2);
        header[6] = char((*packetId)++);
        out.append(header, HeaderSize);
        out.append(chunk.data(), chunk.size());
    }
    return out;
}

FrameStatus handshakePacket(QByteArrayView buffer, QByteArrayView *packet)
{
    if (buffer.isEmpty())
        return FrameStatus::Incomplete;
    const quint8 type = quint8(buffer.at(0));
    if (type != PreloginType && type != TabularResultType)
        return FrameStatus::Invalid;
    if (buffer.size() >= 2 && (quint8(buffer.at(1)) & ~0x1f))
        return FrameStatus::Invalid;
    return selfSizedPacket(buffer, HeaderSize, MaxHandshakePacket, packet);
}

QByteArrayView packetData(QByteArrayView packet)
{
    return packet.size() < HeaderSize ? QByteArrayView() : packet.sliced(HeaderSize);
}

bool isTlsRecord(QByteArrayView bytes)
{
    if (bytes.size() < 3)
        return false;
    const quint8 type = quint8(bytes.at(0));
    return type >= 20 && type <= 23 && bytes.at(1) == '\x03' && quint8(bytes.at(2)) <= 4;
}

} // namespace TdsWire
