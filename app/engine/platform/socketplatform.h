#pragma once

#include <QHostAddress>
#include <QString>
#include <QtGlobal>

// What the probe engine needs from the operating system beyond Qt's sockets. One implementation
// per OS (socketplatform_windows.cpp; socketplatform_posix.cpp with _linux.cpp or _macos.cpp for the
// part that differs between those two); CMake builds the ones that fit.
//
// The TCP connect itself is done here, not by QTcpSocket: the engine needs the exact error of a
// failed connect (reset, ICMP host/admin unreachable, network unreachable), which Qt folds into
// one NetworkError or, on some network stacks (gVisor), loses entirely (a second connect() answers
// EALREADY and Qt waits for its timeout). A connected descriptor is handed to the protocol check's
// QTcpSocket with setSocketDescriptor().
namespace SocketPlatform {

// Starts a non-blocking connect. Returns the descriptor, to be watched for writability; or -1
// with *failure set (see connectFailure) when the connect failed at once.
qintptr startConnect(const QHostAddress &address, quint16 port, QString *failure);

// After the descriptor became writable (or the timeout expired): "" when connected, else
// "conn-refused", "host-unreachable", "admin-prohibited", "net-unreachable", "in-progress"
// (nothing yet: still waiting) or "socket-error: <message>".
QString connectFailure(qintptr descriptor);

// Closes with a reset instead of a FIN (SO_LINGER 0): a scan of hundreds of ports leaves no
// TIME_WAIT sockets behind on this machine. For probes that exchanged no data.
void closeAbortively(qintptr descriptor);

// Lifts the soft limit on open descriptors towards `needed` (hundreds of probes in flight).
void raiseDescriptorLimit(int needed);

// The process that listens on this TCP port on this machine ("java (pid 4242)"), or "" when the
// OS does not tell (not found, or another user's process without the right to see it).
QString tcpListener(quint16 port);

} // namespace SocketPlatform
