#include "derwriter.h"

namespace DerWriter {

QByteArray tlv(quint8 tag, const QByteArray &contents)
{
    QByteArray out(1, char(tag));
    const qsizetype n = contents.size();
    if (n < 0x80) {
        out.append(char(n));
    } else {
        QByteArray length;
        for (qsizetype rest = n; rest > 0; rest >>= 8)
            length.prepend(char(rest & 0xff));
        out.append(char(0x80 | length.size()));
        out.append(length);
    }
    out.append(contents);
    return out;
}

} // namespace DerWriter
