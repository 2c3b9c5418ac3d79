#include "kerberoswire.h"

#include "derreader.h"
#include "derwriter.h"
#include "malformedreply.h"

#include <QStringList>
#include <QtEndian>

namespace {

using DerWriter::tlv;

QByteArray explicitTag(int n, const QByteArray &body)
{
    return tlv(quint8(0xa0 | n), body);
}

QByteArray sequence(const QByteArray &body)
{
    return tlv(0x30, body);
}

QByteArray integer(qint64 v)
{
    QByteArray bytes;
    do {
        bytes.prepend(char(v & 0xff));
        v >>= 8;
    } while (v != 0 && v != -1);
    // keep the sign bit right: a positive value whose top bit is set needs a leading zero
    if (v == 0 && (quint8(bytes.at(0)) & 0x80))
        bytes.prepend('\0');
    return tlv(0x02, bytes);
}

QByteArray generalString(const QString &s)
{
    return tlv(0x1b, s.toLatin1());
}

QByteArray principalName(int type, const QStringList &parts)
{
    QByteArray names;
    for (const QString &p : parts)
        names += generalString(p);
    return sequence(explicitTag(0, integer(type)) + explicitTag(1, sequence(names)));
}

QString text(QByteArrayView explicitValue)
{
    quint8 tag = 0;
    QByteArrayView inner;
    if (!DerReader::unwrap(explicitValue, &tag, &inner) || tag != 0x1b)
        return {};
    // GeneralString; realms and e-text are ASCII in practice. Bound what reaches a detail line.
    return QString::fromLatin1(inner.first(qMin<qsizetype>(inner.size(), 256))).simplified();
}

// PrincipalName (RFC 4120 5.2.2) inside its [n] wrapper: the name-string components joined by '/'.
QString principalText(QByteArrayView explicitValue)
{
    quint8 tag = 0;
    QByteArrayView name;
    if (!DerReader::unwrap(explicitValue, &tag, &name) || tag != 0x30)
        return {};
    DerReader fields(name);
    QByteArrayView field;
    while (fields.next(&tag, &field)) {
        if (tag != 0xa1)
            continue;
        QByteArrayView strings;
        if (!DerReader::unwrap(field, &tag, &strings) || tag != 0x30)
            return {};
        QStringList parts;
        DerReader items(strings);
        QByteArrayView item;
        while (items.next(&tag, &item) && parts.size() < 8) {
            if (tag != 0x1b)
                return {};
            parts.append(QString::fromLatin1(item.first(qMin<qsizetype>(item.size(), 256))));
        }
        return parts.join(QLatin1Char('/'));
    }
    return {};
}

bool integerField(QByteArrayView explicitValue, qint64 *out)
{
    quint8 tag = 0;
    QByteArrayView inner;
    return DerReader::unwrap(explicitValue, &tag, &inner) && tag == 0x02 && DerReader::toInteger(inner, out);
}

QByteArray asRequestFor(const QString &realm, int nameType, const QStringList &client, quint32 nonce)
{
    // RFC 4120 5.4.1 KDC-REQ-BODY; kdc-options renewable-ok, etypes aes256, aes128, rc4-hmac
    const QByteArray body = sequence(
        explicitTag(0, tlv(0x03, QByteArray("\x00\x00\x00\x00\x10", 5))) +
        explicitTag(1, principalName(nameType, client)) + explicitTag(2, generalString(realm)) +
        explicitTag(3, principalName(2, {QStringLiteral("krbtgt"), realm})) +
        explicitTag(5, tlv(0x18, QByteArray("20370913024805Z"))) + explicitTag(7, integer(nonce & 0x7fffffff)) +
        explicitTag(8, sequence(integer(18) + integer(17) + integer(23))));
    return tlv(KerberosWire::AsReqTag,
               sequence(explicitTag(1, integer(5)) + explicitTag(2, integer(10)) + explicitTag(4, body)));
}

} // namespace

