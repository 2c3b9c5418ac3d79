#pragma once

#include <QByteArrayView>
#include <QString>

// What else answered when the bytes are not the protocol a check expected: an HTTP server on 389,
// TLS on a plain port, an SSH banner on 445. Lets a detail say "an HTTP server (nginx/1.22.1)".
struct ForeignReply
{
    enum class Kind { Nothing, Http, Tls, Ssh, Smtp, Text, Binary };
    Kind kind = Kind::Nothing;
    QString firstLine;  // HTTP status line, banner, or printable text (bounded)
    QString server;     // HTTP Server header, when present
    QString firstBytes; // hex of the first bytes, for Binary

    static ForeignReply identify(QByteArrayView bytes);
};
