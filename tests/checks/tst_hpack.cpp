// HPACK decoding (RFC 7541). Every byte sequence in the _data() tables below is taken from RFC 7541
// Appendix C (C.1 integers, C.2 single fields, C.3/C.4 requests without/with Huffman, C.5/C.6 responses
// without/with Huffman at SETTINGS_HEADER_TABLE_SIZE 256), and the Huffman rows from Appendix B.
#include "hpack.h"

#include <QTest>

using Headers = QList<Hpack::Header>;
Q_DECLARE_METATYPE(Hpack::Header)

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text).replace(' ', ""));
}

Headers list(std::initializer_list<std::pair<const char *, const char *>> fields)
{
    Headers out;
    for (const auto &f : fields)
        out.append({QByteArray(f.first), QByteArray(f.second)});
    return out;
}

const Headers Request1 =
    list({{":method", "GET"}, {":scheme", "http"}, {":path", "/"}, {":authority", "www.example.com"}});
const Headers Request2 = list({{":method", "GET"},
                               {":scheme", "http"},
                               {":path", "/"},
                               {":authority", "www.example.com"},
                               {"cache-control", "no-cache"}});
const Headers Request3 = list({{":method", "GET"},
                               {":scheme", "https"},
                               {":path", "/index.html"},
                               {":authority", "www.example.com"},
                               {"custom-key", "custom-value"}});
const Headers Response1 = list({{":status", "302"},
                                {"cache-control", "private"},
                                {"date", "Mon, 21 Oct 2013 20:13:21 GMT"},
                                {"location", "https://www.example.com"}});
const Headers Response2 = list({{":status", "307"},
                                {"cache-control", "private"},
                                {"date", "Mon, 21 Oct 2013 20:13:21 GMT"},
                                {"location", "https://www.example.com"}});
const Headers Response3 = list({{":status", "200"},
                                {"cache-control", "private"},
                                {"date", "Mon, 21 Oct 2013 20:13:22 GMT"},
                                {"location", "https://www.example.com"},
                                {"content-encoding", "gzip"},
                                {"set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"}});

} // namespace

class TestHpack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void integers_data();
    void integers();
    void singleFields_data();
    void singleFields();
    void sequences_data();
    void sequences();
    void huffmanCodes_data();
    void huffmanCodes();
    void huffmanIsComplete();
    void huffmanPadding_data();
    void huffmanPadding();
    void refusals_data();
    void refusals();
    void tableSizeUpdate();
    void bounds();
    void encodings();
};

void TestHpack::integers_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("prefix");
    QTest::addColumn<quint32>("value");
    // C.1.1, C.1.2, C.1.3 (the X bits set, as flags would be)
    QTest::newRow("C.1.1 10 on 5 bits") << hex("ea") << 5 << quint32(10);
    QTest::newRow("C.1.2 1337 on 5 bits") << hex("ff 9a 0a") << 5 << quint32(1337);
    QTest::newRow("C.1.3 42 on 8 bits") << hex("2a") << 8 << quint32(42);
}

void TestHpack::integers()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, prefix);
    QFETCH(quint32, value);
    qsizetype at = 0;
    quint32 got = 0;
    QVERIFY(Hpack::decodeInteger(bytes, &at, prefix, &got));
    QCOMPARE(got, value);
    QCOMPARE(at, bytes.size());
    // and back: the flags above the prefix kept
    const quint8 flags = prefix == 8 ? 0 : quint8(quint8(bytes.at(0)) & ~((1u << prefix) - 1));
    QCOMPARE(Hpack::encodeInteger(value, prefix, flags), bytes);
}

void TestHpack::singleFields_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("tableSize");
    QTest::newRow("C.2.1 literal with indexing")
        << hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")
        << list({{"custom-key", "custom-header"}}) << 55;
    QTest::newRow("C.2.2 literal without indexing")
        << hex("040c 2f73 616d 706c 652f 7061 7468") << list({{":path", "/sample/path"}}) << 0;
    QTest::newRow("C.2.3 literal never indexed")
        << hex("1008 7061 7373 776f 7264 0673 6563 7265 74") << list({{"password", "secret"}}) << 0;
    QTest::newRow("C.2.4 indexed") << hex("82") << list({{":method", "GET"}}) << 0;
}

