#pragma once

#include "streamcheck.h"

#include <QMap>
#include <QStringList>

// ldap / ldaps: an anonymous RootDSE search (RFC 4511 4.5.1, RFC 4512 5.1), no bind, no credentials.
class LdapCheck final : public StreamCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LdapCheck)

public:
    explicit LdapCheck(bool tls, QObject *parent = nullptr);
    ~LdapCheck() override;

protected:
    void begin() override;
    void received() override;
    QString serviceLabel() const override { return usesTls() ? QStringLiteral("LDAPS") : QStringLiteral("LDAP"); }
    QList<QByteArray> alpn() const override { return {}; }

private:
    void conclude(int resultCode, const QString &diagnostic);

    QMap<QString, QStringList> m_rootDse;
    bool m_sawEntry = false;
};
