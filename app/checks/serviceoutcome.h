#pragma once

#include "checkstatus.h"
#include "tlsfacts.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

// What a protocol check concluded about the service behind an open port.
struct ServiceOutcome
{
    ServiceStatus service = ServiceStatus::Unchecked;
    QString detail;           // one line a person reads: version, banner, certificate
    QString advice;           // for mismatch/error/soft findings: likely causes and the fix
    bool softFinding = false; // works, but needs attention (untrusted chain, name mismatch, expiry < 30 days)
    TlsFacts tls;             // what a TLS handshake showed, when there was one
    QString reason;           // what was observed, when the check saw more than the transport did
                              // (CONTRACT.md `reason`: "listener"); empty: the probe's own stands

    static ServiceOutcome ok(const QString &detail) { return {ServiceStatus::Ok, detail, {}, false, {}, {}}; }
    static ServiceOutcome mismatch(const QString &detail, const QString &advice)
    {
        return {ServiceStatus::Mismatch, detail, advice, false, {}, {}};
    }
    static ServiceOutcome error(const QString &detail, const QString &advice)
    {
        return {ServiceStatus::Error, detail, advice, false, {}, {}};
    }
};

Q_DECLARE_METATYPE(ServiceOutcome)
