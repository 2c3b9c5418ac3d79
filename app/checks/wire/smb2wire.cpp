#include "smb2wire.h"

#include "malformedreply.h"

#include <QtEndian>

#include <iterator>

namespace {

void putLe16(QByteArray &b, quint16 v)
{
    char raw[2];
    qToLittleEndian(v, raw);
    b.append(raw, 2);
}

void putLe32(QByteArray &b, quint32 v)
{
    char raw[4];
    qToLittleEndian(v, raw);
    b.append(raw, 4);
}

quint16 le16(QByteArrayView b, qsizetype at)
{
    return qFromLittleEndian<quint16>(b.data() + at);
}

quint32 le32(QByteArrayView b, qsizetype at)
{
    return qFromLittleEndian<quint32>(b.data() + at);
}

QByteArray frame(const QByteArray &message)
{
    QByteArray out(4, '\0');
    qToBigEndian<quint32>(quint32(message.size()) & 0xffffff, out.data());
    return out + message;
}

void padTo8(QByteArray &b)
{
    while (b.size() % 8)
        b.append('\0');
}

QByteArray negotiateContext(quint16 type, const QByteArray &data)
{
    QByteArray c;
    putLe16(c, type);
    putLe16(c, quint16(data.size()));
    putLe32(c, 0);
    return c + data;
}

// [MS-SMB2] 2.2.4: the 3.1.1 contexts follow the response at NegotiateContextOffset, 8-byte aligned.
quint16 chosenCipher(QByteArrayView m, quint32 offset, int count)
{
    qsizetype pos = offset;
    for (int i = 0; i < count && i < 16; ++i) {
        if (pos < 0 || pos > m.size() - 8)
            return 0;
        const quint16 type = le16(m, pos);
        const quint16 length = le16(m, pos + 2);
        if (length > m.size() - pos - 8)
            return 0;
        if (type == 0x0002 && length >= 4 && le16(m, pos + 8) >= 1)
            return le16(m, pos + 10);
        pos += 8 + length;
        pos = (pos + 7) & ~qsizetype(7);
    }
    return 0;
}

} // namespace

