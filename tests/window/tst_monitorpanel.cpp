#include "diagramscene.h"
#include "monitorpanel.h"

#include <QtTest>

class TstMonitorPanel : public QObject
{
    Q_OBJECT

private:
    static Check check(const QString &flow, const QString &to, quint16 port, double latency, Verdict verdict)
    {
        Check c;
        c.flowId = flow;
        c.from = QStringLiteral("control-room");
        c.to = to;
        c.host = QStringLiteral("dc1.contoso.local");
        c.port = port;
        c.runnable = true;
        c.state = verdict == Verdict::Fail ? CheckState::Filtered : CheckState::Open;
        c.latencyMs = latency;
        c.verdict = verdict;
        return c;
    }

private Q_SLOTS:
    void everyRunAddsALatencyAndVerdictPointPerLink()
    {
        MonitorPanel panel;
        const Check ldap = check(QStringLiteral("control-room>active-directory:ldap"), QStringLiteral("active-directory"), 389, 2.0, Verdict::Pass);
        const Check gc = check(QStringLiteral("control-room>active-directory:gc"), QStringLiteral("active-directory"), 3268, 6.0, Verdict::Pass);
        const Check smb = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 1.0, Verdict::Pass);
        const QString adLink = ldap.linkId();
        QVERIFY(!adLink.isEmpty());
        QCOMPARE(gc.linkId(), adLink);
        QVERIFY(smb.linkId() != adLink);

        const QDateTime t0 = QDateTime::currentDateTime();
        panel.recordRun(t0, {ldap, gc, smb});
        Check gcDropped = gc;
        gcDropped.state = CheckState::Filtered;
        gcDropped.verdict = Verdict::Fail;
        gcDropped.latencyMs = -1; // a timeout has no connect time
        panel.recordRun(t0.addSecs(30), {ldap, gcDropped, smb});

        const QList<MonitorPanel::Sample> ad = panel.history(adLink);
        QCOMPARE(ad.size(), 2);
        QCOMPARE(ad.at(0).minMs, 2.0);
        QCOMPARE(ad.at(0).maxMs, 6.0);
        QCOMPARE(ad.at(0).avgMs, 4.0);
        QCOMPARE(ad.at(0).pass, 2);
        QCOMPARE(ad.at(1).pass, 1);
        QCOMPARE(ad.at(1).fail, 1);
        QCOMPARE(ad.at(1).maxMs, 2.0);
        QCOMPARE(panel.history(smb.linkId()).size(), 2);

        panel.showLink(adLink, QStringLiteral("Control Room \u2192 Active Directory"));
        panel.clearHistory();
        QVERIFY(panel.history(adLink).isEmpty());
    }

    void historyIsBounded()
    {
        MonitorPanel panel;
        const Check smb = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 1.0, Verdict::Pass);
        const QDateTime t0 = QDateTime::currentDateTime();
        for (int i = 0; i < MonitorPanel::maxSamples + 15; ++i)
            panel.recordRun(t0.addSecs(i), {smb});
        const QList<MonitorPanel::Sample> h = panel.history(smb.linkId());
        QCOMPARE(h.size(), MonitorPanel::maxSamples);
        QCOMPARE(h.constLast().when, t0.addSecs(MonitorPanel::maxSamples + 14));
    }

    void monitoringToggles()
    {
        MonitorPanel panel;
        QSignalSpy spy(&panel, &MonitorPanel::monitoringChanged);
        QVERIFY(!panel.isMonitoring());
        panel.setMonitoring(true);
        QVERIFY(panel.isMonitoring());
        QCOMPARE(spy.size(), 1);
        QVERIFY(panel.intervalSeconds() > 0);
    }
};

QTEST_MAIN(TstMonitorPanel)
#include "tst_monitorpanel.moc"
