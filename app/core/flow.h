#pragma once

#include "portrange.h"

#include <QString>
#include <QStringList>

enum class Transport { Tcp, Udp };
// open: a service must answer; reachable: the path must be open (a refusal by the destination
// proves it: port ranges, of which a running product listens on a few); closed: must not answer.
enum class Expectation { Open, Closed, Reachable };

QString transportName(Transport transport);
QString expectationName(Expectation expect);
// "open", "closed", "reachable"; ok == false (and Open) for anything else.
Expectation expectationFromName(const QString &name, bool *ok = nullptr);

// A required (or forbidden) network flow between two components of a template.
struct Flow
{
    QString id;
    QString from;
    QString to;
    Transport transport = Transport::Tcp;
    PortRange ports;
    QString portKey;
    QString protocol;
    QString purpose;
    Expectation expect = Expectation::Open;
    bool required = true;
    QString reference; // which row of the vendor documentation this flow comes from

    bool isExposureCheck() const { return expect == Expectation::Closed; }
    bool isCluster() const;
    bool isLocal() const;

    // The application protocols a template may name (CONTRACT.md).
    static const QStringList &knownProtocols();
};
