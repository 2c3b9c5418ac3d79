#pragma once

#include <QByteArrayView>
#include <QtGlobal>

// A bounded reader of DER type-length-value items (X.690 8.1) over bytes it does not own.
// Every read checks the remaining length; a malformed item stops the reader (ok() turns false).
class DerReader
{
public:
    explicit DerReader(QByteArrayView data)
        : m_data(data)
    {}

    bool atEnd() const { return m_pos >= m_data.size(); }
    bool ok() const { return m_ok; }

    // The next item: its identifier octet and its contents. False at the end or on a malformed item.
    bool next(quint8 *tag, QByteArrayView *value);

    // A two's-complement INTEGER's contents (at most 8 octets).
    static bool toInteger(QByteArrayView value, qint64 *out);
    // The single item inside a context-specific [n] EXPLICIT wrapper.
    static bool unwrap(QByteArrayView explicitValue, quint8 *tag, QByteArrayView *inner);

private:
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_ok = true;
};
