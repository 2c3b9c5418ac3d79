// Drives the probe engine the way the window does (engine on its worker thread, results by queued
// signals) and measures: wall time, peak RSS, and the longest main-thread stall (a 10 ms timer's
// worst lateness). Run by engine_bench.sh inside its own network namespace.
//
//   engine_bench TIMEOUT_MS CONCURRENCY PORTS OPEN_HOST CLOSED_HOST DROP_HOST
//
// Prints "key value" lines; exits 1 when a state is wrong.
#include "probeenginethread.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 7) {
        QTextStream(stderr) << "usage: engine_bench TIMEOUT_MS CONCURRENCY PORTS OPEN CLOSED DROP\n";
        return 2;
    }
    ProfileOptions options;
    options.timeoutMs = args.at(1).toInt();
    options.concurrency = args.at(2).toInt();
    QList<quint16> ports;
    for (const QString &part : args.at(3).split(QLatin1Char(','))) {
        const int dash = part.indexOf(QLatin1Char('-'));
        const int first = part.left(dash < 0 ? part.size() : dash).toInt();
        const int last = dash < 0 ? first : part.mid(dash + 1).toInt();
        for (int p = first; p <= last; ++p)
            ports << quint16(p);
    }
    const QStringList hosts{args.at(4), args.at(5), args.at(6)};
    const QList<CheckState> expected{CheckState::Open, CheckState::Closed, CheckState::Filtered};

    QList<Check> checks;
    for (quint16 port : std::as_const(ports)) {
        for (const QString &host : hosts) {
            Check c;
            c.id = int(checks.size());
            c.flowId = QStringLiteral("bench");
            c.from = QStringLiteral("control-room");
            c.to = QStringLiteral("control-room");
            c.host = host;
            c.port = port;
            c.protocol = QStringLiteral("tcp");
            c.runnable = true;
            checks << c;
        }
    }

    ProbeEngineThread engine;
    QList<Check> results(checks.size());
    int received = 0;
    QObject::connect(&engine, &ProbeEngineThread::checkFinished, &app, [&](int, const Check &c) {
        results[c.id] = c;
        ++received;
    });

    // the GUI thread's heartbeat
    QElapsedTimer beat;
    qint64 worstLateMs = 0;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(10);
    QObject::connect(&heartbeat, &QTimer::timeout, &app, [&] {
        worstLateMs = std::max(worstLateMs, beat.restart() - 10);
    });

    QElapsedTimer wall;
    QObject::connect(&engine, &ProbeEngineThread::runFinished, &app, [&](int, bool) { app.quit(); });
    QTimer::singleShot(0, &app, [&] {
        beat.start();
        heartbeat.start();
        wall.start();
        engine.run(checks, options);
    });
    app.exec();
    const qint64 wallMs = wall.elapsed();
    heartbeat.stop();

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    int wrong = 0;
    int counts[3] = {0, 0, 0};
    for (int i = 0; i < results.size(); ++i) {
        const int hostIndex = i % 3;
        if (results.at(i).state == expected.at(hostIndex))
            ++counts[hostIndex];
        else if (++wrong <= 5)
            QTextStream(stderr) << "wrong: " << checks.at(i).host << ':' << checks.at(i).port << ' '
                                << stateName(results.at(i).state) << ' ' << results.at(i).reason << '\n';
    }
    QTextStream out(stdout);
    out << "checks " << checks.size() << "\nreceived " << received << "\nopen " << counts[0] << "\nclosed " << counts[1]
        << "\nfiltered " << counts[2] << "\nwrong " << wrong << "\nwall_ms " << wallMs << "\npeak_rss_kb "
        << usage.ru_maxrss << "\nmax_stall_ms " << worstLateMs << Qt::endl;
    return wrong == 0 && received == checks.size() ? 0 : 1;
}
