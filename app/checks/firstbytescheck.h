#pragma once

#include "protocolcheck.h"

// A direct flow of protocol "tcp" has nothing to speak after the connect, but a Topocheck listener on
// the other side speaks first (ProtocolCheck recognises its banner). This check only gives the banner
// its chance: the listener sends it when it accepts, so it arrives about one round trip after the
// connect completed. It waits three times the connect's measured duration plus 50 ms (at most the
// timeout), then concludes as a plain connect always did: open, service unchecked. A peer that speaks,
// closes or resets ends the wait at once, so ports of a running product and refused ones cost nothing
// more. With --expect-listener the banner is required and the check waits up to the timeout for it.
class FirstBytesCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstBytesCheck)

public:
    FirstBytesCheck();
    ~FirstBytesCheck() override;

    int nudgeAfterMs() const override;
    static int waitMs(const CheckContext &ctx);

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer) override;
    ServiceOutcome unanswered(const QByteArray &buffer) const override;
    ServiceOutcome connectionBroken(const QString &problem) const override;
    void nudged() override;
};
