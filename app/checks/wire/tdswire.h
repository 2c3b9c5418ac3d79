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

// PRELOGIN with VERSION, ENCRYPTION (off: TLS for the login only), INSTOPT (default), THREADID, MARS off.
QByteArray preloginRequest();
// Whether buffer holds one whole TDS packet (8-byte header with its length); *packet is all of it.
FrameStatus packet(QByteArrayView buffer, QByteArrayView *packet);
TdsPreloginReply parsePrelogin(QByteArrayView packet);
} // namespace TdsWire
