#pragma once

#include <QString>
#include <QStringList>

// A box in the data-center diagram. Ids are fixed by CONTRACT.md.
struct Component
{
    enum class Owner { Vendor, Customer };

    QString id;
    QString label;
    Owner owner = Owner::Customer;
    bool multiple = false;

    bool isVendor() const { return owner == Owner::Vendor; }

    // The component ids CONTRACT.md fixes, in the order the documentation lists them.
    static const QStringList &knownIds();
    static bool isKnownId(const QString &id) { return knownIds().contains(id); }
};

namespace ComponentId {
inline const QString controlRoom = QStringLiteral("control-room");
inline const QString loadBalancer = QStringLiteral("load-balancer");
inline const QString webBrowser = QStringLiteral("web-browser");
inline const QString botAgent = QStringLiteral("bot-agent");
inline const QString externalApp = QStringLiteral("external-app");
inline const QString activeDirectory = QStringLiteral("active-directory");
inline const QString fileShare = QStringLiteral("file-share");
inline const QString sqlServer = QStringLiteral("sql-server");
inline const QString smtp = QStringLiteral("smtp");
inline const QString adminWorkstation = QStringLiteral("admin-workstation");
inline const QString localhost = QStringLiteral("localhost");
} // namespace ComponentId
