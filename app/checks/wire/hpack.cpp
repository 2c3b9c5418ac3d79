#include "hpack.h"

#include <array>

namespace {

// RFC 7541 Appendix A
struct StaticEntry
{
    const char *name;
    const char *value;
};
constexpr std::array<StaticEntry, 61> StaticTable{{
    {":authority", ""},
    {":method", "GET"},
    {":method", "POST"},
    {":path", "/"},
    {":path", "/index.html"},
    {":scheme", "http"},
    {":scheme", "https"},
    {":status", "200"},
    {":status", "204"},
    {":status", "206"},
    {":status", "304"},
    {":status", "400"},
    {":status", "404"},
    {":status", "500"},
    {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"},
    {"accept-language", ""},
    {"accept-ranges", ""},
    {"accept", ""},
    {"access-control-allow-origin", ""},
    {"age", ""},
    {"allow", ""},
    {"authorization", ""},
    {"cache-control", ""},
    {"content-disposition", ""},
    {"content-encoding", ""},
    {"content-language", ""},
    {"content-length", ""},
    {"content-location", ""},
    {"content-range", ""},
    {"content-type", ""},
    {"cookie", ""},
    {"date", ""},
    {"etag", ""},
    {"expect", ""},
    {"expires", ""},
    {"from", ""},
    {"host", ""},
    {"if-match", ""},
    {"if-modified-since", ""},
    {"if-none-match", ""},
    {"if-range", ""},
    {"if-unmodified-since", ""},
    {"last-modified", ""},
    {"link", ""},
    {"location", ""},
    {"max-forwards", ""},
    {"proxy-authenticate", ""},
    {"proxy-authorization", ""},
    {"range", ""},
    {"referer", ""},
    {"refresh", ""},
    {"retry-after", ""},
    {"server", ""},
    {"set-cookie", ""},
    {"strict-transport-security", ""},
    {"transfer-encoding", ""},
    {"user-agent", ""},
    {"vary", ""},
    {"via", ""},
    {"www-authenticate", ""},
}};

// Appendix B, the "len in bits" column, symbols 0-255 and EOS (256). The code is canonical (Appendix B:
// "a canonical Huffman code"): codes are handed out in order of length, then of symbol, so the
// lengths alone define it; tst_hpack compares derived codes with the appendix's "as hex" column.
constexpr std::array<quint8, 257> CodeLength{{
    13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, //   0- 15
    28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, //  16- 31
    6,  10, 10, 12, 13, 6,  8,  11, 10, 10, 8,  11, 8,  6,  6,  6,  //  32- 47 ' ' .. '/'
    5,  5,  5,  6,  6,  6,  6,  6,  6,  6,  7,  8,  15, 6,  12, 10, //  48- 63 '0' .. '?'
    13, 6,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  //  64- 79 '@' .. 'O'
    7,  7,  7,  7,  7,  7,  7,  7,  8,  7,  8,  13, 19, 13, 14, 6,  //  80- 95 'P' .. '_'
    15, 5,  6,  5,  6,  5,  6,  6,  6,  5,  7,  7,  6,  6,  6,  5,  //  96-111 '`' .. 'o'
    6,  7,  6,  5,  5,  6,  7,  7,  7,  7,  7,  15, 11, 14, 13, 28, // 112-127 'p' .. DEL
    20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, // 128-143
    24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, // 144-159
    22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, // 160-175
    21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, // 176-191
    26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, // 192-207
    19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, // 208-223
    20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, // 224-239
    26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, // 240-255
    30,                                                             // EOS
}};
constexpr int EndOfString = 256;
constexpr int MinCodeBits = 5;
constexpr int MaxCodeBits = 30;

// The canonical code laid out for decoding: per length, the first code, how many codes and where
// their symbols start in the symbols sorted by (length, symbol).
struct Canonical
{
    std::array<quint32, MaxCodeBits + 1> firstCode{};
    std::array<int, MaxCodeBits + 1> count{};
    std::array<int, MaxCodeBits + 1> firstIndex{};
    std::array<quint16, 257> sorted{};
    std::array<quint32, 257> code{};
};

const Canonical &canonical()
{
    static const Canonical table = [] {
        Canonical t;
        int index = 0;
        quint32 next = 0;
        for (int bits = 1; bits <= MaxCodeBits; ++bits) {
            next <<= 1;
            t.firstCode[bits] = next;
            t.firstIndex[bits] = index;
            for (int symbol = 0; symbol <= EndOfString; ++symbol) {
                if (CodeLength[symbol] != bits)
                    continue;
                t.sorted[index++] = quint16(symbol);
                t.code[symbol] = next++;
                ++t.count[bits];
            }
        }
        return t;
    }();
    return table;
}

// RFC 7541 4.1
qsizetype entrySize(const Hpack::Header &h)
{
    return h.name.size() + h.value.size() + 32;
}

} // namespace

namespace Hpack {

// 5.2: a string literal, Huffman-coded or raw; its length is bounded by the block it is in.
bool Decoder::readString(QByteArrayView bytes, qsizetype *at, QByteArray *out, qsizetype maxBytes, QString *problem)
{
    if (*at >= bytes.size()) {
        *problem = tr("the block ends before a string literal");
        return false;
    }
    const bool huffman = quint8(bytes.at(*at)) & 0x80;
    quint32 length = 0;
    if (!decodeInteger(bytes, at, 7, &length)) {
        *problem = tr("a string length that is cut off or too large");
        return false;
    }
    if (length > quint64(bytes.size() - *at)) {
        *problem = tr("a string literal of %1 octets with %2 left in the block").arg(length).arg(bytes.size() - *at);
        return false;
    }
    const QByteArrayView raw = bytes.sliced(*at, qsizetype(length));
    *at += qsizetype(length);
    if (!huffman) {
        if (raw.size() > maxBytes) {
            *problem = tr("the header list exceeds %1 octets").arg(m_maxHeaderListSize);
            return false;
        }
        *out = raw.toByteArray();
        return true;
    }
    if (!decodeHuffman(raw, out, maxBytes)) {
        *problem = out->size() >= maxBytes ? tr("the header list exceeds %1 octets").arg(m_maxHeaderListSize)
                                           : tr("a Huffman-coded string that does not decode");
        return false;
    }
    return true;
}

bool decodeInteger(QByteArrayView bytes, qsizetype *at, int prefixBits, quint32 *value)
{
    if (*at >= bytes.size() || prefixBits < 1 || prefixBits > 8)
        return false;
    const quint32 mask = (1u << prefixBits) - 1;
    quint64 v = quint8(bytes.at((*at)++)) & mask;
    if (v < mask) {
        *value = quint32(v);
        return true;
    }
    for (int shift = 0; shift <= 28; shift += 7) {
        if (*at >= bytes.size())
            return false;
        const quint8 b = quint8(bytes.at((*at)++));
        v += quint64(b & 0x7f) << shift;
        if (v > 0xffffffffu)
            return false;
        if (!(b & 0x80)) {
            *value = quint32(v);
            return true;
        }
    }
    return false; // more continuation octets than a 32-bit value needs
}

quint32 huffmanCode(int symbol, int *bits)
{
    if (symbol < 0 || symbol > EndOfString) {
        *bits = 0;
        return 0;
    }
    *bits = CodeLength[symbol];
    return canonical().code[symbol];
}

bool decodeHuffman(QByteArrayView coded, QByteArray *out, qsizetype maxBytes)
{
    const Canonical &t = canonical();
    out->clear();
    quint32 code = 0;
    int bits = 0;
    bool allOnes = true; // the bits of the symbol under way are all 1 so far (a prefix of EOS)
    for (const char c : coded) {
        for (int i = 7; i >= 0; --i) {
            const quint32 bit = (quint8(c) >> i) & 1u;
            code = (code << 1) | bit;
            allOnes = allOnes && bit;
            ++bits;
            if (bits < MinCodeBits)
                continue;
            const quint32 offset = code - t.firstCode[bits];
            if (code < t.firstCode[bits] || offset >= quint32(t.count[bits])) {
                if (bits == MaxCodeBits)
                    return false;
                continue;
            }
            const int symbol = t.sorted[t.firstIndex[bits] + int(offset)];
            if (symbol == EndOfString || out->size() >= maxBytes)
                return false; // 5.2: a decoder treats an EOS in the string as an error
            out->append(char(symbol));
            code = 0;
            bits = 0;
            allOnes = true;
        }
    }
    // 5.2: padding is at most 7 bits, all of them 1
    return bits < 8 && allOnes;
}

QByteArray encodeInteger(quint32 value, int prefixBits, quint8 flags)
{
    QByteArray out;
    const quint32 mask = (1u << prefixBits) - 1;
    if (value < mask) {
        out.append(char(flags | quint8(value)));
        return out;
    }
    out.append(char(flags | quint8(mask)));
    value -= mask;
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
    return out;
}

QByteArray indexedField(quint32 index)
{
    return encodeInteger(index, 7, 0x80);
}

QByteArray literalField(quint32 nameIndex, const QByteArray &name, const QByteArray &value)
{
    QByteArray out = encodeInteger(nameIndex, 4, 0x00);
    if (nameIndex == 0)
        out += encodeInteger(quint32(name.size()), 7, 0x00) + name;
    out += encodeInteger(quint32(value.size()), 7, 0x00) + value;
    return out;
}

Decoder::Decoder(quint32 maxTableSize, qsizetype maxHeaderListSize)
    : m_maxTableSize(maxTableSize)
    , m_maxHeaderListSize(maxHeaderListSize)
    , m_capacity(maxTableSize)
{}

bool Decoder::fail(const QString &problem)
{
    m_error = problem;
    m_broken = true;
    return false;
}

bool Decoder::lookup(quint32 index, Header *header)
{
    // 2.3.3: 1-61 the static table, then the dynamic table, newest first
    if (index == 0)
        return fail(tr("index 0"));
    if (index <= StaticTable.size()) {
        const StaticEntry &e = StaticTable[index - 1];
        *header = {QByteArray(e.name), QByteArray(e.value)};
        return true;
    }
    const quint64 dynamic = quint64(index) - StaticTable.size() - 1;
    if (dynamic >= quint64(m_table.size()))
        return fail(
            tr("index %1 beyond the %2 entries of the tables").arg(index).arg(StaticTable.size() + m_table.size()));
    *header = m_table.at(qsizetype(dynamic));
    return true;
}

void Decoder::evictTo(qsizetype size)
{
    while (m_tableSize > size && !m_table.isEmpty())
        m_tableSize -= entrySize(m_table.takeLast());
}

void Decoder::insert(const Header &header)
{
    // 4.4: an entry larger than the table empties it and is not added
    const qsizetype size = entrySize(header);
    if (size > qsizetype(m_capacity)) {
        evictTo(0);
        return;
    }
    evictTo(qsizetype(m_capacity) - size);
    m_table.prepend(header);
    m_tableSize += size;
}

bool Decoder::decode(QByteArrayView block, QList<Header> *headers)
{
    headers->clear();
    if (m_broken)
        return fail(tr("the decoding context failed before"));
    qsizetype listSize = 0;
    qsizetype at = 0;
    bool fieldSeen = false;
    QString problem;
    while (at < block.size()) {
        const quint8 first = quint8(block.at(at));
        Header header;
        if (first & 0x80) { // 6.1 indexed header field
            quint32 index = 0;
            if (!decodeInteger(block, &at, 7, &index))
                return fail(tr("an index that is cut off or too large"));
            if (!lookup(index, &header))
                return false;
        } else if ((first & 0xe0) == 0x20) { // 6.3 dynamic table size update
            quint32 size = 0;
            if (!decodeInteger(block, &at, 5, &size))
                return fail(tr("a table size update that is cut off or too large"));
            if (fieldSeen) // 4.2: only at the beginning of a block
                return fail(tr("a table size update after a header field"));
            if (size > m_maxTableSize)
                return fail(tr("a table size of %1 octets above the %2 allowed").arg(size).arg(m_maxTableSize));
            m_capacity = size;
            evictTo(qsizetype(size));
            continue;
        } else { // 6.2 literal: with incremental indexing (01), without (0000) or never indexed (0001)
            const bool indexing = (first & 0xc0) == 0x40;
            quint32 nameIndex = 0;
            if (!decodeInteger(block, &at, indexing ? 6 : 4, &nameIndex))
                return fail(tr("a name index that is cut off or too large"));
            const qsizetype room = m_maxHeaderListSize - listSize;
            if (nameIndex == 0) {
                if (!readString(block, &at, &header.name, room, &problem))
                    return fail(problem);
            } else {
                Header named;
                if (!lookup(nameIndex, &named))
                    return false;
                header.name = named.name;
            }
            if (!readString(block, &at, &header.value, room - header.name.size(), &problem))
                return fail(problem);
            if (indexing)
                insert(header);
        }
        fieldSeen = true;
        listSize += entrySize(header);
        if (listSize > m_maxHeaderListSize)
            return fail(tr("the header list exceeds %1 octets").arg(m_maxHeaderListSize));
        headers->append(header);
    }
    return true;
}

} // namespace Hpack
