// Ctrl-C and SIGTERM during `topocheck --headless` (issue #14, CONTRACT.md): the probes stop at once,
// no output file is left half-written (nor, here, written at all), and the exit status is 130.
// The built executable runs against a loopback port that accepts and never answers, with a timeout
// far longer than the bound the test waits for it.
#include "prerequisite.h"
#include "topocheckprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#endif

namespace {
constexpr int probeTimeoutMs = 120000; // what an uninterrupted run would wait on the mute port
constexpr int exitBoundMs = 20000;     // generous for a loaded machine; far below probeTimeoutMs
} // namespace

class TestInterrupt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signalStopsTheRun_data();
    void signalStopsTheRun();
};

void TestInterrupt::initTestCase()
{
#ifndef Q_OS_UNIX
    TOPOCHECK_UNSUPPORTED("sends POSIX signals (the Windows console close is ConsoleStop's own test)");
#endif
    TOPOCHECK_REQUIRE(QFile::exists(qEnvironmentVariable("TOPOCHECK_EXE")), "the topocheck executable (TOPOCHECK_EXE)");
}

void TestInterrupt::signalStopsTheRun_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("output"); // the option whose file must not appear
#ifdef Q_OS_UNIX
    QTest::newRow("SIGINT, --json") << int(SIGINT) << QStringLiteral("--json");
    QTest::newRow("SIGTERM, --json") << int(SIGTERM) << QStringLiteral("--json");
    QTest::newRow("SIGINT, --csv") << int(SIGINT) << QStringLiteral("--csv");
    QTest::newRow("SIGTERM, --pdf") << int(SIGTERM) << QStringLiteral("--pdf");
#endif
}

void TestInterrupt::signalStopsTheRun()
{
#ifdef Q_OS_UNIX
    QFETCH(int, signal);
    QFETCH(QString, output);
    // Accepts (the kernel completes the handshake) and never answers: the HTTPS check waits for its
    // handshake until the probe's timeout.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profile = dir.filePath(QStringLiteral("profile.json"));
    const QByteArray profileJson = QByteArrayLiteral(R"({"format": "topocheck-profile/1", "name": "Interrupted",
        "template": "automation360", "vantage": "bot-agent",
        "hosts": {"control-room": ["127.0.0.1"], "load-balancer": ["127.0.0.1"]},
        "ports": {"https": )") + QByteArray::number(mute.serverPort()) +
                                   "}}";
    QVERIFY(TestSupport::writeFile(profile, profileJson));
    const QString out = dir.filePath(QStringLiteral("results.out"));

    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(qEnvironmentVariable("TOPOCHECK_EXE"),
            {QStringLiteral("--headless"), QStringLiteral("--profile"), profile, output, out,
             QStringLiteral("--timeout-ms"), QString::number(probeTimeoutMs)});
    QVERIFY(p.waitForStarted(10000));
    // the run is under way once a probe reached the mute port
    QVERIFY2(mute.waitForNewConnection(30000), "no probe reached the mute port in 30 s");
    QTest::qWait(200);
    QCOMPARE(p.state(), QProcess::Running);

    QElapsedTimer clock;
    clock.start();
    QCOMPARE(::kill(pid_t(p.processId()), signal), 0);
    const bool ended = p.waitForFinished(exitBoundMs);
    const qint64 tookMs = clock.elapsed();
    if (!ended) {
        p.kill();
        p.waitForFinished(5000);
    }
    const QString err = QString::fromUtf8(p.readAllStandardError());
    qInfo("ended %lld ms after signal %d: exit %d", tookMs, signal, p.exitCode());
    QVERIFY2(ended,
             qPrintable(QStringLiteral("still running %1 ms after the signal; stderr: %2").arg(exitBoundMs).arg(err)));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit); // it handled the signal, it was not killed by it
    QVERIFY2(p.exitCode() == 130, qPrintable(QStringLiteral("exit %1; stderr: %2").arg(p.exitCode()).arg(err)));
    QVERIFY2(err.contains(QLatin1String("interrupted")), qPrintable(err));

    // no half file: none at all, nor a temporary file left beside it (QSaveFile's)
    if (QFile::exists(out)) {
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY2(output == QLatin1String("--json") && root.value(QLatin1String("interrupted")).toBool(),
                 "an output file was written by an interrupted run, and it is not a complete one marked interrupted");
    }
    const QStringList left = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
    QVERIFY2(left == QStringList{QStringLiteral("profile.json")} || left.contains(QStringLiteral("results.out")),
             qPrintable(left.join(QLatin1String(", "))));
    QVERIFY2(left.size() <= 2, qPrintable(left.join(QLatin1String(", "))));
#endif
}

QTEST_GUILESS_MAIN(TestInterrupt)
#include "tst_interrupt.moc"
