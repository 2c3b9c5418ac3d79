#include "tlsinspector.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

#include <algorithm>

namespace {

bool isTrustProblem(QSslError::SslError error)
{
    switch (error) {
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToDecryptCertificateSignature:
    case QSslError::UnableToDecodeIssuerPublicKey:
    case QSslError::InvalidCaCertificate:
    case QSslError::PathLengthExceeded:
    case QSslError::InvalidPurpose:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
    case QSslError::SubjectIssuerMismatch:
    case QSslError::AuthorityIssuerSerialNumberMismatch:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::NoPeerCertificate:
        return true;
    default:
        return false;
    }
}

bool isFatal(QSslError::SslError error)
{
    switch (error) {
    case QSslError::CertificateExpired:
    case QSslError::CertificateNotYetValid:
    case QSslError::CertificateRevoked:
    case QSslError::CertificateSignatureFailed:
    case QSslError::CertificateBlacklisted:
        return true;
    default:
        return false;
    }
}

QString names(const QSslCertificate &cert, bool issuer)
{
    const QStringList cn = issuer ? cert.issuerInfo(QSslCertificate::CommonName)
                                  : cert.subjectInfo(QSslCertificate::CommonName);
    const QStringList org = issuer ? cert.issuerInfo(QSslCertificate::Organization)
                                   : cert.subjectInfo(QSslCertificate::Organization);
    QStringList parts;
    for (const QString &c : cn)
        parts.append(QStringLiteral("CN=") + c);
    for (const QString &o : org)
        parts.append(QStringLiteral("O=") + o);
    return parts.join(QStringLiteral(", "));
}

// The system's trusted roots, read once per process (Qt reads the whole store on every call; a run has
// many TLS checks). A CA installed while the process runs counts from its next start.
const QList<QSslCertificate> &systemRoots()
{
    static const QList<QSslCertificate> roots = QSslConfiguration::systemCaCertificates();
    return roots;
}

} // namespace

QString TlsInspector::peerName(const QString &host)
{
    if (host.size() > 1 && host.endsWith(QLatin1Char('.')) && !host.endsWith(QLatin1String("..")))
        return host.chopped(1);
    return host;
}

QString TlsInspector::protocolName(QSsl::SslProtocol protocol)
{
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    switch (protocol) {
    case QSsl::TlsV1_0: return QStringLiteral("TLS 1.0");
    case QSsl::TlsV1_1: return QStringLiteral("TLS 1.1");
    case QSsl::TlsV1_2: return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3: return QStringLiteral("TLS 1.3");
    case QSsl::DtlsV1_0: return QStringLiteral("DTLS 1.0");
    case QSsl::DtlsV1_2: return QStringLiteral("DTLS 1.2");
    default: return tr("unknown protocol");
    }
    QT_WARNING_POP
}

QString TlsInspector::configure(QSslSocket *socket, const QString &host, const QString &caFile,
                                const QList<QByteArray> &alpn)
{
    // The default configuration finds the system's roots on demand; any change to its CA list turns
    // that off, so a CA file is added to the system's roots read in full.
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    QString problem;
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            problem = tr("the CA file %1 cannot be read (%2)").arg(caFile, file.errorString());
        } else {
            const QByteArray data = file.read(4 * 1024 * 1024);
            QList<QSslCertificate> extra = QSslCertificate::fromData(data, QSsl::Pem);
            if (extra.isEmpty())
                extra = QSslCertificate::fromData(data, QSsl::Der);
            if (extra.isEmpty())
                problem = tr("the CA file %1 holds no certificate").arg(caFile);
            else
                conf.setCaCertificates(systemRoots() + extra);
        }
    }
    // VerifyPeer (not QueryPeer) so that OpenSSL validates the chain and Qt the name; the check
    // records every sslErrors() and ignores them to finish the handshake and report them all.
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    conf.setProtocol(QSsl::AnyProtocol);
    if (!alpn.isEmpty())
        conf.setAllowedNextProtocols(alpn);
    socket->setSslConfiguration(conf);
    socket->setPeerVerifyName(peerName(host)); // Qt sends it as SNI too
    return problem;
}

TlsInspector::Report TlsInspector::inspect(const QSslSocket &socket, const QList<QSslError> &errors,
                                           const QString &host)
{
    return assess(socket.sessionProtocol(), socket.sessionCipher().name(), socket.peerCertificateChain(), errors,
                  peerName(host));
}

