#pragma once

#include "checkstatus.h"
#include "flow.h"
#include "tlsfacts.h"
#include "vantage.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

// One (flow, host, port) probe: what the plan asks for, then what was seen (topocheck-results/1).
struct Check
{
    Q_DECLARE_TR_FUNCTIONS(Check)

public:
    // --- planned
    int id = -1; // position in the plan; results are matched back by it
    QString flowId;
    QString from;
    QString to;
    QString host;
    Transport transport = Transport::Tcp;
    quint16 port = 0;
    QString portRange; // set on a placeholder check that stands for a whole range (component without hosts)
    QString protocol;
    Expectation expect = Expectation::Open;
    QString via; // "" direct, "proxy" through options.proxy
    bool runnable = false;

    // --- observed
    QString address;
    QString sourceAddress; // the local address the connection left from (empty: no connection made)
    CheckState state = CheckState::NotTested;
    QString reason;
    ServiceStatus service = ServiceStatus::Unchecked;
    QString detail;
    Verdict verdict = Verdict::Skipped;
    double latencyMs = -1; // < 0: not measured
    QString advice;
    bool softFinding = false;
    TlsFacts tls; // certificate and protocol facts of a TLS check (empty when there was no TLS)
    QString testedFrom; // in merged results: the hostname of the machine that ran this check

    // The diagram link a check belongs to, "from>to": the one grouping that the models, the views and
    // the report share. An exposure check (expect closed) belongs to "outside>control-room" whichever
    // machine ran it; the diagram shows those on the Control Room nodes they probed.
    bool isExposure() const { return expect == Expectation::Closed; }
    QString linkId() const { return linkIdOf(isExposure() ? Vantage::outside : from, to); }
    static QString linkIdOf(const QString &from, const QString &to) { return from + QLatin1Char('>') + to; }

    // Applies CONTRACT.md's verdict rules to the observed fields.
    void decide() { verdict = decideVerdict(expect, state, service, softFinding); }
    // After decide(), CONTRACT.md's listener rules (`topocheck --listen` on the destinations): a listener
    // that named another host or port (reason "listener", service mismatch) fails whatever was expected,
    // since the path leads elsewhere; with expectListener (--expect-listener) a pass needs the listener's
    // banner, so a connection without it, a refusal or silence fails, each with its detail and advice.
    void applyListenerRules(bool expectListener);
    bool provenByListener() const { return reason == QLatin1String("listener") && service == ServiceStatus::Ok; }

    QJsonObject toJson() const;
    static Check fromJson(const QJsonObject &object, const QString &path, QStringList *errors);

    static QStringList csvHeader();
    QStringList csvFields() const;
};

Q_DECLARE_METATYPE(Check)
