#include "checkfiltermodel.h"
#include "checkplan.h"
#include "checkresultsmodel.h"
#include "component.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {
QList<Check> samplePlan()
{
    Profile p;
    p.hosts[ComponentId::controlRoom] = {QStringLiteral("cr1.example.test"), QStringLiteral("cr2.example.test")};
    p.hosts[ComponentId::activeDirectory] = {QStringLiteral("dc1.example.test")};
    p.hosts[ComponentId::sqlServer] = {QStringLiteral("sql.example.test")};
    Vantage v;
    v.role = QStringLiteral("all");
    return CheckPlan::build(TopologyTemplate::builtin(p.templateId), p, v).checks();
}
} // namespace

class TestCheckResultsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelAndProxyAreConsistent()
    {
        CheckResultsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CheckFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QList<Check> plan = samplePlan();
        model.setChecks(plan);
        QCOMPARE(model.rowCount(), plan.size());
        QCOMPARE(filter.rowCount(), plan.size());

        filter.showLink(QStringLiteral("control-room>active-directory"));
        QCOMPARE(filter.rowCount(), 6); // 389 636 3268 3269 88/tcp 88/udp on one DC
        for (int r = 0; r < filter.rowCount(); ++r)
            QCOMPARE(filter.index(r, 0).data(CheckResultsModel::ToRole).toString(), ComponentId::activeDirectory);

        // a result lands: the row changes in place and the problems filter picks it up
        Check c = model.checks().at(model.rowOf(filter.index(3, 0).data(CheckResultsModel::CheckIdRole).toInt()));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        c.state = CheckState::Filtered;
        c.reason = QStringLiteral("no-response");
        c.decide();
        QCOMPARE(c.verdict, Verdict::Fail);
        QVERIFY(model.updateCheck(c));
        QCOMPARE(changed.size(), 1);
        filter.setProblemsOnly(true);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, CheckResultsModel::ReasonColumn).data().toString(), QStringLiteral("no-response"));
        QVERIFY(filter.index(0, CheckResultsModel::VerdictColumn).data().toString().contains(QStringLiteral("fail")));
        filter.setProblemsOnly(false);

        model.setRunning(c.id, true);
        QCOMPARE(model.index(model.rowOf(c.id), 0).data(CheckResultsModel::RunningRole).toBool(), true);
        model.clearRunning();
        QCOMPARE(model.index(model.rowOf(c.id), 0).data(CheckResultsModel::RunningRole).toBool(), false);

        Check unknown = c;
        unknown.id = 99999;
        QVERIFY(!model.updateCheck(unknown));

        // one Control Room node: the checks towards that host only
        filter.showComponent(ComponentId::controlRoom, QStringLiteral("cr2.example.test"));
        QVERIFY(filter.rowCount() > 0);
        for (int r = 0; r < filter.rowCount(); ++r)
            QCOMPARE(filter.index(r, 0).data(CheckResultsModel::HostRole).toString(), QStringLiteral("cr2.example.test"));

        // sorting by port through the sort role
        filter.showLink(QStringLiteral("control-room>active-directory"));
        filter.sort(CheckResultsModel::PortColumn, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, CheckResultsModel::PortColumn).data().toString(), QStringLiteral("3269/tcp"));
        model.setChecks({});
        QCOMPARE(filter.rowCount(), 0);
    }

    void copiesRowsAsText()
    {
        CheckResultsModel model;
        model.setChecks(samplePlan());
        const QString text = model.rowsAsText({0, 1});
        const QStringList lines = text.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(0).startsWith(QStringLiteral("Flow\tHost\t")));
        QCOMPARE(lines.at(1).count(QLatin1Char('\t')), CheckResultsModel::ColumnCount - 1);
    }
};

QTEST_MAIN(TestCheckResultsModel)
#include "tst_checkresultsmodel.moc"
