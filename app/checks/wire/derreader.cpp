#include "derreader.h"

bool DerReader::next(quint8 *tag, QByteArrayView *value)
{
    if (!m_ok || atEnd())
        return false;
    const qsizetype remaining = m_data.size() - m_pos;
    if (remaining < 2)
        return m_ok = false;
    const auto at = [this](qsizetype i) { return quint8(m_data.at(i)); };
    const quint8 identifier = at(m_pos);
    // High tag numbers (31 and up) never occur in the messages read here.
    if ((identifier & 0x1f) == 0x1f)
        return m_ok = false;
    qsizetype pos = m_pos + 1;
    quint64 length = at(pos++);
    if (length & 0x80) {
        const int octets = int(length & 0x7f);
        // 0x80 is BER's indefinite length, not allowed in DER; more than 4 octets is beyond any bound here.
        if (octets == 0 || octets > 4 || m_data.size() - pos < octets)
            return m_ok = false;
        length = 0;
        for (int i = 0; i < octets; ++i)
            length = (length << 8) | at(pos++);
    }
    if (length > quint64(m_data.size() - pos))
        return m_ok = false;
    *tag = identifier;
    *value = m_data.sliced(pos, qsizetype(length));
    m_pos = pos + qsizetype(length);
    return true;
}

bool DerReader::toInteger(QByteArrayView value, qint64 *out)
{
    if (value.isEmpty() || value.size() > 8)
        return false;
    quint64 v = (quint8(value.at(0)) & 0x80) ? ~quint64(0) : 0;
    for (const char c : value)
        v = (v << 8) | quint8(c);
    *out = qint64(v);
    return true;
}

bool DerReader::unwrap(QByteArrayView explicitValue, quint8 *tag, QByteArrayView *inner)
{
    DerReader reader(explicitValue);
    return reader.next(tag, inner);
}