namespace Smb2Wire {

QByteArray negotiateRequest(const QByteArray &clientGuid, const QByteArray &salt)
{
    static const quint16 dialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    QByteArray m;
    // 2.2.1.2 SYNC header: ProtocolId, StructureSize 64, CreditCharge, Status, Command NEGOTIATE,
    // CreditRequest 1, Flags, NextCommand, MessageId 0, Reserved, TreeId, SessionId, Signature
    m.append("\xfeSMB", 4);
    putLe16(m, 64);
    putLe16(m, 0);
    putLe32(m, 0);
    putLe16(m, 0);
    putLe16(m, 1);
    putLe32(m, 0);
    putLe32(m, 0);
    m.append(8, '\0');
    putLe32(m, 0xfeff);
    putLe32(m, 0);
    m.append(8, '\0');
    m.append(16, '\0');
    // 2.2.3 NEGOTIATE request; SecurityMode: signing enabled; Capabilities: DFS, leasing, large MTU,
    // multi-channel, persistent handles, directory leasing, encryption
    const qsizetype contextOffset = (64 + 36 + qsizetype(std::size(dialects)) * 2 + 7) & ~qsizetype(7);
    putLe16(m, 36);
    putLe16(m, quint16(std::size(dialects)));
    putLe16(m, 0x0001);
    putLe16(m, 0);
    putLe32(m, 0x7f);
    m.append(clientGuid.leftJustified(16, '\0', true));
    putLe32(m, quint32(contextOffset));
    putLe16(m, 2);
    putLe16(m, 0);
    for (const quint16 d : dialects)
        putLe16(m, d);
    padTo8(m);
    // 2.2.3.1.1 PREAUTH_INTEGRITY_CAPABILITIES: SHA-512 and a salt
    QByteArray preauth;
    putLe16(preauth, 1);
    putLe16(preauth, 32);
    putLe16(preauth, 0x0001);
    preauth.append(salt.leftJustified(32, '\0', true));
    m.append(negotiateContext(0x0001, preauth));
    padTo8(m);
    // 2.2.3.1.2 ENCRYPTION_CAPABILITIES: AES-128-GCM, AES-128-CCM
    QByteArray ciphers;
    putLe16(ciphers, 2);
    putLe16(ciphers, 0x0002);
    putLe16(ciphers, 0x0001);
    m.append(negotiateContext(0x0002, ciphers));
    padTo8(m);
    return frame(m);
}

QByteArray smb1MultiProtocolNegotiate()
{
    QByteArray dialects;
    for (const char *name : {"NT LM 0.12", "SMB 2.002", "SMB 2.???"}) {
        dialects.append('\x02');
        dialects.append(name);
        dialects.append('\0');
    }
    QByteArray m;
    // [MS-CIFS] 2.2.3.1: Protocol, Command 0x72, Status, Flags (case-insensitive, canonical paths),
    // Flags2 (unicode, NT status, extended security, long names), PIDHigh, SecurityFeatures,
    // Reserved, TID, PIDLow, UID, MID
    m.append("\xffSMB\x72", 5);
    putLe32(m, 0);
    m.append('\x18');
    putLe16(m, 0xc853);
    putLe16(m, 0);
    m.append(8, '\0');
    putLe16(m, 0);
    putLe16(m, 0);
    putLe16(m, 1);
    putLe16(m, 0);
    putLe16(m, 0);
    m.append('\0'); // WordCount
    putLe16(m, quint16(dialects.size()));
    m.append(dialects);
    return frame(m);
}

FrameStatus directTcpMessage(QByteArrayView buffer, QByteArrayView *message)
{
    if (buffer.isEmpty())
        return FrameStatus::Incomplete;
    if (buffer.at(0) != '\0')
        return FrameStatus::Invalid;
    if (buffer.size() < 4)
        return FrameStatus::Incomplete;
    const quint32 length = qFromBigEndian<quint32>(buffer.data()) & 0xffffff;
    if (length < 4 || length > quint32(MaxMessage))
        return FrameStatus::Invalid;
    if (buffer.size() - 4 < qsizetype(length))
        return FrameStatus::Incomplete;
    *message = buffer.sliced(4, qsizetype(length));
    return FrameStatus::Complete;
}

SmbNegotiateReply parseNegotiateReply(QByteArrayView m)
{
    SmbNegotiateReply r;
    if (m.size() < 4)
        return r;
    if (m.first(4) == QByteArrayView("\xffSMB", 4)) {
        // SMB1 header is 32 bytes; the NEGOTIATE response: WordCount, then DialectIndex first.
        if (m.size() < 35)
            return malformedReply<SmbNegotiateReply>("SMB1 response shorter than its header");
        r.status = le32(m, 5);
        if (quint8(m.at(4)) != 0x72)
            return malformedReply<SmbNegotiateReply>("SMB1 response to another command");
        r.kind = SmbNegotiateReply::Kind::Smb1;
        if (quint8(m.at(32)) >= 1)
            r.smb1DialectIndex = le16(m, 33);
        return r;
    }
    if (m.first(4) != QByteArrayView("\xfeSMB", 4))
        return r;
    if (m.size() < 64)
        return malformedReply<SmbNegotiateReply>("SMB2 header truncated");
    if (le16(m, 4) != 64)
        return malformedReply<SmbNegotiateReply>("SMB2 header with a wrong StructureSize");
    if (le16(m, 12) != 0)
        return malformedReply<SmbNegotiateReply>("SMB2 response to another command");
    if (!(le32(m, 16) & 0x1))
        return malformedReply<SmbNegotiateReply>("SMB2 message is not a response");
    r.status = le32(m, 8);
    r.kind = SmbNegotiateReply::Kind::Smb2;
    if (r.status != 0)
        return r; // an ERROR response body (2.2.2) follows; the status says it all
    if (m.size() < 64 + 64)
        return malformedReply<SmbNegotiateReply>("NEGOTIATE response truncated");
    if (le16(m, 64) != 65)
        return malformedReply<SmbNegotiateReply>("NEGOTIATE response with a wrong StructureSize");
    r.securityMode = le16(m, 66);
    r.dialect = le16(m, 68);
    if (r.dialect == 0x0311)
        r.cipher = chosenCipher(m, le32(m, 124), le16(m, 70));
    return r;
}

QString dialectName(quint16 dialect)
{
    switch (dialect) {
    case 0x0202:
        return QStringLiteral("2.0.2");
    case 0x0210:
        return QStringLiteral("2.1");
    case 0x0300:
        return QStringLiteral("3.0");
    case 0x0302:
        return QStringLiteral("3.0.2");
    case 0x0311:
        return QStringLiteral("3.1.1");
    default:
        return {};
    }
}

QString cipherName(quint16 cipher)
{
    switch (cipher) {
    case 1:
        return QStringLiteral("AES-128-CCM");
    case 2:
        return QStringLiteral("AES-128-GCM");
    case 3:
        return QStringLiteral("AES-256-CCM");
    case 4:
        return QStringLiteral("AES-256-GCM");
    default:
        return {};
    }
}

} // namespace Smb2Wire
