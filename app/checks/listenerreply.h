#pragma once

#include "checkcontext.h"
#include "serviceoutcome.h"

#include <QByteArrayView>
#include <QCoreApplication>

#include <optional>

// The receiving side of `topocheck --listen` (ListenerBanner): every check, whatever protocol it was about
// to speak, looks at the first bytes the destination sends before its own parser does. A listener's banner
// is what answers the check's first message, so recognising it costs no extra wait. The outcome carries
// reason "listener": `ok` when the banner names the probed port and the probed host or address, else
// `mismatch` with the banner's own sentence (a NAT rule or load balancer sending the traffic elsewhere).
struct ListenerReply
{
    Q_DECLARE_TR_FUNCTIONS(ListenerReply)

public:
    static inline const QString reason = QStringLiteral("listener");

    enum class Seen {
        Other,    // not a listener: the check's own protocol decides
        ReadOn,   // a beginning of a banner: read on (the banner is at most ListenerBanner::MaxBytes)
        Listener, // a listener answered: *outcome holds the check's outcome
    };
    // bytes: everything the destination sent so far on a stream.
    static Seen look(QByteArrayView bytes, const CheckContext &ctx, ServiceOutcome *outcome);
    // A whole datagram (UDP): a listener's answer, or nothing.
    static std::optional<ServiceOutcome> fromDatagram(QByteArrayView datagram, const CheckContext &ctx);
    // The connection ended in the middle of what began as a banner.
    static ServiceOutcome truncated(QByteArrayView bytes, const CheckContext &ctx);
};
