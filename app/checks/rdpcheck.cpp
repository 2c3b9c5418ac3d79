#include "rdpcheck.h"

#include "rdpwire.h"

RdpCheck::RdpCheck(QObject *parent)
    : ProtocolCheck(tr("RDP"), RdpWire::MaxPacket, parent)
{}

RdpCheck::~RdpCheck() = default;

QByteArray RdpCheck::request()
{
    return RdpWire::connectionRequest(RdpConfirm::Tls | RdpConfirm::CredSsp | RdpConfirm::CredSspEx);
}

std::optional<ServiceOutcome> RdpCheck::received(QByteArray &buffer)
{
    return framed(buffer, &RdpWire::tpktPacket,
                  [this, &buffer](QByteArrayView packet) { return confirmation(packet, buffer); });
}

ServiceOutcome RdpCheck::confirmation(QByteArrayView packet, const QByteArray &buffer) const
{
    const RdpConfirm confirm = RdpWire::parseConfirm(packet);
    if (confirm.kind == RdpConfirm::Kind::NotRdp)
        return otherService(buffer);
    if (confirm.kind == RdpConfirm::Kind::Malformed)
        return malformedReply(tr("the X.224 Connection Confirm is truncated or inconsistent"));
    if (confirm.negotiation == RdpConfirm::Failure) {
        QString reason;
        switch (confirm.failureCode) {
        case 1:
            reason = tr("TLS required by the server");
            break;
        case 2:
            reason = tr("TLS not allowed by the server");
            break;
        case 3:
            reason = tr("no certificate on the server");
            break;
        case 4:
            reason = tr("inconsistent flags");
            break;
        case 5:
            reason = tr("CredSSP (NLA) required by the server");
            break;
        case 6:
            reason = tr("TLS with user authentication required");
            break;
        default:
            reason = tr("unknown reason");
            break;
        }
        // still an RDP server: it understood the request and said why it will not go on
        return ServiceOutcome::ok(
            tr("RDP: server refused the negotiation, RDP_NEG_FAILURE %1 (%2)").arg(confirm.failureCode).arg(reason));
    }
    if (confirm.negotiation == RdpConfirm::NoNegotiation)
        return ServiceOutcome::ok(tr("RDP: server selected standard RDP security (no negotiation)"));
    switch (confirm.selectedProtocol) {
    case RdpConfirm::Standard:
        return ServiceOutcome::ok(tr("RDP: server selected standard RDP security"));
    case RdpConfirm::Tls:
        return ServiceOutcome::ok(tr("RDP: server selected TLS"));
    case RdpConfirm::CredSsp:
        return ServiceOutcome::ok(tr("RDP: server selected CredSSP (NLA)"));
    case RdpConfirm::CredSspEx:
        return ServiceOutcome::ok(tr("RDP: server selected CredSSP with early user authorization (NLA)"));
    case RdpConfirm::RdsTls:
        return ServiceOutcome::ok(tr("RDP: server selected RDSTLS"));
    default:
        return malformedReply(
            tr("the server selected protocol 0x%1, which was not offered").arg(confirm.selectedProtocol, 0, 16));
    }
}
