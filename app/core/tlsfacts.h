#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// What a TLS handshake showed about an edge: written by the TLS checks, serialised as a check's
// "tls" object (topocheck-results/1), read by the report and the window. The one place that says
// when a certificate counts as expiring soon.
struct TlsFacts
{
    // A certificate that expires in fewer days than this is a soft finding (CONTRACT.md).
    static constexpr int ExpiryWarningDays = 30;

    QString version; // "TLS 1.3"
    QString cipher;
    QString subject; // "CN=lb.corp, O=Corp"
    QStringList sans; // "DNS:lb.corp", "IP:10.0.0.1"
    QString issuer;
    QDateTime notAfter; // UTC; invalid when unknown
    std::optional<int> daysLeft; // negative once expired
    std::optional<bool> trusted; // unset: the check could not tell
    std::optional<bool> nameOk;
    QStringList errors; // the TLS library's complaints, as it words them
    QJsonObject extra;  // keys of a results file that this version does not know, kept as they came

    bool isEmpty() const { return version.isEmpty() && cipher.isEmpty() && subject.isEmpty() && !daysLeft && extra.isEmpty(); }
    bool expired() const { return daysLeft && *daysLeft < 0; }
    bool expiresSoon() const { return daysLeft && *daysLeft >= 0 && *daysLeft < ExpiryWarningDays; }
    bool untrusted() const { return trusted == false; } // only an explicit false is a finding
    bool nameMismatch() const { return nameOk == false; }
    bool oldProtocol() const; // negotiated below TLS 1.2

    QJsonObject toJson() const;
    static TlsFacts fromJson(const QJsonObject &object);

    friend bool operator==(const TlsFacts &a, const TlsFacts &b) { return a.toJson() == b.toJson(); }
    friend bool operator!=(const TlsFacts &a, const TlsFacts &b) { return !(a == b); }
};

Q_DECLARE_METATYPE(TlsFacts)
