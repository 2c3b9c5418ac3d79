#pragma once

#include "flow.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

// What a protocol check needs to know about the edge it probes. Filled by the engine.
struct CheckContext
{
    QString host;         // as the user entered it: SNI, certificate name check, Host header
    QHostAddress address; // the address the engine connected to (the proxy's, when via == "proxy")
    quint16 port = 0;     // the destination port (not the proxy's)
    Transport transport = Transport::Tcp;
    QString protocol;
    QString via;          // "" direct, "proxy": the socket is connected to the proxy, not the host
    int timeoutMs = 3000; // budget for the exchange after connect
    QString kerberosRealm;
    QString websocketPath = QStringLiteral("/");
    QString caFile;
    QUrl proxy;
    double connectMs = -1;       // how long the TCP connect took (about one round trip); -1: not measured
    bool expectListener = false; // --expect-listener: the destination runs `topocheck --listen`
};
