#include "firstbytescheck.h"

#include "listenerbanner.h"

#include <algorithm>

FirstBytesCheck::FirstBytesCheck()
    : ProtocolCheck(QStringLiteral("TCP"), ListenerBanner::MaxBytes, nullptr)
{}

FirstBytesCheck::~FirstBytesCheck() = default;

int FirstBytesCheck::waitMs(const CheckContext &ctx)
{
    if (ctx.expectListener)
        return ctx.timeoutMs;
    return int(std::min<double>(ctx.timeoutMs, 3 * std::max(ctx.connectMs, 0.0) + 50));
}

int FirstBytesCheck::nudgeAfterMs() const
{
    const int wait = waitMs(context());
    return wait < context().timeoutMs ? wait : -1;
}

QByteArray FirstBytesCheck::request()
{
    return {}; // the listener speaks first; anything else is not asked anything
}

std::optional<ServiceOutcome> FirstBytesCheck::received(QByteArray &)
{
    return ServiceOutcome(); // not a listener: the connect is what this flow asks for
}

std::optional<ServiceOutcome> FirstBytesCheck::closedEarly(const QByteArray &)
{
    return ServiceOutcome();
}

ServiceOutcome FirstBytesCheck::unanswered(const QByteArray &) const
{
    return {};
}

ServiceOutcome FirstBytesCheck::connectionBroken(const QString &) const
{
    return {};
}

void FirstBytesCheck::nudged()
{
    finish(ServiceOutcome());
}
