#pragma once

#include "protocolcheck.h"

#include <QMap>
#include <QStringList>

// ldap / ldaps: an anonymous RootDSE search (RFC 4511 4.5.1, RFC 4512 5.1), no bind, no credentials.
class LdapCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LdapCheck)

public:
    explicit LdapCheck(bool tls, QObject *parent = nullptr);
    ~LdapCheck() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;

private:
    ServiceOutcome conclude(int resultCode, const QString &diagnostic);

    QMap<QString, QStringList> m_rootDse;
    bool m_sawEntry = false;
};
