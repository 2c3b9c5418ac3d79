#pragma once

#include "framestatus.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// What a KDC sent back to an AS-REQ (RFC 4120 5.4.2 KDC-REP, 5.9.1 KRB-ERROR).
struct KerberosReply
{
    enum class Kind { NotKerberos, Malformed, AsRep, KrbError };
    Kind kind = Kind::NotKerberos;
    int errorCode = -1; // KRB-ERROR error-code
    QString realm;      // KRB-ERROR realm (of the server), AS-REP crealm
    QString clientRealm;
    QString clientName; // KRB-ERROR cname, components joined by '/' ("krbtgt/TEST.LOCAL")
    QString errorText;  // e-text, when the KDC sent one
    QString problem;    // for Malformed: what is wrong, for a log line
};

namespace KerberosWire {
// Application tags of the first octet: [APPLICATION 10] AS-REQ, [11] AS-REP, [30] KRB-ERROR.
constexpr quint8 AsReqTag = 0x6a;
constexpr quint8 AsRepTag = 0x6b;
constexpr quint8 KrbErrorTag = 0x7e;
// The largest reply accepted (a real AS-REP with a PAC stays far below).
constexpr qsizetype MaxMessage = 64 * 1024;

// An AS-REQ without pre-authentication data for client@realm (NT-PRINCIPAL), asking for krbtgt/realm.
QByteArray asRequest(const QString &realm, const QString &client, quint32 nonce);
// The same for the realm's own ticket-granting service as the client: krbtgt/realm@realm (NT-SRV-INST,
// RFC 4120 6.2, 7.3), a principal every KDC of the realm holds.
QByteArray tgsClientAsRequest(const QString &realm, quint32 nonce);
// RFC 4120 7.2.2: over TCP each message is preceded by its length, 4 octets big-endian.
QByteArray tcpFrame(const QByteArray &message);
// Whether buffer holds one whole TCP-framed message; on Complete, *message is its body.
FrameStatus tcpMessage(QByteArrayView buffer, QByteArrayView *message);
KerberosReply parseReply(QByteArrayView message);
// The RFC 4120 7.5.9 name of an error code ("KDC_ERR_C_PRINCIPAL_UNKNOWN"); empty when unknown.
QString errorName(int code);
} // namespace KerberosWire
