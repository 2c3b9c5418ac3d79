#pragma once

#include "framestatus.h"

#include <QByteArray>
#include <QByteArrayView>

// An RDP server's X.224 Connection Confirm ([MS-RDPBCGR] 2.2.1.2) and its negotiation answer:
// RDP_NEG_RSP (2.2.1.2.1) or RDP_NEG_FAILURE (2.2.1.2.2).
struct RdpConfirm
{
    enum class Kind { NotRdp, Malformed, Confirm };
    enum Negotiation { NoNegotiation = 0, Response = 2, Failure = 3 };
    // requestedProtocols / selectedProtocol bits
    enum Protocol : quint32 { Standard = 0, Tls = 0x1, CredSsp = 0x2, RdsTls = 0x4, CredSspEx = 0x8 };
    Kind kind = Kind::NotRdp;
    int negotiation = NoNegotiation;
    quint8 flags = 0;
    quint32 selectedProtocol = 0; // Response
    quint32 failureCode = 0;      // Failure
};

namespace RdpWire {
constexpr qsizetype MaxPacket = 1024;

// TPKT (RFC 1006) + X.224 Connection Request (ISO 8073 13.3) + RDP_NEG_REQ, no routing cookie.
QByteArray connectionRequest(quint32 requestedProtocols);
// Whether buffer holds one whole TPKT packet; *packet is all of it.
FrameStatus tpktPacket(QByteArrayView buffer, QByteArrayView *packet);
RdpConfirm parseConfirm(QByteArrayView packet);
} // namespace RdpWire
