#pragma once

#include <QByteArray>
#include <QtGlobal>

// DER encoding (X.690 8.1) of the requests the probes send: one type-length-value item with a
// definite length in the shortest form. The counterpart of DerReader.
namespace DerWriter {
QByteArray tlv(quint8 tag, const QByteArray &contents);
} // namespace DerWriter
