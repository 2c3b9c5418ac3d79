#pragma once

#include <QByteArrayView>
#include <QString>

// The server's identification string (RFC 4253 4.2): "SSH-protoversion-softwareversion SP comments",
// possibly after other lines; the line is at most 255 characters with its CR LF.
struct SshIdentification
{
    enum class Kind { Incomplete, NotSsh, Malformed, Identification };
    Kind kind = Kind::Incomplete;
    QString line;         // the identification line, without CR LF
    QString protoVersion; // "2.0", "1.99" (SSH-2 compatible), "1.5" (SSH-1 only)
    QString softwareVersion;
    QString comments;
    QString firstLine; // for NotSsh: the first line that came, bounded, printable

    bool supportsSsh2() const { return protoVersion == QLatin1String("2.0") || protoVersion == QLatin1String("1.99"); }
};

namespace SshWire {
constexpr qsizetype MaxLine = 255;
constexpr qsizetype MaxPreamble = 8 * 1024; // bytes of other lines accepted before the identification
constexpr int MaxPreambleLines = 32;

// Reads the lines received so far. Incomplete: no identification line yet and nothing against it.
SshIdentification parseIdentification(QByteArrayView received);
} // namespace SshWire
