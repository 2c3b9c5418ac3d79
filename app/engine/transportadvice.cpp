#include "transportadvice.h"

#include "hostsyntax.h"

QString TransportAdvice::forCheck(const Check &c, int timeoutMs)
{
    if (c.verdict != Verdict::Warn && c.verdict != Verdict::Fail)
        return {};
    const QString port = transportName(c.transport) + QLatin1Char('/') + QString::number(c.port);
    // a name with several addresses is several checks: say which address this one is about
    const QString host = c.address.isEmpty() || !c.via.isEmpty() || c.address == HostSyntax::normalized(c.host)
        ? c.host
        : tr("%1 (%2)").arg(c.host, c.address);
    if (c.expect == Expectation::Closed) {
        if (c.state == CheckState::Open)
            return tr("%1 of %2 answers from this machine, outside the Control Room cluster; only the cluster nodes "
                      "need it. Add a deny rule for %1 to %2 from this network (allow it between the nodes only).")
                .arg(port, host);
        return tr("Could not prove that %1 of %2 is closed from outside the cluster (%3). Make sure a firewall denies it.")
            .arg(port, host, stateName(c.state));
    }
    switch (c.state) {
    case CheckState::Unresolved:
        if (c.via == QLatin1String("proxy"))
            return tr("The proxy's name does not resolve from this machine: check the proxy option in the profile and "
                      "this machine's DNS servers.");
        return tr("%1 does not resolve from this machine: check the spelling, the DNS suffix and this machine's DNS "
                  "servers, or enter the address instead.")
            .arg(host);
    case CheckState::Filtered:
        if (c.reason == QLatin1String("no-response"))
            return tr("Nothing answered on %1 of %2 within %3 ms: a firewall between this machine and %2 drops the "
                      "traffic, or the host is down. Add an allow rule from this machine to %2 %1.")
                .arg(port, host)
                .arg(timeoutMs);
        return tr("An ICMP unreachable (%3) came back for %1 of %2: a firewall or router rejects the traffic, or there "
                  "is no route to %2. Add an allow rule for %1 to %2, or fix the route.")
            .arg(port, host, c.reason);
    case CheckState::Closed:
        if (c.transport == Transport::Udp)
            return tr("%2 answered %1 with ICMP port unreachable: nothing listens there. Start the service on %2, or "
                      "check that it uses this port.")
                .arg(port, host);
        return tr("%2 refused %1 (TCP reset): nothing listens there (the service is stopped or uses another port), or "
                  "a firewall sends resets. Start the service or correct the port; if it runs, look for a rule "
                  "rejecting %1.")
            .arg(port, host);
    case CheckState::OpenFiltered:
        return tr("No answer and no refusal on %1 of %2: a firewall may drop it, or the service ignored the probe. "
                  "Make sure a rule allows %1 from this machine to %2.")
            .arg(port, host);
    case CheckState::Error:
        return tr("The probe of %1 on %2 could not run on this machine (%3). Check this machine's network "
                  "configuration.")
            .arg(port, host, c.reason);
    default:
        return {};
    }
}