TlsInspector::Report TlsInspector::assess(QSsl::SslProtocol protocol, const QString &cipher,
                                          const QList<QSslCertificate> &chain, const QList<QSslError> &errors,
                                          const QString &host, const QDateTime &now)
{
    Report r;
    const QSslCertificate leaf = chain.isEmpty() ? QSslCertificate() : chain.first();
    const QString version = protocolName(protocol);

    QStringList sans;
    const auto alternatives = leaf.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it) {
        if (it.key() == QSsl::DnsEntry)
            sans.append(QStringLiteral("DNS:") + it.value());
        else if (it.key() == QSsl::IpAddressEntry)
            sans.append(QStringLiteral("IP:") + it.value());
    }
    QStringList errorTexts;
    bool trusted = true;
    bool nameOk = true;
    bool fatalError = false;
    for (const QSslError &e : errors) {
        errorTexts.append(e.errorString());
        if (e.error() == QSslError::HostNameMismatch)
            nameOk = false;
        else if (isTrustProblem(e.error()))
            trusted = false;
        else if (isFatal(e.error()))
            fatalError = true;
        else if (e.error() != QSslError::NoError)
            trusted = false; // anything else OpenSSL objects to: do not call the chain trusted
    }
    const QDateTime notAfter = leaf.expiryDate().toUTC();
    const qint64 secondsLeft = leaf.isNull() ? 0 : now.secsTo(notAfter);
    const qint64 daysLeft = secondsLeft >= 0 ? secondsLeft / 86400 : -((-secondsLeft + 86399) / 86400);

    r.tls.version = version;
    r.tls.cipher = cipher;
    r.tls.subject = names(leaf, false);
    r.tls.sans = sans;
    r.tls.issuer = names(leaf, true);
    r.tls.notAfter = notAfter;
    r.tls.daysLeft = int(daysLeft);
    r.tls.trusted = trusted && !leaf.isNull();
    r.tls.nameOk = nameOk;
    r.tls.errors = errorTexts;

    QStringList advice;
    const bool oldProtocol = protocol != QSsl::TlsV1_2 && protocol != QSsl::TlsV1_3;
    if (oldProtocol) {
        r.fatal = true;
        r.problems.append(tr("%1 negotiated, the Control Room requires TLS 1.2 or later").arg(version));
        advice.append(tr("Enable TLS 1.2 or 1.3 on the server or the device that terminates TLS."));
    }
    if (leaf.isNull()) {
        r.fatal = true;
        r.problems.append(tr("no server certificate"));
    } else if (secondsLeft < 0) {
        r.fatal = true;
        r.problems.append(tr("certificate expired %1 (%n days ago)", nullptr, int(-daysLeft))
                              .arg(notAfter.date().toString(Qt::ISODate)));
        advice.append(tr("Renew the certificate: clients refuse an expired one."));
    } else if (fatalError) {
        r.fatal = true;
        r.problems.append(tr("certificate rejected"));
        advice.append(tr("Replace the certificate: clients refuse it."));
    } else if (r.tls.expiresSoon()) {
        r.soft = true;
        // The English source keeps its singular; a translation gives every count its numerus form.
        r.problems.append(daysLeft == 1 ? tr("certificate expires in 1 day")
                                        : tr("certificate expires in %n days", nullptr, int(daysLeft)));
        advice.append(tr("Renew the certificate before %1.").arg(notAfter.date().toString(Qt::ISODate)));
    }
    if (!leaf.isNull() && !trusted) {
        r.soft = true;
        const bool selfSigned = std::any_of(errors.cbegin(), errors.cend(), [](const QSslError &e) {
            return e.error() == QSslError::SelfSignedCertificate;
        });
        r.problems.append(selfSigned ? tr("self-signed certificate, not trusted by this machine")
                                     : tr("certificate chain not trusted by this machine"));
        advice.append(tr("Install a certificate issued by a CA this machine trusts, add the issuing CA to the "
                         "trust store (or the profile's CA file), and send the intermediate certificates."));
    }
    if (!leaf.isNull() && !nameOk) {
        r.soft = true;
        r.problems.append(tr("certificate is not valid for %1").arg(host));
        advice.append(tr("Use the host name the certificate names, or reissue it with %1 in its subject "
                         "alternative names.")
                          .arg(host));
    }
    r.advice = advice.join(QLatin1Char(' '));

    QString subject = leaf.subjectInfo(QSslCertificate::CommonName).value(0);
    if (subject.isEmpty())
        subject = names(leaf, false);
    r.summary = version;
    if (!cipher.isEmpty())
        r.summary += QLatin1Char(' ') + cipher;
    if (!leaf.isNull()) {
        r.summary += secondsLeft < 0 ? tr(", CN=%1, expired %2").arg(subject, notAfter.date().toString(Qt::ISODate))
                                     : tr(", CN=%1, expires %2 (%n days)", nullptr, int(daysLeft))
                                           .arg(subject, notAfter.date().toString(Qt::ISODate));
    }
    return r;
}
