#include "listenerreply.h"

#include "listenerbanner.h"

namespace {

ServiceOutcome malformed(const QString &problem, const CheckContext &ctx)
{
    ServiceOutcome out = ServiceOutcome::mismatch(
        ListenerReply::tr("Malformed Topocheck listener answer: %1").arg(problem),
        ListenerReply::tr("Port %1 on %2 answered like a Topocheck listener but not with a valid banner: a "
                          "listener of another version, or a device that alters the traffic. Run the same "
                          "Topocheck version on both machines.")
            .arg(ctx.port)
            .arg(ctx.host));
    out.reason = ListenerReply::reason;
    return out;
}

} // namespace

ListenerReply::Seen ListenerReply::look(QByteArrayView bytes, const CheckContext &ctx, ServiceOutcome *outcome)
{
    ListenerBanner banner;
    QString problem;
    switch (ListenerBanner::match(bytes, &banner, &problem)) {
    case ListenerBanner::Match::NotBanner:
        return Seen::Other;
    case ListenerBanner::Match::Incomplete:
        return Seen::ReadOn;
    case ListenerBanner::Match::Malformed:
        *outcome = malformed(problem, ctx);
        return Seen::Listener;
    case ListenerBanner::Match::Banner:
        break;
    }
    const QString wrong = banner.mismatchFor(ctx.host, ctx.address, ctx.port, ctx.transport);
    if (wrong.isEmpty()) {
        *outcome = ServiceOutcome::ok(tr("%1 answered: the path is open end to end").arg(banner.describe()));
    } else {
        *outcome = ServiceOutcome::mismatch(
            tr("%1 answered, but %2").arg(banner.describe(), wrong),
            tr("The traffic for %1 port %2 reaches another listener: check the NAT, port forwarding and load "
               "balancer rules for this port, and the DNS name of %1.")
                .arg(ctx.host)
                .arg(ctx.port));
    }
    outcome->reason = reason;
    return Seen::Listener;
}

std::optional<ServiceOutcome> ListenerReply::fromDatagram(QByteArrayView datagram, const CheckContext &ctx)
{
    ServiceOutcome outcome;
    switch (look(datagram, ctx, &outcome)) {
    case Seen::Other:
    case Seen::ReadOn: // a datagram is whole: a few bytes that only may begin a banner are not one
        return std::nullopt;
    case Seen::Listener:
        break;
    }
    return outcome;
}

ServiceOutcome ListenerReply::truncated(QByteArrayView bytes, const CheckContext &ctx)
{
    return malformed(tr("the banner ends after %n byte(s)", nullptr, int(bytes.size())), ctx);
}
