#pragma once

#include "protocolcheck.h"

// RFC 4120 3.1.1 / 5.4.1: an AS-REQ without pre-authentication, over TCP (7.2.2, 4-byte length prefix) or
// UDP (7.2.1): for a principal that does not exist, or for krbtgt/REALM when the profile names the realm.
// Any KRB-ERROR or AS-REP proves a KDC; no user account is touched. A KDC that does not serve the
// profile's realm (KRB-ERROR 68, or no krbtgt/REALM) is a mismatch (5.9.1 realm fields).
class KerberosCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KerberosCheck)

public:
    explicit KerberosCheck(QObject *parent = nullptr);
    ~KerberosCheck() override;

    QByteArray udpRequest(const CheckContext &ctx) const override;
    ServiceOutcome udpReply(const QByteArray &datagram, const CheckContext &ctx) const override;

    // The realm asked for: the profile's, else the host's DNS domain upper-cased, else a placeholder.
    static QString realmFor(const CheckContext &ctx, bool *fromProfile = nullptr);
    // The outcome for one KDC message (no framing), shared by TCP and UDP.
    static ServiceOutcome outcomeFor(QByteArrayView message, const CheckContext &ctx);

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
};
