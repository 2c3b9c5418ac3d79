#include "checkplan.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "linksummarymodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

namespace {
using Tally = LinkSummaryModel::Tally;
using State = LinkSummaryModel::LinkState;

const QString cr1 = QStringLiteral("cr1.example.test");
const QString cr2 = QStringLiteral("cr2.example.test");
const QString adLink = QStringLiteral("control-room>active-directory");
const QString busLink = QStringLiteral("control-room>control-room");

Profile sampleProfile()
{
    Profile p;
    p.hosts[ComponentId::controlRoom] = {cr1, cr2};
    p.hosts[ComponentId::activeDirectory] = {QStringLiteral("dc1.example.test")};
    p.hosts[ComponentId::fileShare] = {QStringLiteral("files.example.test")};
    p.hosts[ComponentId::sqlServer] = {QStringLiteral("sql.example.test")};
    return p;
}

QList<Check> planFor(const QString &role)
{
    const Profile p = sampleProfile();
    Vantage v;
    v.role = role;
    return CheckPlan::build(TopologyTemplate::builtin(p.templateId), p, v).checks();
}

// The plan of every role plus the exposure checks of a Bot Agent, numbered uniquely.
QList<Check> mixedPlan()
{
    QList<Check> checks = planFor(QStringLiteral("all"));
    const QList<Check> outside = planFor(ComponentId::botAgent);
    for (const Check &c : outside) {
        if (c.isExposure())
            checks << c;
    }
    for (int i = 0; i < checks.size(); ++i)
        checks[i].id = i;
    return checks;
}

Check finished(Check c, CheckState state, double latency = -1)
{
    c.state = state;
    c.latencyMs = latency;
    c.decide();
    return c;
}

QString exposureKey(const QString &host)
{
    return host.toLower();
}

// The same figures counted from scratch, without the model.
struct Recount
{
    QHash<QString, Tally> links;
    QHash<QString, QHash<QString, Tally>> hosts;
    QHash<QString, LinkSummaryModel::ExposureTally> exposure;
};

Recount recount(const CheckResultsModel &model)
{
    Recount r;
    QHash<QString, QList<double>> latencies;
    for (const Check &c : model.checks()) {
        const bool pending = c.runnable && c.state == CheckState::NotTested;
        const bool running = model.isRunning(c.id);
        for (Tally *t : {&r.links[c.linkId()], c.host.isEmpty() ? nullptr : &r.hosts[c.linkId()][c.host]}) {
            if (!t)
                continue;
            ++t->verdicts[int(c.verdict)];
            t->pending += pending;
            t->running += running;
            if (c.expect == Expectation::Reachable && c.runnable) {
                LinkSummaryModel::RangeTally &range = t->ranges[c.flowId];
                ++range.planned;
                range.pathOpen += c.state == CheckState::Open || c.state == CheckState::Closed;
                range.answering += c.state == CheckState::Open;
                ++range.ports[c.port];
                ++range.hosts[c.host.toLower()];
            }
        }
        if (c.state != CheckState::NotTested && c.latencyMs >= 0)
            latencies[c.linkId()] << c.latencyMs;
        if (c.isExposure() && !pending && c.verdict != Verdict::Skipped) {
            LinkSummaryModel::ExposureTally &e = r.exposure[exposureKey(c.host)];
            if (c.verdict == Verdict::Fail) {
                ++e.fail;
                ++e.failingPorts[c.port];
            } else {
                ++e.pass;
            }
        }
    }
    for (auto it = latencies.cbegin(); it != latencies.cend(); ++it) {
        Tally &t = r.links[it.key()];
        t.minMs = *std::min_element(it->cbegin(), it->cend());
        t.maxMs = *std::max_element(it->cbegin(), it->cend());
        double sum = 0;
        for (double v : *it)
            sum += v;
        t.avgMs = sum / it->size();
    }
    return r;
}

void compareWithRecount(const LinkSummaryModel &links, const CheckResultsModel &model)
{
    const Recount expected = recount(model);
    QCOMPARE(links.rowCount(), expected.links.size());
    for (auto it = expected.links.cbegin(); it != expected.links.cend(); ++it) {
        const Tally got = links.link(it.key());
        QCOMPARE(got.total(), it->total());
        for (int v = 0; v < 4; ++v)
            QCOMPARE(got.verdicts[v], it->verdicts[v]);
        QCOMPARE(got.pending, it->pending);
        QCOMPARE(got.running, it->running);
        QCOMPARE(got.minMs, it->minMs);
        QCOMPARE(got.maxMs, it->maxMs);
        QVERIFY2(qAbs(got.avgMs - it->avgMs) < 1e-9, qPrintable(it.key()));
        QVERIFY2(got.ranges == it->ranges, qPrintable(it.key()));
        const QModelIndex row = links.index(links.rowOf(it.key()));
        QCOMPARE(row.data(LinkSummaryModel::TotalRole).toInt(), it->total());
        QCOMPARE(row.data(LinkSummaryModel::StateRole).toInt(), int(it->state()));
    }
    for (auto it = expected.hosts.cbegin(); it != expected.hosts.cend(); ++it) {
        for (auto h = it->cbegin(); h != it->cend(); ++h) {
            const Tally got = links.hostTally(it.key(), h.key());
            QCOMPARE(got.total(), h->total());
            QCOMPARE(got.state(), h->state());
            QCOMPARE(got.pending, h->pending);
            QCOMPARE(got.running, h->running);
            QVERIFY2(got.ranges == h->ranges, qPrintable(h.key()));
        }
    }
    QStringList hosts = links.exposureHosts();
    QStringList expectedHosts = expected.exposure.keys();
    hosts.sort();
    expectedHosts.sort();
    QCOMPARE(hosts, expectedHosts);
    for (const QString &host : std::as_const(expectedHosts))
        QVERIFY(links.exposure(host) == expected.exposure.value(host));
}
} // namespace

class TestLinkSummaryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void incrementalUpdatesEqualAFullRecount()
    {
        CheckResultsModel model;
        LinkSummaryModel links;
        QAbstractItemModelTester tester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
        links.setSourceModel(&model);
        const QList<Check> plan = mixedPlan();
        model.setChecks(plan);
        compareWithRecount(links, model);
        QVERIFY(links.rowOf(QStringLiteral("outside>control-room")) >= 0);

        // a run in bursts: batches start, batches finish (some checks more than once), in random order
        QRandomGenerator random(20240611);
        QList<int> order;
        for (int i = 0; i < plan.size(); ++i)
            order << i;
        std::shuffle(order.begin(), order.end(), random);
        const CheckState states[] = {CheckState::Open, CheckState::Filtered, CheckState::Closed, CheckState::Error};
        for (int start = 0; start < order.size(); start += 17) {
            const QList<int> batch = order.mid(start, 17);
            QList<int> ids;
            for (int row : batch)
                ids << plan.at(row).id;
            model.setRunning(ids);
            compareWithRecount(links, model);
            QList<Check> results;
            for (int row : batch.mid(0, batch.size() - 3)) { // the last three stay running a while
                const CheckState s = states[random.bounded(4)];
                results << finished(plan.at(row), s, s == CheckState::Open ? random.bounded(50.0) : -1);
            }
            model.updateChecks(results);
            compareWithRecount(links, model);
            if (start % 3 == 0 && !results.isEmpty()) {
                // a result corrected: the old contribution goes, the new one comes
                Check again = results.constFirst();
                again = finished(again, again.state == CheckState::Open ? CheckState::Filtered : CheckState::Open, 3.5);
                QVERIFY(model.updateCheck(again));
                compareWithRecount(links, model);
            }
        }
        model.clearRunning();
        compareWithRecount(links, model);
        QCOMPARE(links.runningCount(), 0);

        // a new model of the same checks agrees with the one that followed every step
        LinkSummaryModel fresh;
        fresh.setSourceModel(&model);
        QCOMPARE(fresh.linkIds(), links.linkIds());
        for (const QString &id : links.linkIds())
            QVERIFY(fresh.link(id).total() == links.link(id).total() &&
                    fresh.link(id).state() == links.link(id).state());

        model.setChecks({});
        QCOMPARE(links.rowCount(), 0);
        QVERIFY(links.exposureHosts().isEmpty());
    }

    void runningAndPending()
    {
        CheckResultsModel model;
        LinkSummaryModel links;
        QAbstractItemModelTester tester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
        links.setSourceModel(&model);
        model.setChecks(mixedPlan());

        const QList<Check> ad = model.checksOfLink(adLink);
        QVERIFY(ad.size() >= 6);
        const QModelIndex row = links.index(links.rowOf(adLink));
        QCOMPARE(row.data(LinkSummaryModel::LinkIdRole).toString(), adLink);
        QCOMPARE(row.data(LinkSummaryModel::FromRole).toString(), ComponentId::controlRoom);
        QCOMPARE(row.data(LinkSummaryModel::ToRole).toString(), ComponentId::activeDirectory);
        QCOMPARE(row.data(LinkSummaryModel::PendingRole).toInt(), int(ad.size()));
        QCOMPARE(row.data(LinkSummaryModel::StateRole).toInt(), int(State::Idle));
        QCOMPARE(row.data(LinkSummaryModel::ExposureRole).toBool(), false);

        QSignalSpy changed(&links, &LinkSummaryModel::linkChanged);
        QSignalSpy rowsChanged(&links, &QAbstractItemModel::dataChanged);
        model.setRunning(QList<int>{ad.at(0).id, ad.at(1).id, ad.at(2).id});
        QCOMPARE(links.link(adLink).running, 3);
        QCOMPARE(links.link(adLink).state(), State::Running);
        QCOMPARE(links.runningCount(), 3);
        QVERIFY(changed.size() >= 1);
        for (const QList<QVariant> &args : std::as_const(changed))
            QCOMPARE(args.at(0).toString(), adLink);
        QCOMPARE(rowsChanged.constLast().at(0).value<QModelIndex>().row(), links.rowOf(adLink));

        model.updateChecks({finished(ad.at(0), CheckState::Open, 2.0), finished(ad.at(1), CheckState::Filtered)});
        Tally t = links.link(adLink);
        QCOMPARE(t.running, 1);
        QCOMPARE(t.pending, int(ad.size()) - 2);
        QCOMPARE(t.count(Verdict::Pass), 1);
        QCOMPARE(t.count(Verdict::Fail), 1);
        QCOMPARE(t.state(), State::Running);
        model.clearRunning();
        QCOMPARE(links.link(adLink).state(), State::Fail);
        QCOMPARE(links.runningCount(), 0);
        QCOMPARE(row.data(LinkSummaryModel::SummaryRole).toString(),
                 QStringLiteral("1 pass \u00b7 1 fail \u00b7 %1 not run yet").arg(ad.size() - 2));

        // a link without checks is idle and empty
        QCOMPARE(links.link(QStringLiteral("nowhere>nothing")).state(), State::Idle);
        QCOMPARE(links.link(QStringLiteral("nowhere>nothing")).total(), 0);
    }

    void latencyOfFinishedChecks()
    {
        CheckResultsModel model;
        LinkSummaryModel links;
        links.setSourceModel(&model);
        model.setChecks(mixedPlan());
        const QList<Check> ad = model.checksOfLink(adLink);
        model.updateChecks({finished(ad.at(0), CheckState::Open, 2.0), finished(ad.at(1), CheckState::Open, 6.0),
                            finished(ad.at(2), CheckState::Open, 4.0), finished(ad.at(3), CheckState::Filtered)});
        Tally t = links.link(adLink);
        QCOMPARE(t.minMs, 2.0);
        QCOMPARE(t.avgMs, 4.0);
        QCOMPARE(t.maxMs, 6.0);
        const QModelIndex row = links.index(links.rowOf(adLink));
        QCOMPARE(row.data(LinkSummaryModel::MaxLatencyRole).toDouble(), 6.0);

        // the slowest one times out on a re-run: the maximum falls back to the next one
        model.updateCheck(finished(ad.at(1), CheckState::Filtered));
        t = links.link(adLink);
        QCOMPARE(t.maxMs, 4.0);
        QCOMPARE(t.avgMs, 3.0);
        QCOMPARE(links.link(QStringLiteral("control-room>sql-server")).avgMs, -1.0);
    }

    void exposureIsPerHost()
    {
        CheckResultsModel model;
        LinkSummaryModel links;
        QAbstractItemModelTester tester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
        links.setSourceModel(&model);
        QList<Check> checks = mixedPlan();
        model.setChecks(checks);
        QVERIFY(links.exposure(cr1).isEmpty()); // planned, not tested

        QSignalSpy exposureChanged(&links, &LinkSummaryModel::exposureChanged);
        QList<Check> results;
        for (const Check &c : std::as_const(checks)) {
            if (!c.isExposure())
                continue;
            const bool exposed = c.host == cr2 && (c.port == 5672 || c.port == 47500);
            results << finished(c, exposed ? CheckState::Open : CheckState::Filtered);
        }
        QVERIFY(!results.isEmpty());
        model.updateChecks(results);
        const LinkSummaryModel::ExposureTally one = links.exposure(cr1.toUpper());
        QVERIFY(one.pass > 0);
        QCOMPARE(one.fail, 0);
        const LinkSummaryModel::ExposureTally two = links.exposure(cr2);
        QVERIFY(two.fail >= 1);
        QVERIFY(two.failingPorts.contains(5672));
        QVERIFY(!two.failingPorts.contains(443));
        QStringList hosts;
        for (const QList<QVariant> &args : std::as_const(exposureChanged))
            hosts << args.at(0).toString();
        QVERIFY(hosts.contains(cr1) && hosts.contains(cr2));

        const QString outside = Check::linkIdOf(Vantage::outside, ComponentId::controlRoom);
        const QModelIndex row = links.index(links.rowOf(outside));
        QVERIFY(row.isValid());
        QCOMPARE(row.data(LinkSummaryModel::ExposureRole).toBool(), true);
        QCOMPARE(row.data(LinkSummaryModel::FailRole).toInt(), two.fail);

        // the port closed again: the node is no longer exposed
        for (Check c : std::as_const(results)) {
            if (c.verdict == Verdict::Fail)
                model.updateCheck(finished(c, CheckState::Filtered));
        }
        QCOMPARE(links.exposure(cr2).fail, 0);
        QVERIFY(links.exposure(cr2).failingPorts.isEmpty());
        QVERIFY(links.exposure(cr2).pass > 0);
    }

    void hostTalliesOfTheBus()
    {
        CheckResultsModel model;
        LinkSummaryModel links;
        links.setSourceModel(&model);
        model.setChecks(mixedPlan());
        const QList<Check> bus = model.checksOfLink(busLink);
        QVERIFY(!bus.isEmpty());
        QList<Check> results;
        for (const Check &c : bus)
            results << finished(c, c.host == cr2 && c.port == 5672 ? CheckState::Filtered : CheckState::Open, 1.0);
        model.updateChecks(results);
        QCOMPARE(links.hostTally(busLink, cr1).state(), State::Pass);
        QCOMPARE(links.hostTally(busLink, cr2).state(), State::Fail);
        QCOMPARE(links.link(busLink).state(), State::Fail);
        QCOMPARE(links.hostTally(busLink, cr1).total() + links.hostTally(busLink, cr2).total(),
                 links.link(busLink).total());
        QCOMPARE(links.hostTally(busLink, QStringLiteral("elsewhere")).total(), 0);
    }

    // A range reads as one line (issue 11): "47100-47200: path open to 101 of 101 ports, 2 answering".
    void rangesReadAsOneLine()
    {
        CheckResultsModel model;
        LinkSummaryModel links;
        QAbstractItemModelTester tester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
        links.setSourceModel(&model);
        model.setChecks(planFor(QStringLiteral("all")));
        QList<Check> results;
        int answering = 0;
        for (const Check &c : model.checksOfLink(busLink)) {
            if (c.expect != Expectation::Reachable) {
                results << finished(c, CheckState::Open, 1.0);
                continue;
            }
            // a running node: a few ports of each range listen, the others refuse
            const bool listens = c.port == 47100 || c.port == 47101 || c.port == 47500 || c.port == 4569 || c.port == 5800;
            answering += listens && c.host == cr2 && c.port >= 47100 && c.port <= 47200;
            results << finished(c, listens ? CheckState::Open : CheckState::Closed, listens ? 1.0 : 0.2);
        }
        QCOMPARE(answering, 2);
        model.updateChecks(results);
        QCOMPARE(links.link(busLink).state(), State::Pass); // a healthy cluster is green
        const Tally node = links.hostTally(busLink, cr2);
        QCOMPARE(node.rangeSummaries(),
                 (QStringList{QStringLiteral("4569-4571: path open to 3 of 3 ports, 1 answering"),
                              QStringLiteral("5800-5900: path open to 101 of 101 ports, 1 answering"),
                              QStringLiteral("47100-47200: path open to 101 of 101 ports, 2 answering"),
                              QStringLiteral("47500-47598: path open to 99 of 99 ports, 1 answering")}));
        const QString summary = links.index(links.rowOf(busLink)).data(LinkSummaryModel::SummaryRole).toString();
        QVERIFY2(summary.startsWith(QStringLiteral("%1 pass\n").arg(links.link(busLink).total())), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("\n47100-47200: path open to 202 of 202 ports on 2 hosts, 4 answering")),
                 qPrintable(summary));
        QCOMPARE(summary.count(QLatin1Char('\n')), 4); // one line per range, not one per port

        // one port dropped on the way to cr2: the range says so, the link turns red
        const Check any = *std::find_if(results.cbegin(), results.cend(),
                                        [](const Check &c) { return c.host == cr2 && c.port == 47150; });
        model.updateCheck(finished(any, CheckState::Filtered));
        QCOMPARE(links.hostTally(busLink, cr2).rangeSummaries().at(2),
                 QStringLiteral("47100-47200: path open to 100 of 101 ports, 2 answering"));
        QCOMPARE(links.link(busLink).state(), State::Fail);
        compareWithRecount(links, model);

        // no line for a range that this vantage does not run
        model.setChecks(planFor(ComponentId::botAgent));
        QVERIFY(links.link(busLink).rangeSummaries().isEmpty());
    }

    void followsAnotherSource()
    {
        CheckResultsModel a;
        CheckResultsModel b;
        a.setChecks(mixedPlan());
        LinkSummaryModel links;
        QAbstractItemModelTester tester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
        links.setSourceModel(&a);
        QVERIFY(links.rowCount() > 5);
        links.setSourceModel(&b);
        QCOMPARE(links.rowCount(), 0);
        a.setChecks({}); // no longer observed
        b.setChecks(planFor(QStringLiteral("all")));
        QVERIFY(links.rowCount() > 5);
        QVERIFY(links.roleNames().contains(LinkSummaryModel::SummaryRole));
    }
};

QTEST_GUILESS_MAIN(TestLinkSummaryModel)
#include "tst_linksummarymodel.moc"
