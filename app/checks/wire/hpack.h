#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

// HPACK, the header compression of HTTP/2 (RFC 7541): a bounded decoder for the header blocks a
// server sends (static table, Appendix A; dynamic table with size updates, 2.3.2 and 4; integers,
// 5.1; string literals with the Huffman code of Appendix B, 5.2) and the few encodings a probe needs
// to send a request.
namespace Hpack {

struct Header
{
    QByteArray name;
    QByteArray value;
    friend bool operator==(const Header &a, const Header &b) { return a.name == b.name && a.value == b.value; }
};

// The decoding context of one direction of one connection: header blocks must be decoded in the order
// they were sent. Refuses (false, error()) anything malformed or beyond its bounds; after a refusal the
// context is unusable (RFC 7540 4.3: a decoding error ends the connection).
class Decoder
{
    Q_DECLARE_TR_FUNCTIONS(Hpack)

public:
    // maxTableSize: the SETTINGS_HEADER_TABLE_SIZE the peer was told (4096 unless the probe sent another);
    // maxHeaderListSize: the most a decoded block may hold, counted as RFC 7540 6.5.2 counts it
    // (name + value + 32 per field).
    explicit Decoder(quint32 maxTableSize = 4096, qsizetype maxHeaderListSize = 16384);

    bool decode(QByteArrayView block, QList<Header> *headers);
    QString error() const { return m_error; }

    // The dynamic table, newest entry first, and its size in the sense of RFC 7541 4.1.
    const QList<Header> &dynamicTable() const { return m_table; }
    qsizetype tableSize() const { return m_tableSize; }
    quint32 tableCapacity() const { return m_capacity; }

private:
    bool fail(const QString &problem);
    bool readString(QByteArrayView bytes, qsizetype *at, QByteArray *out, qsizetype maxBytes, QString *problem);
    bool lookup(quint32 index, Header *header);
    void insert(const Header &header);
    void evictTo(qsizetype size);

    const quint32 m_maxTableSize;
    const qsizetype m_maxHeaderListSize;
    quint32 m_capacity;
    QList<Header> m_table;
    qsizetype m_tableSize = 0;
    QString m_error;
    bool m_broken = false;
};

// An integer with an N-bit prefix (5.1) read from bytes at *at; false when the bytes end first or the
// value does not fit 32 bits.
bool decodeInteger(QByteArrayView bytes, qsizetype *at, int prefixBits, quint32 *value);
// The Huffman-coded string (5.2, Appendix B); false on an EOS symbol, padding longer than 7 bits or
// padding that is not the most significant bits of EOS, or output beyond maxBytes.
bool decodeHuffman(QByteArrayView coded, QByteArray *out, qsizetype maxBytes);
// The code and length of a symbol (0-255, 256 = EOS), derived from Appendix B's code lengths.
quint32 huffmanCode(int symbol, int *bits);

// flags: the bits above the prefix in the first octet.
QByteArray encodeInteger(quint32 value, int prefixBits, quint8 flags);
// An indexed header field (6.1) from the static table.
QByteArray indexedField(quint32 index);
// A literal header field without indexing (6.2.2), raw octets (no Huffman). nameIndex 0: a new name.
QByteArray literalField(quint32 nameIndex, const QByteArray &name, const QByteArray &value);

} // namespace Hpack
