#pragma once

#include "check.h"

#include <QCoreApplication>
#include <QString>

// The sentence or two a network engineer acts on when a check fails for a transport reason
// (dropped, refused, unreachable, not resolved) or when an exposure check finds a port open.
class TransportAdvice
{
    Q_DECLARE_TR_FUNCTIONS(TransportAdvice)

public:
    // "" when the check needs no advice (pass or skipped) or when nothing transport-level explains it.
    static QString forCheck(const Check &check, int timeoutMs);
};
