#pragma once

#include "framestatus.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// A SQL Server's PRELOGIN response ([MS-TDS] 2.2.6.5) in a tabular-result packet (2.2.3.1).
struct TdsPreloginReply
{
    enum class Kind { NotTds, Malformed, Prelogin };
    // PRELOGIN ENCRYPTION values
    enum Encryption { EncryptOff = 0, EncryptOn = 1, EncryptNotSupported = 2, EncryptRequired = 3 };
    Kind kind = Kind::NotTds;
    int major = -1; // VERSION: major.minor.build
    int minor = -1;
    int build = -1;
    int encryption = -1; // -1: the server sent no ENCRYPTION option
    QString problem;
};

namespace TdsWire {
constexpr qsizetype MaxPacket = 4096; // a PRELOGIN response is one packet of a few dozen bytes
// The packet size before LOGIN7 negotiates another (2.2.6.4 PacketSize): the TLS handshake travels in
// packets of at most this size.
constexpr qsizetype PreloginPacketSize = 4096;
// Length is 16 bits; a server may use any negotiated packet size up to 32767 (2.2.6.4).
constexpr qsizetype MaxHandshakePacket = 32767;
// Read at most, over a whole check: the PRELOGIN answer and the server's TLS handshake flight (a
// certificate chain of a few kilobytes), with room to spare.
constexpr qsizetype MaxExchange = 64 * 1024;

// PRELOGIN with VERSION, ENCRYPTION (off: TLS for the login only), INSTOPT (default), THREADID, MARS off.
QByteArray preloginRequest();
// Whether buffer holds one whole TDS packet (8-byte header with its length); *packet is all of it.
FrameStatus packet(QByteArrayView buffer, QByteArrayView *packet);
TdsPreloginReply parsePrelogin(QByteArrayView packet);
// The option table and data of a PRELOGIN payload (after the 8-byte header), whichever side sent it.
TdsPreloginReply parsePreloginPayload(QByteArrayView payload);

// 2.2.6.5 / 3.2.5.2: during the TLS handshake of TDS 7.x the TLS records travel as the raw data of
// PRELOGIN packets (type 0x12), each at most PreloginPacketSize bytes, the last with end-of-message.
// *packetId: the PacketID of the first packet, advanced past the last one (it wraps at 256).
QByteArray handshakePackets(QByteArrayView tlsBytes, quint8 *packetId);
// One whole packet of the server's handshake flight: type 0x12, or 0x04 as servers before TDS 7.2 send it.
FrameStatus handshakePacket(QByteArrayView buffer, QByteArrayView *packet);
// The data of a whole packet (after its 8-byte header).
QByteArrayView packetData(QByteArrayView packet);
// Whether bytes begin with a TLS record header (RFC 8446 5.1: content type 20-23, legacy version 3.x):
// a strict-encryption server (TDS 8.0) answers a clear PRELOGIN with a TLS alert.
bool isTlsRecord(QByteArrayView bytes);
} // namespace TdsWire
