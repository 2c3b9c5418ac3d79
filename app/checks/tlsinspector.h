#pragma once

#include "tlsfacts.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QtNetwork/qssl.h>

class QSslSocket;

// What a TLS handshake shows about an edge (RFC 8446, RFC 5280 6 path validation as OpenSSL does it,
// RFC 6125 6.4 name matching as Qt does it) and how CONTRACT.md grades it: an expired certificate or
// no TLS 1.2+ fails; an untrusted chain, a name mismatch or TlsFacts::expiresSoon() is a soft finding.
class TlsInspector
{
    Q_DECLARE_TR_FUNCTIONS(TlsInspector)

public:
    struct Report
    {
        TlsFacts tls;
        QString summary;     // "TLS 1.3 TLS_AES_256_GCM_SHA384, CN=lb.lab.test, expires 2027-03-01 (455 days)"
        QStringList problems; // one phrase each, empty when all is well
        QString advice;
        bool fatal = false;
        bool soft = false;
    };

    // Prepares socket for startClientEncryption(): the system's trusted roots, plus those of caFile
    // when set (added to the system's, never instead of them), SNI and name check for peerName(host),
    // ALPN. Returns a problem with caFile (unreadable, no certificate) or an empty string.
    static QString configure(QSslSocket *socket, const QString &host, const QString &caFile,
                             const QList<QByteArray> &alpn = {});
    // The name a server knows itself by: host without the trailing dot of a fully qualified name
    // ("dc1.lab.test." -> "dc1.lab.test"), as SNI (RFC 6066 3), certificate name matching (RFC 6125
    // 6.2.1) and the HTTP Host header expect it. Addresses and other names are returned as given.
    static QString peerName(const QString &host);

    static Report inspect(const QSslSocket &socket, const QList<QSslError> &errors, const QString &host);
    // The grading itself, over plain values so that it is tested without a handshake.
    static Report assess(QSsl::SslProtocol protocol, const QString &cipher, const QList<QSslCertificate> &chain,
                         const QList<QSslError> &errors, const QString &host,
                         const QDateTime &now = QDateTime::currentDateTimeUtc());

    static QString protocolName(QSsl::SslProtocol protocol);
};
