#include "ldapwire.h"

#include "derwriter.h"

namespace {

using DerWriter::tlv;

QByteArray integer(int value)
{
    QByteArray bytes;
    do {
        bytes.prepend(char(value & 0xff));
        value >>= 8;
    } while (value > 0);
    if (quint8(bytes.at(0)) & 0x80)
        bytes.prepend('\0');
    return tlv(0x02, bytes);
}

// One TLV inside [pos, end): tag, value range; false when it does not fit.
struct Tlv
{
    quint8 tag = 0;
    int valueStart = 0;
    int valueLength = 0;
    int end() const { return valueStart + valueLength; }
};

enum class Head { NeedMore, Ok, Bad };

Head readHead(const QByteArray &data, int pos, int end, Tlv *out)
{
    if (end - pos < 2)
        return Head::NeedMore;
    out->tag = quint8(data.at(pos));
    if ((out->tag & 0x1f) == 0x1f)
        return Head::Bad; // high tag numbers are never used by LDAP
    const quint8 first = quint8(data.at(pos + 1));
    int header = 2;
    qint64 length = first;
    if (first & 0x80) {
        const int count = first & 0x7f;
        if (count == 0 || count > 4)
            return Head::Bad; // indefinite lengths are forbidden in LDAP (RFC 4511 5.1)
        if (end - pos < 2 + count)
            return Head::NeedMore;
        length = 0;
        for (int i = 0; i < count; ++i)
            length = (length << 8) | quint8(data.at(pos + 2 + i));
        header += count;
    }
    if (length > 0x7fffffff - pos - header)
        return Head::Bad;
    out->valueStart = pos + header;
    out->valueLength = int(length);
    return Head::Ok;
}

// Reads a complete TLV that must lie inside [pos, end).
bool readInside(const QByteArray &data, int pos, int end, Tlv *out)
{
    return readHead(data, pos, end, out) == Head::Ok && out->end() <= end;
}

bool readInteger(const QByteArray &data, const Tlv &t, qint64 *value)
{
    if (t.valueLength < 1 || t.valueLength > 4)
        return false;
    qint64 v = qint8(data.at(t.valueStart)); // sign-extend the first byte
    for (int i = 1; i < t.valueLength; ++i)
        v = (v << 8) | quint8(data.at(t.valueStart + i));
    *value = v;
    return true;
}

QString text(const QByteArray &data, const Tlv &t)
{
    return QString::fromUtf8(data.mid(t.valueStart, t.valueLength));
}

} // namespace

namespace LdapWire {

QStringList rootDseAttributes()
{
    return {QStringLiteral("namingContexts"),        QStringLiteral("supportedLDAPVersion"),
            QStringLiteral("defaultNamingContext"),  QStringLiteral("dnsHostName"),
            QStringLiteral("isGlobalCatalogReady"),  QStringLiteral("supportedSASLMechanisms"),
            QStringLiteral("vendorName"),            QStringLiteral("vendorVersion"),
            QStringLiteral("supportedExtension")};
}

QByteArray rootDseSearchRequest(int messageId)
{
    QByteArray attributes;
    for (const QString &name : rootDseAttributes())
        attributes += tlv(0x04, name.toLatin1());
    const QByteArray body = tlv(0x04, {})                      // baseObject ""
        + tlv(0x0a, QByteArray(1, '\0'))                       // scope baseObject
        + tlv(0x0a, QByteArray(1, '\0'))                       // derefAliases neverDerefAliases
        + integer(0) + integer(0)                              // sizeLimit, timeLimit
        + tlv(0x01, QByteArray(1, '\0'))                       // typesOnly FALSE
        + tlv(0x87, QByteArrayLiteral("objectClass"))          // filter present [7]
        + tlv(0x30, attributes);
    return tlv(0x30, integer(messageId) + tlv(SearchRequestTag, body));
}

QByteArray unbindRequest(int messageId)
{
    return tlv(0x30, integer(messageId) + tlv(0x42, {}));
}

Parse readMessage(const QByteArray &buffer, Message *message, int *consumed, int maxMessageBytes)
{
    Tlv outer;
    switch (readHead(buffer, 0, int(buffer.size()), &outer)) {
    case Head::NeedMore:
        return Parse::NeedMore;
    case Head::Bad:
        return Parse::Malformed;
    case Head::Ok:
        break;
    }
    if (outer.tag != 0x30 || outer.valueLength > maxMessageBytes)
        return Parse::Malformed;
    if (outer.end() > buffer.size())
        return Parse::NeedMore;
    Tlv id;
    if (!readInside(buffer, outer.valueStart, outer.end(), &id) || id.tag != 0x02)
        return Parse::Malformed;
    qint64 messageId = 0;
    if (!readInteger(buffer, id, &messageId) || messageId < 0)
        return Parse::Malformed;
    Tlv op;
    if (!readInside(buffer, id.end(), outer.end(), &op) || (op.tag & 0x40) == 0)
        return Parse::Malformed; // protocolOp is always [APPLICATION n]
    message->messageId = int(messageId);
    message->op = op.tag;
    message->opValue = buffer.mid(op.valueStart, op.valueLength);
    *consumed = outer.end();
    return Parse::Complete;
}

bool parseSearchResultEntry(const QByteArray &v, QString *objectName, QMap<QString, QStringList> *attributes)
{
    const int end = int(v.size());
    Tlv name;
    if (!readInside(v, 0, end, &name) || name.tag != 0x04)
        return false;
    Tlv list;
    if (!readInside(v, name.end(), end, &list) || list.tag != 0x30)
        return false;
    *objectName = text(v, name);
    for (int pos = list.valueStart; pos < list.end();) {
        Tlv attribute;
        if (!readInside(v, pos, list.end(), &attribute) || attribute.tag != 0x30)
            return false;
        Tlv type;
        Tlv values;
        if (!readInside(v, attribute.valueStart, attribute.end(), &type) || type.tag != 0x04
            || !readInside(v, type.end(), attribute.end(), &values) || values.tag != 0x31)
            return false;
        QStringList &out = (*attributes)[text(v, type)];
        for (int at = values.valueStart; at < values.end();) {
            Tlv value;
            if (!readInside(v, at, values.end(), &value) || value.tag != 0x04)
                return false;
            out.append(text(v, value));
            at = value.end();
        }
        pos = attribute.end();
    }
    return true;
}

int parseResultCode(const QByteArray &v, QString *diagnosticMessage)
{
    const int end = int(v.size());
    Tlv code;
    Tlv matched;
    Tlv diagnostic;
    qint64 value = 0;
    if (!readInside(v, 0, end, &code) || code.tag != 0x0a || !readInteger(v, code, &value) || value < 0)
        return -1;
    if (!readInside(v, code.end(), end, &matched) || matched.tag != 0x04
        || !readInside(v, matched.end(), end, &diagnostic) || diagnostic.tag != 0x04)
        return -1;
    if (diagnosticMessage)
        *diagnosticMessage = text(v, diagnostic);
    return int(value);
}

} // namespace LdapWire
