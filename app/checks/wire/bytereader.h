#pragma once

#include <QByteArrayView>
#include <QtGlobal>

// A bounded cursor over fixed-size binary fields (network and little-endian integers) in bytes it
// does not own. Every read checks the remaining length; a read past the end stops the reader
// (ok() turns false) and yields 0 or an empty view, so a parser checks ok() once after a group of reads.
class ByteReader
{
public:
    explicit ByteReader(QByteArrayView data)
        : m_data(data)
    {}

    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos >= m_data.size(); }
    qsizetype remaining() const { return m_data.size() - m_pos; }

    QByteArrayView take(qsizetype n);
    void skip(qsizetype n) { take(n); }
    quint8 u8();
    quint16 u16be();
    quint32 u32be();
    quint16 u16le();
    quint32 u32le();

private:
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_ok = true;
};