void TestHpack::singleFields()
{
    QFETCH(QByteArray, block);
    QFETCH(Headers, headers);
    QFETCH(int, tableSize);
    Hpack::Decoder decoder;
    Headers got;
    QVERIFY2(decoder.decode(block, &got), qPrintable(decoder.error()));
    QCOMPARE(got, headers);
    QCOMPARE(decoder.tableSize(), tableSize);
}

void TestHpack::sequences_data()
{
    QTest::addColumn<QList<QByteArray>>("blocks");
    QTest::addColumn<QList<Headers>>("lists");
    QTest::addColumn<int>("maxTable");
    QTest::addColumn<Headers>("finalTable"); // newest first, as the RFC prints it
    QTest::addColumn<int>("finalSize");

    const QList<Headers> requests{Request1, Request2, Request3};
    const Headers requestTable =
        list({{"custom-key", "custom-value"}, {"cache-control", "no-cache"}, {":authority", "www.example.com"}});
    QTest::newRow("C.3 requests, raw")
        << QList<QByteArray>{hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"),
                             hex("8286 84be 5808 6e6f 2d63 6163 6865"),
                             hex("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f "
                                 "6d2d 7661 6c75 65")}
        << requests << 4096 << requestTable << 164;
    QTest::newRow("C.4 requests, Huffman")
        << QList<QByteArray>{hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"), hex("8286 84be 5886 a8eb 1064 9cbf"),
                             hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf")}
        << requests << 4096 << requestTable << 164;

    const QList<Headers> responses{Response1, Response2, Response3};
    const Headers responseTable = list({{"set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"},
                                        {"content-encoding", "gzip"},
                                        {"date", "Mon, 21 Oct 2013 20:13:22 GMT"}});
    QTest::newRow("C.5 responses, raw, table 256")
        << QList<QByteArray>{hex("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 "
                                 "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 "
                                 "6c65 2e63 6f6d"),
                             hex("4803 3330 37c1 c0bf"),
                             hex("88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d "
                                 "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 "
                                 "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e "
                                 "3d31")}
        << responses << 256 << responseTable << 215;
    QTest::newRow("C.6 responses, Huffman, table 256")
        << QList<QByteArray>{hex("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 "
                                 "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3"),
                             hex("4883 640e ffc1 c0bf"),
                             hex("88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab "
                                 "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f "
                                 "9587 3160 65c0 03ed 4ee5 b106 3d50 07")}
        << responses << 256 << responseTable << 215;
}

void TestHpack::sequences()
{
    QFETCH(QList<QByteArray>, blocks);
    QFETCH(QList<Headers>, lists);
    QFETCH(int, maxTable);
    QFETCH(Headers, finalTable);
    QFETCH(int, finalSize);
    Hpack::Decoder decoder(quint32(maxTable), 16384);
    // the tables the RFC prints after each block: 57, 110, 164 (requests) and 222, 222, 215 (responses)
    const QList<int> sizes = maxTable == 256 ? QList<int>{222, 222, 215} : QList<int>{57, 110, 164};
    for (int i = 0; i < blocks.size(); ++i) {
        Headers got;
        QVERIFY2(decoder.decode(blocks.at(i), &got), qPrintable(decoder.error()));
        QCOMPARE(got, lists.at(i));
        QCOMPARE(decoder.tableSize(), sizes.at(i));
    }
    QCOMPARE(decoder.dynamicTable(), finalTable);
    QCOMPARE(decoder.tableSize(), finalSize);
}

void TestHpack::huffmanCodes_data()
{
    QTest::addColumn<int>("symbol");
    QTest::addColumn<quint32>("code");
    QTest::addColumn<int>("bits");
    // rows of Appendix B ("code as hex aligned to LSB", "len in bits"), spread over every length class
    QTest::newRow("(0)") << 0 << quint32(0x1ff8) << 13;
    QTest::newRow("(1)") << 1 << quint32(0x7fffd8) << 23;
    QTest::newRow("(10)") << 10 << quint32(0x3ffffffc) << 30;
    QTest::newRow("' '") << 32 << quint32(0x14) << 6;
    QTest::newRow("'/'") << 47 << quint32(0x18) << 6;
    QTest::newRow("'0'") << 48 << quint32(0x0) << 5;
    QTest::newRow("':'") << 58 << quint32(0x5c) << 7;
    QTest::newRow("'<'") << 60 << quint32(0x7ffc) << 15;
    QTest::newRow("'\\\\'") << 92 << quint32(0x7fff0) << 19;
    QTest::newRow("'t'") << 116 << quint32(0x9) << 5;
    QTest::newRow("'~'") << 126 << quint32(0x1ffd) << 13;
    QTest::newRow("(127)") << 127 << quint32(0xffffffc) << 28;
    QTest::newRow("(153)") << 153 << quint32(0x1fffdc) << 21;
    QTest::newRow("(199)") << 199 << quint32(0x1ffffec) << 25;
    QTest::newRow("(203)") << 203 << quint32(0x7ffffde) << 27;
    QTest::newRow("(220)") << 220 << quint32(0xffffffd) << 28;
    QTest::newRow("(254)") << 254 << quint32(0x7fffff0) << 27;
    QTest::newRow("(255)") << 255 << quint32(0x3ffffee) << 26;
    QTest::newRow("EOS") << 256 << quint32(0x3fffffff) << 30;
}

void TestHpack::huffmanCodes()
{
    QFETCH(int, symbol);
    QFETCH(quint32, code);
    QFETCH(int, bits);
    int length = 0;
    QCOMPARE(Hpack::huffmanCode(symbol, &length), code);
    QCOMPARE(length, bits);
}

void TestHpack::huffmanIsComplete()
{
    // a complete prefix code: the lengths fill the code space exactly (Kraft equality), so one mistyped
    // length in the table would show here; and every symbol decodes back from its own code
    quint64 sum = 0;
    for (int s = 0; s <= 256; ++s) {
        int bits = 0;
        Hpack::huffmanCode(s, &bits);
        sum += quint64(1) << (30 - bits);
    }
    QCOMPARE(sum, quint64(1) << 30);
    for (int s = 0; s < 256; ++s) {
        int bits = 0;
        const quint64 code = Hpack::huffmanCode(s, &bits);
        const int total = (bits + 7) / 8 * 8;
        const quint64 padded = (code << (total - bits)) | ((quint64(1) << (total - bits)) - 1);
        QByteArray coded;
        for (int shift = total - 8; shift >= 0; shift -= 8)
            coded.append(char((padded >> shift) & 0xff));
        QByteArray out;
        QVERIFY2(Hpack::decodeHuffman(coded, &out, 16), qPrintable(QString::number(s)));
        QCOMPARE(out, QByteArray(1, char(s)));
    }
}

void TestHpack::huffmanPadding_data()
{
    QTest::addColumn<QByteArray>("coded");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("text");
    // "no-cache" from C.4.2: a8eb 1064 9cbf ends with 2 bits of padding (11)
    QTest::newRow("C.4.2 no-cache") << hex("a8eb 10 64 9c bf") << true << QByteArray("no-cache");
    QTest::newRow("padding of zeros") << hex("a8eb 10 64 9c bc") << false << QByteArray();
    QTest::newRow("8 bits of padding") << hex("a8eb 10 64 9c bf ff") << false << QByteArray();
    QTest::newRow("EOS in the string") << hex("ff ff ff ff") << false << QByteArray();
    QTest::newRow("empty") << QByteArray() << true << QByteArray();
}

void TestHpack::huffmanPadding()
{
    QFETCH(QByteArray, coded);
    QFETCH(bool, valid);
    QFETCH(QByteArray, text);
    QByteArray out;
    QCOMPARE(Hpack::decodeHuffman(coded, &out, 64), valid);
    if (valid)
        QCOMPARE(out, text);
}

void TestHpack::refusals_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<QString>("error");
    QTest::newRow("index 0") << hex("80") << QStringLiteral("index 0");
    QTest::newRow("index past the tables") << hex("be") << QStringLiteral("index 62 beyond the 61 entries");
    QTest::newRow("literal name cut off") << hex("400a 6375 7374") << QStringLiteral("string literal of 10 octets");
    QTest::newRow("value missing") << hex("04") << QStringLiteral("block ends before a string literal");
    QTest::newRow("endless integer") << hex("ff ff ff ff ff ff ff 7f") << QStringLiteral("cut off or too large");
    QTest::newRow("integer cut off") << hex("ff 9a") << QStringLiteral("cut off or too large");
    QTest::newRow("size update above the setting")
        << hex("3f e2 1f") << QStringLiteral("4097 octets above the 4096 allowed");
    QTest::newRow("size update after a field") << hex("82 20") << QStringLiteral("after a header field");
    QTest::newRow("bad Huffman") << hex("0482 ffff") << QStringLiteral("Huffman-coded string");
}

