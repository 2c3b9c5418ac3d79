#include "rulesnippetdialog.h"

#include <QtTest>

class TstRuleSnippetDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheRulesOfTheFailedFlowsInEachDialect()
    {
        RunResults results;
        results.profileName = QStringLiteral("Contoso");
        results.templateId = QStringLiteral("automation360");
        results.vantage.role = QStringLiteral("control-room");
        results.vantage.hostname = QStringLiteral("cr1");
        results.vantage.addresses = {QHostAddress(QStringLiteral("10.0.4.11"))};
        Check sql;
        sql.flowId = QStringLiteral("control-room>sql-server:sql");
        sql.from = QStringLiteral("control-room");
        sql.to = QStringLiteral("sql-server");
        sql.host = QStringLiteral("sql.contoso.local");
        sql.address = QStringLiteral("10.0.2.30");
        sql.port = 14330;
        sql.protocol = QStringLiteral("tds");
        sql.runnable = true;
        sql.state = CheckState::Filtered;
        sql.reason = QStringLiteral("no-response");
        sql.decide();
        results.checks = {sql};

        RuleSnippetDialog dialog(results, TopologyTemplate::builtin(QStringLiteral("automation360")));
        QVERIFY(dialog.text().contains(QLatin1String("New-NetFirewallRule")));
        QVERIFY(dialog.text().contains(QLatin1String("14330")));
        QVERIFY(dialog.text().contains(QLatin1String("10.0.2.30")));
        dialog.selectDialect(1);
        QVERIFY(dialog.text().contains(QLatin1String("az network nsg rule create")));
        QVERIFY(dialog.text().contains(QLatin1String("14330")));
        dialog.selectDialect(2);
        QVERIFY(dialog.text().contains(QLatin1String("gcloud compute firewall-rules create")));
        QVERIFY(!dialog.text().contains(QLatin1String("New-NetFirewallRule")));
    }
};

QTEST_MAIN(TstRuleSnippetDialog)
#include "tst_rulesnippetdialog.moc"
