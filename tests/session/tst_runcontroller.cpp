#include "checkbuilders.h"
#include "probeenginethread.h"
#include "runcontroller.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

using TestSupport::makeCheck;
using TestSupport::optionsWith;

// The run session shared by the window and the headless command: live results, batching, run ids.
class TestRunController : public QObject
{
    Q_OBJECT

private:
    QTcpServer m_server;
    quint16 m_closedPort = 0;

    RunResults planned(int count)
    {
        QList<Check> checks;
        for (int i = 0; i < count; ++i)
            checks << makeCheck(i, QStringLiteral("127.0.0.1"), i % 2 == 0 ? m_server.serverPort() : m_closedPort);
        return TestSupport::runOf(checks);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        // accept and drop every connection, so that the backlog never fills across the cases
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                s->close();
                s->deleteLater();
            }
        });
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_closedPort = probe.serverPort();
        probe.close();
    }

    void runFillsTheLiveResults()
    {
        RunController session;
        QSignalSpy reset(&session, &RunController::resultsReset);
        QSignalSpy finished(&session, &RunController::finished);
        QSignalSpy batches(&session, &RunController::checksFinished);
        session.start(planned(6), optionsWith(2000));
        QCOMPARE(reset.size(), 1);
        QVERIFY(session.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), false);
        QVERIFY(!session.isRunning());
        const RunResults &r = session.results();
        QCOMPARE(r.checks.size(), 6);
        int delivered = 0;
        for (const QList<QVariant> &b : std::as_const(batches))
            delivered += int(b.constFirst().value<QList<Check>>().size());
        QCOMPARE(delivered, 6);
        for (const Check &c : r.checks) {
            QCOMPARE(c.state, c.id % 2 == 0 ? CheckState::Open : CheckState::Closed);
            QCOMPARE(c.verdict, c.id % 2 == 0 ? Verdict::Pass : Verdict::Fail);
        }
        QVERIFY(r.started.isValid());
        QVERIFY(r.finished >= r.started);
        QCOMPARE(session.done(), 6);
        QCOMPARE(session.total(), 6);
    }

    void notRunnableChecksKeepTheirPlan()
    {
        RunController session;
        RunResults plan = planned(2);
        plan.checks[1].runnable = false;
        plan.checks[1].reason = QStringLiteral("no-host");
        QSignalSpy finished(&session, &RunController::finished);
        session.start(plan, optionsWith(2000));
        QVERIFY(finished.wait(10000));
        QCOMPARE(session.results().checks.at(1).state, CheckState::NotTested);
        QCOMPARE(session.results().checks.at(1).reason, QStringLiteral("no-host"));
        QCOMPARE(session.total(), 1);
    }

    void nothingRunnableStillFinishes()
    {
        RunController session;
        RunResults plan = planned(1);
        plan.checks[0].runnable = false;
        QSignalSpy finished(&session, &RunController::finished);
        session.start(plan, optionsWith(2000));
        QVERIFY(finished.wait(5000));
        QCOMPARE(session.results().checks.size(), 1);
    }

    void batchesRespectTheSlice()
    {
        // a slice of 0 ms still delivers one batch per event-loop turn, and everything arrives
        RunController session;
        session.setSliceMs(0);
        QSignalSpy finished(&session, &RunController::finished);
        QSignalSpy batches(&session, &RunController::checksFinished);
        session.start(planned(200), optionsWith(2000, 256));
        QVERIFY(finished.wait(20000));
        int delivered = 0;
        for (const QList<QVariant> &b : std::as_const(batches)) {
            const int n = int(b.constFirst().value<QList<Check>>().size());
            QVERIFY(n <= 64);
            delivered += n;
        }
        QCOMPARE(delivered, 200);
    }

    void supersededRunIsDropped()
    {
        RunController session;
        QSignalSpy finished(&session, &RunController::finished);
        session.start(planned(50), optionsWith(2000));
        RunResults second = planned(2);
        second.profileName = QStringLiteral("second");
        session.start(second, optionsWith(2000));
        QVERIFY(finished.wait(10000));
        QTest::qWait(200);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(session.results().profileName, QStringLiteral("second"));
        QCOMPARE(session.results().checks.size(), 2);
    }

    void cancelStopsTheRun()
    {
        RunController session;
        QSignalSpy finished(&session, &RunController::finished);
        session.start(planned(400), optionsWith(2000, 1));
        session.cancel();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), true);
        QVERIFY(!session.isRunning());
        int tested = 0;
        for (const Check &c : session.results().checks)
            tested += c.state != CheckState::NotTested ? 1 : 0;
        QVERIFY2(tested < 400, qPrintable(QString::number(tested)));
    }

    void rerunResetsOnlyTheGivenChecks()
    {
        RunController session;
        QSignalSpy finished(&session, &RunController::finished);
        session.start(planned(4), optionsWith(2000));
        QVERIFY(finished.wait(10000));
        QSignalSpy reset(&session, &RunController::resultsReset);
        QVERIFY(session.rerun({1}, optionsWith(2000)));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(session.results().checks.at(1).state, CheckState::NotTested);
        QCOMPARE(session.results().checks.at(0).state, CheckState::Open);
        QVERIFY(finished.wait(10000));
        QCOMPARE(session.results().checks.at(1).state, CheckState::Closed);
        QVERIFY(!session.rerun({99}, optionsWith(2000)));
    }

    void rerunTestsTheSameAddress()
    {
        // One check per address of a name: a re-run tests the address the check tested, without
        // resolving the name again (this one could not be resolved at all).
        RunController session;
        RunResults opened = TestSupport::runOf({makeCheck(0, QStringLiteral("bad..name"), m_server.serverPort())});
        opened.checks[0].address = QStringLiteral("127.0.0.1");
        opened.checks[0] = TestSupport::finishedCheck(opened.checks[0], CheckState::Filtered);
        session.show(opened);
        QSignalSpy finished(&session, &RunController::finished);
        QSignalSpy added(&session, &RunController::checksAdded);
        QVERIFY(session.rerun({0}, optionsWith(2000)));
        QCOMPARE(session.results().checks.at(0).address, QStringLiteral("127.0.0.1"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(session.results().checks.size(), 1);
        QCOMPARE(session.results().checks.at(0).state, CheckState::Open);
        QCOMPARE(session.results().checks.at(0).address, QStringLiteral("127.0.0.1"));
        QCOMPARE(added.size(), 0);
    }

    void showReplacesTheResults()
    {
        RunController session;
        QSignalSpy reset(&session, &RunController::resultsReset);
        RunResults opened = planned(3);
        opened.checks[0] = TestSupport::finishedCheck(opened.checks[0], CheckState::Filtered);
        session.show(opened);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(session.results().checks.at(0).verdict, Verdict::Fail);
        QVERIFY(!session.isRunning());
    }

    // What the status bar shows while a run waits: each check in flight since when, on the session's clock.
    void inFlightIsMeasuredOnTheRunClock()
    {
        QTcpServer silent; // accepts and never answers: the HTTP check waits for its timeout
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        RunController session;
        QSignalSpy started(&session, &RunController::checksStarted);
        QSignalSpy finished(&session, &RunController::finished);
        session.start(TestSupport::runOf({makeCheck(0, QStringLiteral("127.0.0.1"), silent.serverPort(), Transport::Tcp,
                                                    QStringLiteral("http"))}),
                      optionsWith(1500));
        QCOMPARE(session.timeoutMs(), 1500);
        QVERIFY(started.wait(5000));
        QCOMPARE(session.inFlight().size(), 1);
        const qint64 since = session.inFlight().value(0);
        QVERIFY(since <= session.clockMs());
        QVERIFY(session.clockMs() - since < 1500);
        QCOMPARE(session.done(), 0);
        QVERIFY(finished.wait(10000));
        QVERIFY(session.inFlight().isEmpty());
        QCOMPARE(session.done(), 1);
    }

    void engineLivesOnItsOwnThread()
    {
        RunController session;
        QVERIFY(session.engine()->workerThread() != QThread::currentThread());
        QCOMPARE(session.engine()->workerThread()->objectName(), QStringLiteral("topocheck-probes"));
    }
};

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
