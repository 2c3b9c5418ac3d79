#include "tdscheck.h"

#include "tdswire.h"

namespace {

QString releaseName(int major)
{
    switch (major) {
    case 10:
        return QStringLiteral("2008");
    case 11:
        return QStringLiteral("2012");
    case 12:
        return QStringLiteral("2014");
    case 13:
        return QStringLiteral("2016");
    case 14:
        return QStringLiteral("2017");
    case 15:
        return QStringLiteral("2019");
    case 16:
        return QStringLiteral("2022");
    default:
        return {};
    }
}

} // namespace

TdsCheck::TdsCheck(QObject *parent)
    : ProtocolCheck(tr("SQL Server (TDS)"), TdsWire::MaxPacket, parent)
{}

TdsCheck::~TdsCheck() = default;

QByteArray TdsCheck::request()
{
    return TdsWire::preloginRequest();
}

std::optional<ServiceOutcome> TdsCheck::received(QByteArray &buffer)
{
    return framed(buffer, &TdsWire::packet,
                  [this, &buffer](QByteArrayView packet) { return prelogin(packet, buffer); });
}

ServiceOutcome TdsCheck::prelogin(QByteArrayView packet, const QByteArray &buffer) const
{
    const TdsPreloginReply reply = TdsWire::parsePrelogin(packet);
    if (reply.kind == TdsPreloginReply::Kind::NotTds)
        return otherService(buffer);
    if (reply.kind == TdsPreloginReply::Kind::Malformed)
        return malformedReply(reply.problem);
    QString encryption;
    switch (reply.encryption) {
    case TdsPreloginReply::EncryptOff:
        encryption = tr("encryption for the login only");
        break;
    case TdsPreloginReply::EncryptOn:
        encryption = tr("encryption on");
        break;
    case TdsPreloginReply::EncryptNotSupported:
        encryption = tr("encryption not supported");
        break;
    case TdsPreloginReply::EncryptRequired:
        encryption = tr("encryption required");
        break;
    default:
        encryption = tr("encryption mode not stated");
        break;
    }
    const QString version = QStringLiteral("%1.%2.%3").arg(reply.major).arg(reply.minor).arg(reply.build);
    const QString release = releaseName(reply.major);
    return ServiceOutcome::ok(release.isEmpty() ? tr("SQL Server %1, %2").arg(version, encryption)
                                                : tr("SQL Server %1 (%2), %3").arg(version, release, encryption));
}
