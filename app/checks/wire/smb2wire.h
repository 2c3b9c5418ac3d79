#pragma once

#include "framestatus.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// A server's answer to a NEGOTIATE: SMB2 ([MS-SMB2] 2.2.4) or SMB1 ([MS-CIFS] 2.2.4.52.2).
struct SmbNegotiateReply
{
    enum class Kind { NotSmb, Malformed, Smb2, Smb1 };
    Kind kind = Kind::NotSmb;
    quint32 status = 0;        // NTSTATUS of the header
    quint16 dialect = 0;       // SMB2 DialectRevision (0x0202..0x0311, 0x02ff = wildcard)
    quint16 securityMode = 0;  // SMB2: bit 0x0002 = signing required
    quint16 cipher = 0;        // SMB 3.1.1 ENCRYPTION_CAPABILITIES choice, 0 when none
    int smb1DialectIndex = -1; // SMB1: index into the offered dialect strings, 0xffff = none
    QString problem;
};

namespace Smb2Wire {
constexpr quint16 Smb2Wildcard = 0x02ff;
constexpr qsizetype MaxMessage = 64 * 1024;

// SMB2 NEGOTIATE offering 2.0.2, 2.1, 3.0, 3.0.2 and 3.1.1 with the 3.1.1 PREAUTH_INTEGRITY and
// ENCRYPTION contexts, framed for direct TCP. clientGuid: 16 bytes, salt: 32 bytes.
QByteArray negotiateRequest(const QByteArray &clientGuid, const QByteArray &salt);
// SMB1 NEGOTIATE offering "NT LM 0.12", "SMB 2.002" and "SMB 2.???", framed for direct TCP: an SMB2
// server answers with an SMB2 response, an SMB1-only server picks "NT LM 0.12".
QByteArray smb1MultiProtocolNegotiate();
// [MS-SMB2] 2.1: one zero octet and a 24-bit big-endian length before every message.
FrameStatus directTcpMessage(QByteArrayView buffer, QByteArrayView *message);
SmbNegotiateReply parseNegotiateReply(QByteArrayView message);
// "3.1.1" for 0x0311; empty for a value that is no dialect.
QString dialectName(quint16 dialect);
// "AES-128-GCM" for 2; empty when unknown.
QString cipherName(quint16 cipher);
} // namespace Smb2Wire
