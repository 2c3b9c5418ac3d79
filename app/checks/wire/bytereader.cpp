#include "bytereader.h"

#include <QtEndian>

QByteArrayView ByteReader::take(qsizetype n)
{
    if (!m_ok || n < 0 || n > remaining()) {
        m_ok = false;
        return {};
    }
    const QByteArrayView v = m_data.sliced(m_pos, n);
    m_pos += n;
    return v;
}

quint8 ByteReader::u8()
{
    const QByteArrayView v = take(1);
    return v.isEmpty() ? 0 : quint8(v.at(0));
}

quint16 ByteReader::u16be()
{
    const QByteArrayView v = take(2);
    return v.size() == 2 ? qFromBigEndian<quint16>(v.data()) : 0;
}

quint32 ByteReader::u32be()
{
    const QByteArrayView v = take(4);
    return v.size() == 4 ? qFromBigEndian<quint32>(v.data()) : 0;
}

quint16 ByteReader::u16le()
{
    const QByteArrayView v = take(2);
    return v.size() == 2 ? qFromLittleEndian<quint16>(v.data()) : 0;
}

quint32 ByteReader::u32le()
{
    const QByteArrayView v = take(4);
    return v.size() == 4 ? qFromLittleEndian<quint32>(v.data()) : 0;
}
