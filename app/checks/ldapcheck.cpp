#include "ldapcheck.h"

#include "ldapwire.h"

#include <algorithm>

namespace {
constexpr int SearchId = 1;
}

LdapCheck::LdapCheck(bool tls, QObject *parent)
    : ProtocolCheck(tls ? QStringLiteral("LDAPS") : QStringLiteral("LDAP"), MaxTextReply, parent)
{
    useChannel(tls, true, {});
}

LdapCheck::~LdapCheck() = default;

QByteArray LdapCheck::request()
{
    return LdapWire::rootDseSearchRequest(SearchId);
}

std::optional<ServiceOutcome> LdapCheck::received(QByteArray &buffer)
{
    for (;;) {
        LdapWire::Message message;
        int consumed = 0;
        switch (LdapWire::readMessage(buffer, &message, &consumed)) {
        case LdapWire::Parse::NeedMore:
            return std::nullopt;
        case LdapWire::Parse::Malformed:
            return webServerOr(
                buffer,
                ServiceOutcome::mismatch(
                    tr("not an LDAP answer (first bytes: %1)").arg(firstBytesHex(buffer)),
                    tr("Another service listens on %1: the Control Room needs a domain controller (LDAP) there.")
                        .arg(endpoint())));
        case LdapWire::Parse::Complete:
            break;
        }
        buffer.remove(0, consumed);

        if (message.messageId == 0 && message.op == LdapWire::ExtendedResponseTag) {
            // Notice of Disconnection (RFC 4511 4.4.1): an LDAP server, but it will not talk to us.
            QString diagnostic;
            LdapWire::parseResultCode(message.opValue, &diagnostic);
            return ServiceOutcome::ok(tr("LDAP server (it ended the session: %1)").arg(diagnostic.left(120)));
        }
        if (message.messageId != SearchId)
            continue;
        if (message.op == LdapWire::SearchResultEntryTag) {
            QString name;
            if (!LdapWire::parseSearchResultEntry(message.opValue, &name, &m_rootDse)) {
                return ServiceOutcome::mismatch(tr("a malformed LDAP SearchResultEntry"),
                                                tr("The server on %1 answers LDAP incorrectly.").arg(endpoint()));
            }
            m_sawEntry = true;
        } else if (message.op == LdapWire::SearchResultDoneTag) {
            QString diagnostic;
            return conclude(LdapWire::parseResultCode(message.opValue, &diagnostic), diagnostic);
        } else if (message.op != LdapWire::SearchResultReferenceTag) {
            return ServiceOutcome::mismatch(
                tr("an unexpected LDAP operation 0x%1 in answer to a search").arg(message.op, 2, 16, QLatin1Char('0')),
                tr("The server on %1 answers LDAP incorrectly.").arg(endpoint()));
        }
    }
}

ServiceOutcome LdapCheck::conclude(int resultCode, const QString &diagnostic)
{
    send(LdapWire::unbindRequest(SearchId + 1));
    if (!m_sawEntry) {
        if (resultCode < 0)
            return ServiceOutcome::mismatch(tr("a malformed LDAP SearchResultDone"),
                                            tr("The server on %1 answers LDAP incorrectly.").arg(endpoint()));
        return ServiceOutcome::ok(tr("LDAP server; the RootDSE search was refused (resultCode %1%2)")
                                      .arg(resultCode)
                                      .arg(diagnostic.isEmpty() ? QString()
                                                                : QStringLiteral(": ") + diagnostic.left(120)));
    }

    QStringList versions = m_rootDse.value(QStringLiteral("supportedLDAPVersion"));
    std::sort(versions.begin(), versions.end());
    QStringList parts;
    parts.append(versions.isEmpty() ? QStringLiteral("LDAP")
                                    : QStringLiteral("LDAP v") + versions.join(QStringLiteral("/v")));
    const QString defaultContext = m_rootDse.value(QStringLiteral("defaultNamingContext")).value(0);
    const QStringList contexts = m_rootDse.value(QStringLiteral("namingContexts"));
    if (!defaultContext.isEmpty())
        parts.append(tr("naming context %1").arg(defaultContext));
    else if (contexts.size() == 1)
        parts.append(tr("naming context %1").arg(contexts.first()));
    else if (!contexts.isEmpty())
        parts.append(tr("naming contexts %1").arg(contexts.mid(0, 4).join(QStringLiteral(", "))));
    const QString dnsHostName = m_rootDse.value(QStringLiteral("dnsHostName")).value(0);
    if (!dnsHostName.isEmpty())
        parts.append(tr("dnsHostName %1").arg(dnsHostName));

    ServiceOutcome out = ServiceOutcome::ok({});
    const QStringList gc = m_rootDse.value(QStringLiteral("isGlobalCatalogReady"));
    const bool gcPort = context().port == 3268 || context().port == 3269;
    if (!gc.isEmpty()) {
        const bool ready = gc.first().compare(QLatin1String("TRUE"), Qt::CaseInsensitive) == 0;
        parts.append(ready ? tr("global catalog ready") : tr("global catalog not ready"));
        if (!ready && gcPort) {
            out.softFinding = true;
            out.advice = tr("This domain controller answers on the global catalog port but is not a ready global "
                            "catalog: point the Control Room at a global catalog server.");
        }
    }
    if (versions.isEmpty() && contexts.isEmpty() && defaultContext.isEmpty())
        parts.append(tr("empty RootDSE (resultCode %1)").arg(resultCode));
    out.detail = parts.join(QStringLiteral(", "));
    return out;
}