void TestHpack::refusals()
{
    QFETCH(QByteArray, block);
    QFETCH(QString, error);
    Hpack::Decoder decoder;
    Headers got;
    QVERIFY(!decoder.decode(block, &got));
    QVERIFY2(decoder.error().contains(error), qPrintable(decoder.error()));
    // the context is spent: a decoding error ends the connection
    QVERIFY(!decoder.decode(hex("82"), &got));
}

void TestHpack::tableSizeUpdate()
{
    // C.3.1's block fills one entry of 57 octets; a size update to 0 then empties the table and one
    // back to 4096 lets C.3.2's reference to index 62 fail, as nothing is left to refer to
    Hpack::Decoder decoder;
    Headers got;
    QVERIFY(decoder.decode(hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"), &got));
    QCOMPARE(decoder.tableSize(), 57);
    QVERIFY(decoder.decode(hex("20 3fe1 1f 82"), &got)); // 0, then 4096 (31 + 4065: e1 1f)
    QCOMPARE(got, list({{":method", "GET"}}));
    QCOMPARE(decoder.tableSize(), 0);
    QCOMPARE(decoder.tableCapacity(), 4096u);
    QVERIFY(!decoder.decode(hex("be"), &got));

    // an entry larger than the whole table empties it and is not added (4.4)
    Hpack::Decoder small(64, 16384);
    QVERIFY(small.decode(hex("4003 6b65 7903 7661 6c"), &got)); // key: val, 38 octets
    QCOMPARE(small.tableSize(), 38);
    QVERIFY(small.decode(QByteArray(hex("4003 6b65 791e") + QByteArray(30, 'x')), &got)); // 65 octets > 64
    QCOMPARE(small.tableSize(), 0);
    QVERIFY(small.dynamicTable().isEmpty());
}

void TestHpack::bounds()
{
    // a header list over the bound is refused, raw or Huffman-coded
    Hpack::Decoder decoder(4096, 100);
    Headers got;
    QVERIFY(!decoder.decode(QByteArray(hex("0003 6b65 7950") + QByteArray(80, 'x')), &got));
    QVERIFY2(decoder.error().contains(QStringLiteral("exceeds 100 octets")), qPrintable(decoder.error()));
    // 60 octets of '0' (5 bits each) is 96 decoded characters: beyond 100 with the name and 32
    Hpack::Decoder huffman(4096, 100);
    QVERIFY(!huffman.decode(QByteArray(hex("0003 6b65 79bc") + QByteArray(60, '\0')), &got));
    QVERIFY2(huffman.error().contains(QStringLiteral("exceeds 100 octets")), qPrintable(huffman.error()));
}

void TestHpack::encodings()
{
    // what GrpcCheck sends decodes to what it means
    const QByteArray block = Hpack::indexedField(3) + Hpack::indexedField(6) +
                             Hpack::literalField(4, {}, "/grpc.health.v1.Health/Check") +
                             Hpack::literalField(0, "te", "trailers");
    Hpack::Decoder decoder;
    Headers got;
    QVERIFY(decoder.decode(block, &got));
    QCOMPARE(
        got,
        list(
            {{":method", "POST"}, {":scheme", "http"}, {":path", "/grpc.health.v1.Health/Check"}, {"te", "trailers"}}));
    QCOMPARE(decoder.tableSize(), 0);
}

QTEST_APPLESS_MAIN(TestHpack)
#include "tst_hpack.moc"
