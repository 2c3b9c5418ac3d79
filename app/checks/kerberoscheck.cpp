#include "kerberoscheck.h"

#include "kerberoswire.h"

#include <QHostAddress>
#include <QRandomGenerator>

namespace {

QString probePrincipal()
{
    // a name no directory holds, different on every run so that no lockout counter adds up
    return QStringLiteral("topocheck-probe-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

QByteArray asRequest(const CheckContext &ctx)
{
    bool fromProfile = false;
    const QString realm = KerberosCheck::realmFor(ctx, &fromProfile);
    const quint32 nonce = QRandomGenerator::global()->generate();
    // A realm the profile names must be one the KDC serves. An MIT krb5kdc serving one realm answers a
    // request for any realm from its own database, with the realm fields of the error copied from the
    // request: only a principal every served realm holds tells. The realm's own krbtgt/REALM is one
    // (RFC 4120 7.3); as a client it gets no ticket from a KDC that requires pre-authentication.
    if (fromProfile)
        return KerberosWire::tgsClientAsRequest(realm, nonce);
    return KerberosWire::asRequest(realm, probePrincipal(), nonce);
}

} // namespace

KerberosCheck::KerberosCheck(QObject *parent)
    : ProtocolCheck(tr("Kerberos"), 4 + KerberosWire::MaxMessage, parent)
{}

KerberosCheck::~KerberosCheck() = default;

QString KerberosCheck::realmFor(const CheckContext &ctx, bool *fromProfile)
{
    if (fromProfile)
        *fromProfile = !ctx.kerberosRealm.trimmed().isEmpty();
    if (!ctx.kerberosRealm.trimmed().isEmpty())
        return ctx.kerberosRealm.trimmed();
    QString host = ctx.host.trimmed();
    if (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    const bool isAddress = !QHostAddress(host).isNull() || host.startsWith(QLatin1Char('['));
    const qsizetype dot = host.indexOf(QLatin1Char('.'));
    if (!isAddress && dot > 0 && dot + 1 < host.size())
        return host.mid(dot + 1).toUpper();
    return QStringLiteral("TOPOCHECK.INVALID");
}

ServiceOutcome KerberosCheck::outcomeFor(QByteArrayView message, const CheckContext &ctx)
{
    const QString label = tr("Kerberos");
    const KerberosReply reply = KerberosWire::parseReply(message);
    switch (reply.kind) {
    case KerberosReply::Kind::NotKerberos:
        return otherService(ctx, label, message);
    case KerberosReply::Kind::Malformed:
        return malformedReply(ctx, label, reply.problem);
    case KerberosReply::Kind::AsRep:
        return ServiceOutcome::ok(tr("KDC answered: AS-REP (realm %1)").arg(reply.realm));
    case KerberosReply::Kind::KrbError:
        break;
    }
    QString meaning;
    switch (reply.errorCode) {
    case 6:
        meaning = tr("principal unknown");
        break;
    case 7:
        meaning = tr("service principal unknown");
        break;
    case 14:
        meaning = tr("encryption type not supported");
        break;
    case 18:
        meaning = tr("client revoked");
        break;
    case 24:
        meaning = tr("pre-authentication failed");
        break;
    case 25:
        meaning = tr("pre-authentication required");
        break;
    case 37:
        meaning = tr("clock skew too great");
        break;
    case 52:
        meaning = tr("response too big for UDP");
        break;
    case 60:
        meaning = tr("generic error");
        break;
    case 68:
        meaning = tr("wrong realm");
        break;
    default:
        meaning = KerberosWire::errorName(reply.errorCode);
        break;
    }
    const QString realm = reply.realm.isEmpty() ? realmFor(ctx) : reply.realm;
    QString detail = meaning.isEmpty()
                         ? tr("KDC answered: KRB-ERROR %1 (realm %2)").arg(reply.errorCode).arg(realm)
                         : tr("KDC answered: KRB-ERROR %1 %2 (realm %3)").arg(reply.errorCode).arg(meaning, realm);
    bool fromProfile = false;
    const QString asked = realmFor(ctx, &fromProfile);
    const QString advice = tr("The KDC on %1 does not serve the realm %2 set in the profile: check kerberos_realm "
                              "(the Active Directory domain in upper case) or whether %1 is a domain controller of "
                              "that domain.")
                               .arg(ctx.host, asked);
    if (reply.errorCode == 68) {
        // KDC_ERR_WRONG_REALM (Active Directory): a KDC, but not of the realm asked for. A referral (RFC 6806
        // 7) names the realm to ask in the error's crealm.
        const QString referred =
            !reply.clientRealm.isEmpty() && reply.clientRealm.compare(asked, Qt::CaseInsensitive) != 0
                ? reply.clientRealm
                : QString();
        detail = referred.isEmpty()
                     ? tr("KDC answered: KRB-ERROR 68 wrong realm (%1 is not served here)").arg(asked)
                     : tr("KDC answered: KRB-ERROR 68 wrong realm (%1 is not served here; it refers to %2)")
                           .arg(asked, referred);
        // without a realm in the profile the realm asked for was only a guess from the host name
        return fromProfile ? ServiceOutcome::mismatch(detail, advice) : ServiceOutcome::ok(detail);
    }
    // MIT krb5kdc (its e-text is the status of the lookup) that has no krbtgt/REALM: not the realm's KDC
    if (fromProfile && reply.errorCode == 6 && reply.errorText == QLatin1String("CLIENT_NOT_FOUND") &&
        reply.clientName == QString(QStringLiteral("krbtgt/") + asked) && reply.realm == asked)
        return ServiceOutcome::mismatch(
            tr("KDC answered: KRB-ERROR 6, it holds no krbtgt/%1 (%1 is not served here)").arg(asked), advice);
    return ServiceOutcome::ok(detail);
}

QByteArray KerberosCheck::request()
{
    return KerberosWire::tcpFrame(asRequest(context()));
}

std::optional<ServiceOutcome> KerberosCheck::received(QByteArray &buffer)
{
    return framed(buffer, &KerberosWire::tcpMessage,
                  [this](QByteArrayView message) { return outcomeFor(message, context()); });
}

QByteArray KerberosCheck::udpRequest(const CheckContext &ctx) const
{
    return asRequest(ctx);
}

ServiceOutcome KerberosCheck::udpReply(const QByteArray &datagram, const CheckContext &ctx) const
{
    if (datagram.isEmpty())
        return otherService(ctx, tr("Kerberos"), datagram);
    return outcomeFor(datagram, ctx);
}
