// libFuzzer target: the HPACK decoder (RFC 7541) over a sequence of header blocks sharing one dynamic
// table, and its integer and Huffman primitives.
//
// Input layout: byte 0 picks the table size the decoder allows (0, 64, 256 or 4096 octets) and the
// header list bound (low bits); then blocks, each one octet of length followed by that many octets.
// The bytes are read in place (no copy), so AddressSanitizer sees any read past the input.
#include "hpack.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

constexpr quint32 TableSizes[] = {0, 64, 256, 4096};
constexpr qsizetype ListBounds[] = {64, 1024, 16384, 65536};

qsizetype listSize(const QList<Hpack::Header> &headers)
{
    qsizetype size = 0;
    for (const Hpack::Header &h : headers)
        size += h.name.size() + h.value.size() + 32;
    return size;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView all(reinterpret_cast<const char *>(data), qsizetype(size));
    const quint32 maxTable = TableSizes[data[0] & 3];
    const qsizetype maxList = ListBounds[(data[0] >> 2) & 3];

    Hpack::Decoder decoder(maxTable, maxList);
    bool failed = false;
    for (qsizetype at = 1; at < all.size();) {
        const qsizetype length = qMin<qsizetype>(quint8(all.at(at)), all.size() - at - 1);
        const QByteArrayView block = all.sliced(at + 1, length);
        at += 1 + length;
        QList<Hpack::Header> headers;
        const bool ok = decoder.decode(block, &headers);
        if (failed && ok)
            abort(); // a failed context stays failed (RFC 7540 4.3)
        if (!ok) {
            failed = true;
            if (decoder.error().isEmpty())
                abort(); // a refusal always says why
            continue;
        }
        if (listSize(headers) > maxList)
            abort(); // the header list bound holds
        // a block can only produce what its octets describe: at most one field per octet
        if (headers.size() > block.size())
            abort();
        if (decoder.tableSize() > qsizetype(decoder.tableCapacity()) || decoder.tableCapacity() > maxTable)
            abort(); // the dynamic table stays within what was allowed
        qsizetype entries = 0;
        for (const Hpack::Header &h : decoder.dynamicTable())
            entries += h.name.size() + h.value.size() + 32;
        if (entries != decoder.tableSize())
            abort(); // RFC 7541 4.1 size accounting
    }

    // the primitives over the whole input
    QByteArray text;
    constexpr qsizetype MaxText = 1024;
    if (Hpack::decodeHuffman(all, &text, MaxText)) {
        // the shortest code is 5 bits: no more symbols than that allows, and never above the bound
        if (text.size() > MaxText || text.size() > all.size() * 8 / 5)
            abort();
    }
    for (int prefix = 1; prefix <= 8; ++prefix) {
        qsizetype at = 0;
        quint32 value = 0;
        if (!Hpack::decodeInteger(all, &at, prefix, &value))
            continue;
        if (at < 1 || at > all.size() || at > 6)
            abort(); // consumed what it read, and no more than a 32-bit value needs
        // and the value encodes back to something that decodes to it
        const QByteArray again = Hpack::encodeInteger(value, prefix, 0);
        qsizetype at2 = 0;
        quint32 value2 = 0;
        if (!Hpack::decodeInteger(again, &at2, prefix, &value2) || value2 != value || at2 != again.size())
            abort();
    }
    return 0;
}
