#include "checkresultsmodel.h"
#include "linksummarymodel.h"
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

    // A finished run as the window has it: the checks in the results model, the panel on the link model.
    struct Run
    {
        explicit Run(MonitorPanel &panel)
            : m_panel(panel)
        {
            m_links.setSourceModel(&m_model);
            panel.setLinkModel(&m_links);
        }
        void record(const QDateTime &when, QList<Check> checks)
        {
            for (int i = 0; i < checks.size(); ++i)
                checks[i].id = i;
            m_model.setChecks(checks);
            m_panel.recordRun(when);
        }
        MonitorPanel &m_panel;
        CheckResultsModel m_model;
        LinkSummaryModel m_links;
    };

private Q_SLOTS:
    void everyRunAddsALatencyAndVerdictPointPerLink()
    {
        MonitorPanel panel;
        Run run(panel);
        const Check ldap = check(QStringLiteral("control-room>active-directory:ldap"), QStringLiteral("active-directory"), 389, 2.0, Verdict::Pass);
        const Check gc = check(QStringLiteral("control-room>active-directory:gc"), QStringLiteral("active-directory"), 3268, 6.0, Verdict::Pass);
        const Check smb = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 1.0, Verdict::Pass);
        const QString adLink = ldap.linkId();
        QVERIFY(!adLink.isEmpty());
        QCOMPARE(gc.linkId(), adLink);
        QVERIFY(smb.linkId() != adLink);

        const QDateTime t0 = QDateTime::currentDateTime();
        run.record(t0, {ldap, gc, smb});
        Check gcDropped = gc;
        gcDropped.state = CheckState::Filtered;
        gcDropped.verdict = Verdict::Fail;
        gcDropped.latencyMs = -1; // a timeout has no connect time
        run.record(t0.addSecs(30), {ldap, gcDropped, smb});

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
        Run run(panel);
        const Check smb = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 1.0, Verdict::Pass);
        const QDateTime t0 = QDateTime::currentDateTime();
        for (int i = 0; i < MonitorPanel::maxSamples + 15; ++i)
            run.record(t0.addSecs(i), {smb});
        const QList<MonitorPanel::Sample> h = panel.history(smb.linkId());
        QCOMPARE(h.size(), MonitorPanel::maxSamples);
        QCOMPARE(h.constLast().when, t0.addSecs(MonitorPanel::maxSamples + 14));
    }

    void samplesTheModelAsItIsNow()
    {
        MonitorPanel panel;
        panel.recordRun(QDateTime::currentDateTime()); // no model yet: nothing to sample
        CheckResultsModel model;
        LinkSummaryModel links;
        links.setSourceModel(&model);
        panel.setLinkModel(&links);
        QCOMPARE(panel.linkModel(), &links);
        Check planned = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, -1, Verdict::Skipped);
        planned.id = 1;
        planned.state = CheckState::NotTested;
        model.setChecks({planned});
        const QDateTime t0 = QDateTime::currentDateTime();
        panel.recordRun(t0);
        QVERIFY(panel.history(planned.linkId()).isEmpty()); // nothing ran on that link

        Check done = check(QStringLiteral("control-room>file-share:smb"), QStringLiteral("file-share"), 445, 7.5, Verdict::Warn);
        done.id = 1;
        model.updateCheck(done);
        panel.recordRun(t0.addSecs(5));
        const QList<MonitorPanel::Sample> h = panel.history(planned.linkId());
        QCOMPARE(h.size(), 1);
        QCOMPARE(h.at(0).warn, 1);
        QCOMPARE(h.at(0).avgMs, 7.5);
        QCOMPARE(h.at(0).when, t0.addSecs(5));
        panel.showLink(planned.linkId(), QStringLiteral("Control Room \u2192 File share"));
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
