#pragma once

#include <QHostAddress>
#include <QString>
#include <QtGlobal>

// The probe engine's view of the per-OS socket layer: a thin Qt adapter over OsSocket
// (platform/ossocket.h, plain C++ so that each OS's implementation is tested on its own, the
// Windows one under Wine). See there for what each call does and why the connect is done by hand;
// this only converts QHostAddress and QString.
namespace SocketPlatform {

// Starts a non-blocking connect. Returns the descriptor, to be watched for writability; or -1
// with *failure set (see connectFailure) when the connect failed at once.
qintptr startConnect(const QHostAddress &address, quint16 port, QString *failure);

// After the descriptor became writable (or the timeout expired): "" when connected, else
// "conn-refused", "host-unreachable", "admin-prohibited", "net-unreachable", "in-progress"
// (nothing yet: still waiting) or "socket-error: <message>".
QString connectFailure(qintptr descriptor);

// The index of the interface an IPv6 zone names: a number ("12", Windows' way), an interface name
// ("eth0") or, on Windows, its friendly name ("Ethernet 2"); 0 when this machine has no such interface.
uint interfaceIndex(const QString &zone);

// The local address the descriptor's connection left from, as QHostAddress writes it; "" when
// there is none yet.
QString localAddress(qintptr descriptor);

// Closes with a reset instead of a FIN (SO_LINGER 0). For probes that exchanged no data.
void closeAbortively(qintptr descriptor);

// Lifts the soft limit on open descriptors towards `needed` (hundreds of probes in flight).
void raiseDescriptorLimit(int needed);

// The process that listens on this TCP port on this machine ("java (pid 4242)"), or "" when the
// OS does not tell.
QString tcpListener(quint16 port);

} // namespace SocketPlatform
