// libFuzzer target: TDS packet framing and the PRELOGIN parsers ([MS-TDS] 2.2.3.1, 2.2.6.5), the
// framing of the TLS handshake inside PRELOGIN packets (3.2.5.2) and the TLS-record test that tells a
// strict-encryption (TDS 8.0) server's alert from a PRELOGIN answer.
#include "tdswire.h"

#include <cstddef>
#include <cstdint>

namespace {

void checkReply(const TdsPreloginReply &reply)
{
    if (reply.kind == TdsPreloginReply::Kind::Prelogin) {
        // VERSION's major and minor are single octets; ENCRYPTION is one octet or absent
        if (reply.major < 0 || reply.major > 255 || reply.minor < 0 || reply.minor > 255 || reply.build < 0 ||
            reply.encryption < -1 || reply.encryption > 255)
            __builtin_trap();
    } else if (reply.kind == TdsPreloginReply::Kind::Malformed && reply.problem.isEmpty()) {
        __builtin_trap(); // a malformed answer is named
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    checkReply(TdsWire::parsePrelogin(bytes));
    checkReply(TdsWire::parsePreloginPayload(bytes));
    QByteArrayView packet;
    if (TdsWire::packet(bytes, &packet) == FrameStatus::Complete) {
        if (packet.size() < 8 || packet.size() > bytes.size() || packet.data() != bytes.data())
            __builtin_trap();
        checkReply(TdsWire::parsePrelogin(packet));
    }

    // the server's handshake flight: packet after packet, each inside the input
    QByteArrayView rest = bytes;
    for (int n = 0; n < 64; ++n) {
        QByteArrayView one;
        if (TdsWire::handshakePacket(rest, &one) != FrameStatus::Complete)
            break;
        if (one.size() < 8 || one.size() > rest.size() || one.data() != rest.data())
            __builtin_trap();
        const QByteArrayView inner = TdsWire::packetData(one);
        if (inner.size() != one.size() - 8)
            __builtin_trap();
        TdsWire::isTlsRecord(inner);
        rest = rest.sliced(one.size());
    }
    const bool tls = TdsWire::isTlsRecord(bytes);
    if (tls && (size < 3 || data[0] < 20 || data[0] > 23 || data[1] != 3))
        __builtin_trap();

    // the client's side: any TLS bytes framed into PRELOGIN packets come back whole, in order
    quint8 id = size > 0 ? data[0] : 0;
    const quint8 firstId = id;
    const QByteArray framed = TdsWire::handshakePackets(bytes, &id);
    QByteArray back;
    QByteArrayView walk(framed);
    int packets = 0;
    while (!walk.isEmpty()) {
        QByteArrayView one;
        if (TdsWire::handshakePacket(walk, &one) != FrameStatus::Complete || one.size() > TdsWire::PreloginPacketSize)
            __builtin_trap();
        const bool last = one.size() == walk.size();
        if (bool(quint8(one.at(1)) & 0x01) != last || quint8(one.at(6)) != quint8(firstId + packets))
            __builtin_trap(); // end of message on the last packet only; PacketIDs count up
        back.append(TdsWire::packetData(one));
        walk = walk.sliced(one.size());
        ++packets;
    }
    if (back != QByteArray(bytes.data(), bytes.size()) || quint8(firstId + packets) != id)
        __builtin_trap();
    return 0;
}
