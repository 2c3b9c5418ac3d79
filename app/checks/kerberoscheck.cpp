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
    return KerberosWire::asRequest(KerberosCheck::realmFor(ctx), probePrincipal(),
                                   QRandomGenerator::global()->generate());
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
    ServiceOutcome outcome = ServiceOutcome::ok(detail);
    bool fromProfile = false;
    const QString asked = realmFor(ctx, &fromProfile);
    if (reply.errorCode == 68) {
        // a KDC, but not of the realm asked for: logons in that realm will not work against it
        outcome.detail = tr("KDC answered: KRB-ERROR 68 wrong realm (%1 is not served here)").arg(asked);
        outcome.softFinding = fromProfile;
        if (fromProfile)
            outcome.advice = tr("The KDC on %1 does not serve the realm %2 set in the profile: check kerberos_realm "
                                "(the Active Directory domain in upper case) or whether %1 is a domain controller of "
                                "that domain.")
                                 .arg(ctx.host, asked);
    }
    return outcome;
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
