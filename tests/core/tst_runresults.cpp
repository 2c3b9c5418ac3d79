#include "checkbuilders.h"
#include "runresults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using TestSupport::finishedCheck;
using TestSupport::flowCheck;

class TstRunResults : public QObject
{
    Q_OBJECT

private:
    static RunResults sample()
    {
        RunResults r = TestSupport::runFrom(QStringLiteral("control-room"), QStringLiteral("cr1"), {});
        r.profileName = QStringLiteral("Contoso production");
        r.vantage.addresses = {QHostAddress(QStringLiteral("10.0.4.11")), QHostAddress::LocalHost};
        Check smb = finishedCheck(flowCheck(QStringLiteral("control-room>file-share:smb"),
                                            QStringLiteral("files.contoso.local"), 445, QStringLiteral("smb")),
                                  CheckState::Open, ServiceStatus::Ok, QStringLiteral("syn-ack"));
        smb.address = QStringLiteral("10.0.2.20");
        smb.detail = QStringLiteral("SMB 3.1.1 negotiated");
        smb.latencyMs = 0.94;
        Check sql = finishedCheck(flowCheck(QStringLiteral("control-room>sql-server:sql"),
                                            QStringLiteral("sql.contoso.local"), 1433, QStringLiteral("tds")),
                                  CheckState::Filtered, ServiceStatus::Unchecked, QStringLiteral("no-response"));
        sql.address = smb.address;
        sql.detail = QStringLiteral("no answer, \"dropped\", within 3000 ms");
        sql.advice = QStringLiteral("=cmd|' /C calc'!A0");
        Check skipped = smb;
        skipped.flowId = QStringLiteral("bot-agent>load-balancer:https");
        skipped.state = CheckState::NotTested;
        skipped.decide();
        r.checks = {smb, sql, skipped};
        return r;
    }

private Q_SLOTS:
    void jsonHasTheContractKeys()
    {
        const QJsonObject o = sample().toJson();
        QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("topocheck-results/1"));
        QVERIFY(o.value(QStringLiteral("tool")).toString().startsWith(QLatin1String("topocheck ")));
        QCOMPARE(o.value(QStringLiteral("started")).toString(), QStringLiteral("2026-11-28T10:00:00Z"));
        QCOMPARE(o.value(QStringLiteral("vantage")).toObject().value(QStringLiteral("addresses")).toArray(),
                 QJsonArray{QStringLiteral("10.0.4.11")});
        const QJsonObject summary = o.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("pass")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("fail")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("skipped")).toInt(), 1);
        const QJsonObject check = o.value(QStringLiteral("checks")).toArray().at(0).toObject();
        for (const char *key : {"flow", "from", "to", "host", "address", "transport", "port", "protocol", "expect", "state",
                                "reason", "service", "detail", "verdict", "latency_ms", "advice"})
            QVERIFY2(check.contains(QLatin1String(key)), key);
        QCOMPARE(check.value(QStringLiteral("latency_ms")).toDouble(), 0.9);
        QCOMPARE(check.value(QStringLiteral("port")).toInt(), 445);
        QVERIFY(o.value(QStringLiteral("checks")).toArray().at(1).toObject().value(QStringLiteral("latency_ms")).isNull());
    }

    void jsonRoundTrip()
    {
        const RunResults r = sample();
        QStringList errors;
        const RunResults back = RunResults::fromJson(r.toJsonBytes(), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(back.checks.size(), 3);
        QCOMPARE(back.checks.at(1).state, CheckState::Filtered);
        QCOMPARE(back.checks.at(1).verdict, Verdict::Fail);
        QCOMPARE(back.started, r.started);
        QCOMPARE(back.toJson(), r.toJson());
    }

    void brokenResultsAreNamed()
    {
        QStringList errors;
        RunResults::fromJson("{\"format\":\"topocheck-results/1\",\"vantage\":{\"role\":\"bot-agent\"},"
                             "\"checks\":[{\"flow\":\"x\",\"state\":\"sideways\",\"verdict\":\"pass\",\"port\":99999}]}",
                             &errors);
        QVERIFY(errors.join(QLatin1Char('\n')).contains(QLatin1String("checks[0].state")));
        QVERIFY(errors.join(QLatin1Char('\n')).contains(QLatin1String("checks[0].port")));
        errors.clear();
        RunResults::fromJson("{\"format\":\"topocheck-profile/1\"}", &errors);
        QCOMPARE(errors.size(), 1);
    }

    void csvIsOneRowPerCheckAndSafe()
    {
        const QString csv = QString::fromUtf8(sample().toCsv());
        const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.at(0).startsWith(QLatin1String("flow,from,to,host,address,transport,port")));
        QVERIFY(lines.at(1).contains(QLatin1String(",445,smb,")));
        QVERIFY(lines.at(2).contains(QLatin1String("\"no answer, \"\"dropped\"\", within 3000 ms\"")));
        QVERIFY2(lines.at(2).contains(QLatin1String("'=cmd")), "a formula must not start a cell");
    }
};

QTEST_GUILESS_MAIN(TstRunResults)
#include "tst_runresults.moc"
