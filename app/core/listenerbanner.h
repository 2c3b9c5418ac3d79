#pragma once

#include "flow.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

// The line a Topocheck listener (`topocheck --listen`) sends first on every accepted TCP connection
// and as the answer to every UDP datagram, so that a check on another machine proves the path end to
// end: the bytes came from the listener of the expected role on the expected host and port, not from
// a firewall that completes handshakes itself or a NAT rule that leads elsewhere.
//
//   TOPOCHECK-LISTENER/1 tcp/443 role=control-room host=cr1.corp.local names=cr1.corp.local,cr1 addresses=10.0.0.5,fe80::1\r\n
//
// One line of printable ASCII, at most MaxBytes, fields separated by single spaces; values never contain
// spaces. Readers ignore fields they do not know (later versions may add some) and refuse a line
// without the port, the role or the host.
struct ListenerBanner
{
    Q_DECLARE_TR_FUNCTIONS(ListenerBanner)

public:
    static constexpr qsizetype MaxBytes = 512;

    Transport transport = Transport::Tcp;
    quint16 port = 0;
    QString role;
    QString hostName;        // the listener's own host name (fully qualified when known)
    QStringList names;       // every name it answers to (host name, short name), hostName included
    QList<QHostAddress> addresses; // the addresses it listens on (all of the machine's when bound to any)

    QByteArray encode() const;

    enum class Match {
        NotBanner,  // the bytes cannot be the start of a banner: another service answered
        Incomplete, // a prefix of a banner: read on (bounded by MaxBytes)
        Banner,     // a whole, valid banner line (in *banner)
        Malformed,  // starts like a banner but is not a valid one (*problem says why)
    };
    // Looks at the first bytes a destination sent. Cheap enough to run on every read.
    static Match match(QByteArrayView bytes, ListenerBanner *banner = nullptr, QString *problem = nullptr);
    // True when bytes begin with the banner's magic (or could, being shorter than it).
    static bool mayBeBanner(QByteArrayView bytes);

    // Empty when this banner answers for a probe of host (as the user typed it) at address:port; else a
    // sentence for the check's detail: the port differs, or none of the banner's names and addresses is
    // the probed host or address (a NAT rule or load balancer sending the traffic to another machine).
    QString mismatchFor(const QString &host, const QHostAddress &address, quint16 probedPort,
                        Transport probedTransport) const;
    // "Topocheck listener on cr1.corp.local (role control-room, tcp/443)".
    QString describe() const;
};
