#include "amqpwire.h"

#include "bytereader.h"
#include "malformedreply.h"

#include <QtEndian>

namespace {

constexpr quint8 MethodFrame = 1;
constexpr quint8 FrameEnd = 0xce;

// 4.2.3 long string: a 32-bit length, then the octets.
QByteArrayView longString(ByteReader &c)
{
    return c.take(qsizetype(c.u32be()));
}

QString shortText(QByteArrayView v)
{
    return QString::fromUtf8(v.first(qMin<qsizetype>(v.size(), 200))).simplified();
}

// 4.2.5.5 field table, with RabbitMQ's type letters (the 0-9-1 errata). Unknown types end the walk:
// the table's own length still lets the caller continue after it.
void readServerProperties(QByteArrayView table, AmqpReply *r)
{
    ByteReader c(table);
    while (c.ok() && c.remaining() > 0) {
        const QByteArrayView name = c.take(c.u8());
        const char type = char(c.u8());
        if (!c.ok())
            return;
        switch (type) {
        case 'S': {
            const QByteArrayView value = longString(c);
            if (!c.ok())
                return;
            if (name == "product")
                r->product = shortText(value);
            else if (name == "version")
                r->version = shortText(value);
            else if (name == "platform")
                r->platform = shortText(value);
            break;
        }
        case 'F':
        case 'A':
        case 'x':
            longString(c);
            break;
        case 't':
        case 'b':
        case 'B':
            c.skip(1);
            break;
        case 's':
        case 'u':
            c.skip(2);
            break;
        case 'I':
        case 'i':
        case 'f':
            c.skip(4);
            break;
        case 'D':
            c.skip(5);
            break;
        case 'l':
        case 'L':
        case 'd':
        case 'T':
            c.skip(8);
            break;
        case 'V':
            break;
        default:
            return;
        }
    }
}

} // namespace

namespace AmqpWire {

QByteArray protocolHeader()
{
    return QByteArray("AMQP\x00\x00\x09\x01", 8);
}

FrameStatus frame(QByteArrayView buffer, QByteArrayView *frame)
{
    if (buffer.isEmpty())
        return FrameStatus::Incomplete;
    if (buffer.at(0) == 'A') {
        const qsizetype n = qMin<qsizetype>(buffer.size(), 4);
        if (buffer.first(n) != QByteArrayView("AMQP").first(n))
            return FrameStatus::Invalid;
        if (buffer.size() < 8)
            return FrameStatus::Incomplete;
        *frame = buffer.first(8);
        return FrameStatus::Complete;
    }
    // the broker's first frame is a method on channel 0
    if (quint8(buffer.at(0)) != MethodFrame)
        return FrameStatus::Invalid;
    if (buffer.size() >= 3 && (buffer.at(1) != '\0' || buffer.at(2) != '\0'))
        return FrameStatus::Invalid;
    if (buffer.size() < 7)
        return FrameStatus::Incomplete;
    const quint32 size = qFromBigEndian<quint32>(buffer.data() + 3);
    if (size > quint32(MaxFrame))
        return FrameStatus::Invalid;
    if (buffer.size() < 8 + qsizetype(size))
        return FrameStatus::Incomplete;
    *frame = buffer.first(8 + qsizetype(size));
    return FrameStatus::Complete;
}

AmqpReply parseReply(QByteArrayView f)
{
    AmqpReply r;
    if (f.size() >= 8 && f.first(4) == "AMQP") {
        r.kind = AmqpReply::Kind::ProtocolHeader;
        // "AMQP" 0 0 9 1 (0-9-1), "AMQP" 3 1 0 0 / 0 1 0 0 (1.0)
        r.protocolId = quint8(f.at(4));
        r.versionMajor = quint8(f.at(5));
        r.versionMinor = quint8(f.at(6));
        r.revision = quint8(f.at(7));
        if (offeredVersion(r).isEmpty())
            return malformedReply<AmqpReply>("an \"AMQP\" header no AMQP version defines");
        return r;
    }
    if (f.isEmpty() || quint8(f.at(0)) != MethodFrame)
        return r;
    if (f.size() < 8)
        return malformedReply<AmqpReply>("frame truncated");
    const quint32 size = qFromBigEndian<quint32>(f.data() + 3);
    if (qsizetype(size) != f.size() - 8)
        return malformedReply<AmqpReply>("frame size does not match");
    if (quint8(f.at(f.size() - 1)) != FrameEnd)
        return malformedReply<AmqpReply>("frame does not end with 0xCE");
    ByteReader c(f.sliced(7, size));
    const quint16 classId = c.u16be();
    const quint16 methodId = c.u16be();
    if (!c.ok() || classId != 10 || methodId != 10)
        return malformedReply<AmqpReply>("the first method is not Connection.Start");
    r.versionMajor = c.u8();
    r.versionMinor = c.u8();
    const QByteArrayView properties = longString(c);
    const QByteArrayView mechanisms = longString(c);
    if (!c.ok())
        return malformedReply<AmqpReply>("Connection.Start truncated");
    readServerProperties(properties, &r);
    r.mechanisms = shortText(mechanisms);
    r.kind = AmqpReply::Kind::ConnectionStart;
    return r;
}

QString offeredVersion(const AmqpReply &h)
{
    if (h.kind != AmqpReply::Kind::ProtocolHeader)
        return {};
    const int id = h.protocolId;
    const int major = h.versionMajor;
    const int minor = h.versionMinor;
    const int rev = h.revision;
    // AMQP 1.0 (OASIS) 2.2: "AMQP" id 1 0 0, where id 0 is AMQP itself, 2 the TLS layer (5.2.1), 3 SASL (5.3.1)
    if (major == 1 && minor == 0 && rev == 0) {
        if (id == 0)
            return QStringLiteral("1.0");
        if (id == 2)
            return QStringLiteral("1.0 (TLS layer)");
        if (id == 3)
            return QStringLiteral("1.0 (SASL layer)");
        return {};
    }
    // AMQP 0-9-1 4.2.2: "AMQP" 0 0 9 1
    if (id == 0 && major == 0 && minor == 9 && rev == 1)
        return QStringLiteral("0-9-1");
    // AMQP 0-8, 0-9 and 0-10: "AMQP" 1 1 then the protocol's major and minor (0-8 wrote 8 0)
    if (id == 1 && major == 1) {
        if (minor == 8 && rev == 0)
            return QStringLiteral("0-8");
        if (minor == 0 && (rev == 9 || rev == 10))
            return QStringLiteral("0-%1").arg(rev);
    }
    return {};
}

} // namespace AmqpWire