namespace KerberosWire {

QByteArray asRequest(const QString &realm, const QString &client, quint32 nonce)
{
    return asRequestFor(realm, 1, {client}, nonce);
}

QByteArray tgsClientAsRequest(const QString &realm, quint32 nonce)
{
    return asRequestFor(realm, 2, {QStringLiteral("krbtgt"), realm}, nonce);
}

QByteArray tcpFrame(const QByteArray &message)
{
    QByteArray out(4, '\0');
    qToBigEndian<quint32>(quint32(message.size()), out.data());
    return out + message;
}

FrameStatus tcpMessage(QByteArrayView buffer, QByteArrayView *message)
{
    if (buffer.size() < 4)
        return FrameStatus::Incomplete;
    const quint32 length = qFromBigEndian<quint32>(buffer.data());
    // The top bit is reserved for extensions a KDC only uses when asked; anything above the bound is
    // not a Kerberos reply (an HTTP server's "HTTP" reads as 0x48545450).
    if (length == 0 || length > quint32(MaxMessage))
        return FrameStatus::Invalid;
    if (buffer.size() - 4 < qsizetype(length))
        return FrameStatus::Incomplete;
    *message = buffer.sliced(4, qsizetype(length));
    return FrameStatus::Complete;
}

KerberosReply parseReply(QByteArrayView message)
{
    KerberosReply reply;
    if (message.isEmpty())
        return reply;
    const quint8 first = quint8(message.at(0));
    if (first != AsRepTag && first != KrbErrorTag)
        return reply;

    DerReader outer(message);
    quint8 tag = 0;
    QByteArrayView value;
    if (!outer.next(&tag, &value))
        return malformedReply<KerberosReply>("the outer element is truncated");
    QByteArrayView fields;
    if (!DerReader::unwrap(value, &tag, &fields) || tag != 0x30)
        return malformedReply<KerberosReply>("no SEQUENCE inside the application tag");

    qint64 pvno = -1;
    qint64 msgType = -1;
    qint64 errorCode = -1;
    DerReader items(fields);
    QByteArrayView item;
    while (items.next(&tag, &item)) {
        if ((tag & 0xe0) != 0xa0)
            return malformedReply<KerberosReply>("a field without a context tag");
        const int field = tag & 0x1f;
        if (field == 0)
            integerField(item, &pvno);
        else if (field == 1)
            integerField(item, &msgType);
        else if (first == KrbErrorTag) {
            if (field == 6)
                integerField(item, &errorCode);
            else if (field == 7)
                reply.clientRealm = text(item);
            else if (field == 8)
                reply.clientName = principalText(item);
            else if (field == 9)
                reply.realm = text(item);
            else if (field == 11)
                reply.errorText = text(item);
        } else if (field == 3) {
            reply.clientRealm = text(item);
            reply.realm = reply.clientRealm;
        }
    }
    if (!items.ok())
        return malformedReply<KerberosReply>("a field is truncated");
    if (pvno != 5)
        return malformedReply<KerberosReply>("protocol version is not 5");
    if (first == AsRepTag) {
        if (msgType != 11)
            return malformedReply<KerberosReply>("AS-REP with a wrong msg-type");
        reply.kind = KerberosReply::Kind::AsRep;
        return reply;
    }
    if (msgType != 30)
        return malformedReply<KerberosReply>("KRB-ERROR with a wrong msg-type");
    if (errorCode < 0 || errorCode > 0x7fffffff)
        return malformedReply<KerberosReply>("KRB-ERROR without an error code");
    reply.kind = KerberosReply::Kind::KrbError;
    reply.errorCode = int(errorCode);
    return reply;
}

QString errorName(int code)
{
    switch (code) {
    case 6:
        return QStringLiteral("KDC_ERR_C_PRINCIPAL_UNKNOWN");
    case 7:
        return QStringLiteral("KDC_ERR_S_PRINCIPAL_UNKNOWN");
    case 14:
        return QStringLiteral("KDC_ERR_ETYPE_NOSUPP");
    case 18:
        return QStringLiteral("KDC_ERR_CLIENT_REVOKED");
    case 24:
        return QStringLiteral("KDC_ERR_PREAUTH_FAILED");
    case 25:
        return QStringLiteral("KDC_ERR_PREAUTH_REQUIRED");
    case 37:
        return QStringLiteral("KRB_AP_ERR_SKEW");
    case 52:
        return QStringLiteral("KRB_ERR_RESPONSE_TOO_BIG");
    case 60:
        return QStringLiteral("KRB_ERR_GENERIC");
    case 68:
        return QStringLiteral("KDC_ERR_WRONG_REALM");
    default:
        return {};
    }
}

} // namespace KerberosWire
