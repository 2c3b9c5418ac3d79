#include "checkfiltermodel.h"
#include "checkplan.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "linksummarymodel.h"
#include "rangegroupmodel.h"

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

const QString cr2 = QStringLiteral("cr2.example.test");
const QString cacheFlow = QStringLiteral("control-room>control-room:cache-47100");

QList<Check> checksOf(const CheckResultsModel &model, const QString &flowId, const QString &host)
{
    QList<Check> out;
    for (const Check &c : model.checks())
        if (c.flowId == flowId && c.host == host)
            out << c;
    return out;
}

// The top-level row of the tree whose children are the checks of this range and host.
QModelIndex summaryOf(const RangeGroupModel &tree, const QString &flowId, const QString &host)
{
    for (int r = 0; r < tree.rowCount(); ++r) {
        const QModelIndex i = tree.index(r, 0);
        if (!tree.isSummaryRow(i))
            continue;
        const Check first = tree.index(0, 0, i).data(CheckResultsModel::CheckRole).value<Check>();
        if (first.flowId == flowId && first.host == host)
            return i;
    }
    return {};
}

Check finish(Check c, CheckState state)
{
    c.state = state;
    c.decide();
    return c;
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

    void batchesChangeRangesNotRows()
    {
        CheckResultsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Check> plan = samplePlan();
        QVERIFY(plan.size() > 12);
        model.setChecks(plan);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // rows 2, 3, 4 and 9, 10 start, given out of order and with an unknown id: two ranges
        model.setRunning(QList<int>{plan.at(10).id, plan.at(3).id, plan.at(2).id, 424242, plan.at(9).id, plan.at(4).id});
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 2);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 4);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 9);
        QCOMPARE(changed.at(1).at(1).value<QModelIndex>().row(), 10);
        QCOMPARE(model.runningCount(), 5);
        QVERIFY(model.isRunning(plan.at(9).id));
        QCOMPARE(model.index(3, CheckResultsModel::VerdictColumn).data().toString(), QStringLiteral("\u2026 running"));

        // three of them finish in one batch: one range for rows 2-3, one for row 10
        changed.clear();
        QList<Check> done;
        for (int row : {3, 2, 10}) {
            Check c = plan.at(row);
            c.state = CheckState::Open;
            c.decide();
            done << c;
        }
        model.updateChecks(done);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 3);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 10);
        QCOMPARE(model.runningCount(), 2);
        QCOMPARE(model.index(2, 0).data(CheckResultsModel::VerdictRole).toInt(), int(Verdict::Pass));
        QCOMPARE(model.index(2, 0).data(CheckResultsModel::RunningRole).toBool(), false);
        QCOMPARE(model.index(2, CheckResultsModel::StateColumn).data().toString(), QStringLiteral("open"));

        changed.clear();
        model.clearRunning();
        QCOMPARE(changed.size(), 2); // rows 4 and 9
        QCOMPARE(model.runningCount(), 0);
        changed.clear();
        model.clearRunning();
        model.updateChecks({});
        QCOMPARE(changed.size(), 0);
    }

    void rangeRolesFeedTheTree()
    {
        CheckResultsModel model;
        model.setChecks(samplePlan());
        const Check c = checksOf(model, cacheFlow, cr2).constFirst();
        const QModelIndex i = model.index(model.rowOf(c.id), 0);
        QVERIFY(!i.data(CheckResultsModel::RangeKeyRole).toString().isEmpty());
        QCOMPARE(i.data(CheckResultsModel::PortRole).toInt(), 47100);
        QCOMPARE(i.data(CheckResultsModel::StateRole).toInt(), int(CheckState::NotTested));
        const Check single = model.checks().constFirst();
        QCOMPARE(single.expect, Expectation::Open);
        QVERIFY(model.index(0, 0).data(CheckResultsModel::RangeKeyRole).toString().isEmpty());
    }

    void linkIdsAndNames()
    {
        CheckResultsModel model;
        QList<Check> plan = samplePlan();
        Check exposure = plan.constFirst();
        exposure.id = 77777;
        exposure.from = QStringLiteral("bot-agent");
        exposure.to = ComponentId::controlRoom;
        exposure.expect = Expectation::Closed;
        exposure.protocol = QStringLiteral("ldaps");
        plan << exposure;
        model.setChecks(plan);
        const int row = model.rowOf(exposure.id);
        QCOMPARE(model.index(row, 0).data(CheckResultsModel::LinkIdRole).toString(), exposure.linkId());
        QCOMPARE(model.index(row, 0).data(CheckResultsModel::LinkIdRole).toString(), QStringLiteral("outside>control-room"));
        QCOMPARE(model.index(row, 0).data(CheckResultsModel::ExposureRole).toBool(), true);
        QCOMPARE(model.index(row, CheckResultsModel::ProtocolColumn).data().toString(), QStringLiteral("LDAPS"));
        QVERIFY(model.index(row, CheckResultsModel::LinkColumn).data().toString().contains(QStringLiteral("must be closed")));
    }

    // The details table as a tree (issue 16): a range's checks of one host under one summary row.
    void rangesAreOneRowPerHost()
    {
        CheckResultsModel model;
        CheckFilterModel filter;
        filter.setSourceModel(&model);
        RangeGroupModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tree.setSourceModel(&filter);
        const QList<Check> plan = samplePlan();
        model.setChecks(plan);

        QHash<QString, int> members;
        for (const Check &c : plan)
            if (c.expect == Expectation::Reachable)
                ++members[c.flowId + QLatin1Char(' ') + c.host];
        // four cluster ranges towards two nodes, two localhost ranges
        QCOMPARE(members.size(), 4 * 2 + 2);
        int grouped = 0;
        for (int n : std::as_const(members))
            grouped += n;
        QCOMPARE(tree.rowCount(), plan.size() - grouped + members.size());
        QCOMPARE(tree.columnCount(), int(CheckResultsModel::ColumnCount));
        for (int c = 0; c < tree.columnCount(); ++c)
            QCOMPARE(tree.headerData(c, Qt::Horizontal).toString(), model.headerData(c, Qt::Horizontal).toString());

        const QModelIndex cache = summaryOf(tree, cacheFlow, cr2);
        QVERIFY(cache.isValid());
        QCOMPARE(tree.rowCount(cache), 101);
        QCOMPARE(cache.data(RangeGroupModel::ChildCountRole).toInt(), 101);
        QCOMPARE(tree.index(cache.row(), CheckResultsModel::PortColumn).data().toString(), QStringLiteral("47100-47200/tcp"));
        QCOMPARE(tree.index(cache.row(), CheckResultsModel::HostColumn).data().toString(), cr2);
        QCOMPARE(tree.index(cache.row(), CheckResultsModel::DetailColumn).data().toString(),
                 QStringLiteral("101 ports, none tested yet"));
        // a child is the source's row, both ways
        const QModelIndex child = tree.index(5, CheckResultsModel::PortColumn, cache);
        QVERIFY(!tree.isSummaryRow(child));
        QCOMPARE(tree.mapFromSource(tree.mapToSource(child)), child);
        QCOMPARE(child.data().toString(), tree.mapToSource(child).data().toString());
        QCOMPARE(tree.sourceRows(cache).size(), 101);
        QVERIFY(!tree.mapToSource(cache).isValid());

        // a healthy node: two ports answer, the others refuse; all pass, in one line
        QList<Check> done;
        const QList<Check> range = checksOf(model, cacheFlow, cr2);
        for (int i = 0; i < range.size(); ++i)
            done << finish(range.at(i), i < 2 ? CheckState::Open : CheckState::Closed);
        QSignalSpy changed(&tree, &QAbstractItemModel::dataChanged);
        model.updateChecks(done);
        QVERIFY(!changed.isEmpty());
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(), [&](const QList<QVariant> &args) {
            return args.at(0).value<QModelIndex>() == tree.index(cache.row(), 0);
        })); // the summary row follows its children
        QCOMPARE(tree.index(cache.row(), CheckResultsModel::DetailColumn).data().toString(),
                 QStringLiteral("path open to 101 of 101 ports, 2 answering"));
        QCOMPARE(tree.index(cache.row(), CheckResultsModel::StateColumn).data().toString(),
                 QStringLiteral("2 open \u00b7 99 refused"));
        QCOMPARE(cache.data(CheckResultsModel::VerdictRole).toInt(), int(Verdict::Pass));

        // one port dropped: the range is red and the summary row shows that check's verdict and advice
        Check dropped = finish(range.at(50), CheckState::Filtered);
        dropped.advice = QStringLiteral("add an allow rule");
        QVERIFY(model.updateCheck(dropped));
        QCOMPARE(cache.data(CheckResultsModel::VerdictRole).toInt(), int(Verdict::Fail));
        QCOMPARE(tree.index(cache.row(), CheckResultsModel::AdviceColumn).data().toString(), dropped.advice);
        QCOMPARE(tree.index(cache.row(), CheckResultsModel::DetailColumn).data().toString(),
                 QStringLiteral("path open to 100 of 101 ports, 2 answering"));

        // problems only: a range with one check left is that check, not a group
        filter.setProblemsOnly(true);
        QCOMPARE(tree.rowCount(), 1);
        QVERIFY(!tree.isSummaryRow(tree.index(0, 0)));
        QCOMPARE(tree.index(0, CheckResultsModel::PortColumn).data().toString(), QStringLiteral("47150/tcp"));
        filter.setProblemsOnly(false);

        // the link of the cluster only, sorted by port through the source: groups follow
        filter.showLink(QStringLiteral("control-room>control-room"));
        tree.sort(CheckResultsModel::PortColumn, Qt::DescendingOrder);
        QVERIFY(summaryOf(tree, cacheFlow, cr2).isValid());
        QCOMPARE(tree.rowCount(summaryOf(tree, cacheFlow, cr2)), 101);
        model.setChecks({});
        QCOMPARE(tree.rowCount(), 0);
    }

    void addedChecksAreNewRows()
    {
        // A run tests a name's further addresses as checks of their own, added after the plan (ids
        // after its last): new rows at the end, counted by the link model, results landing on them.
        CheckResultsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CheckFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RangeGroupModel tree;
        tree.setSourceModel(&filter);
        QAbstractItemModelTester treeTester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        LinkSummaryModel links;
        links.setSourceModel(&model);
        const QList<Check> plan = samplePlan();
        model.setChecks(plan);
        const QString sqlLink = QStringLiteral("control-room>sql-server");
        const LinkSummaryModel::Tally before = links.link(sqlLink);

        Check v4 = plan.at(int(std::find_if(plan.cbegin(), plan.cend(), [&](const Check &c) { return c.linkId() == sqlLink; })
                               - plan.cbegin()));
        Check v6 = v4;
        v6.id = int(plan.size());
        v6.address = QStringLiteral("fd00::20");
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendChecks({v6});
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), plan.size() + 1);
        QCOMPARE(model.rowOf(v6.id), int(plan.size()));
        QCOMPARE(links.link(sqlLink).pending, before.pending + 1);
        model.appendChecks({v6}); // an id the model holds: nothing
        QCOMPARE(inserted.size(), 1);

        v4.address = QStringLiteral("10.0.2.20");
        model.updateChecks({finish(v4, CheckState::Open), finish(v6, CheckState::Filtered)});
        const LinkSummaryModel::Tally after = links.link(sqlLink);
        QCOMPARE(after.count(Verdict::Pass), 1);
        QCOMPARE(after.count(Verdict::Fail), 1);
        QCOMPARE(after.state(), LinkSummaryModel::LinkState::Fail); // the worst of the link's checks
        filter.showLink(sqlLink);
        QCOMPARE(filter.rowCount(),
                 int(std::count_if(plan.cbegin(), plan.cend(), [&](const Check &c) { return c.linkId() == sqlLink; })) + 1);
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
