// Every protocol check against hostile servers (issue #14): tests/hostile/hostile_server.py holds one
// loopback port per misbehaviour (garbage, one byte a second, silence, a reset in the middle, enormous
// announced lengths for each framing, endless HTTP bodies and headers, TLS garbage, UDP garbage for
// Kerberos). Each check must end within the run's timeout plus 10%, as measured by the engine's own
// signals, and report a mismatch or an error with a detail; the process must stay under 80 MB.
#include "checkbuilders.h"
#include "prerequisite.h"
#include "probeengine.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimer>

#include <memory>
#include <utility>
#include <vector>

namespace {
using TestSupport::makeCheck;
using TestSupport::optionsWith;

constexpr int timeoutMs = 1500;
constexpr int boundMs = timeoutMs + timeoutMs / 10;
constexpr qint64 rssLimitKiB = 80 * 1024;
// what hostile_server.py holds: 18 plain TCP behaviours, 7 of them again behind TLS, 2 UDP ones (none dropped)
constexpr qsizetype tcpBehaviours = 25;
constexpr qsizetype udpBehaviours = 2;

// The peak resident set of this process (VmHWM in /proc/self/status), in KiB; -1 when unreadable.
qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.read(64 * 1024).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// The ports whose answer starts with a well-formed HTTP/1.1 200 head (then an absurd or endless body);
// "tls+" before the name: the same behind a TLS handshake.
const QStringList wellFormedHttpHead{QStringLiteral("http-content-length"), QStringLiteral("http-chunk-length"),
                                     QStringLiteral("http-endless")};

// CONTRACT.md: a detail is "one line a person reads": no line breaks, no control characters.
bool isOneReadableLine(const QString &text)
{
    for (const QChar ch : text) {
        if (ch.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

QString escaped(const QString &text)
{
    QString out;
    for (const QChar ch : text)
        out += ch.category() == QChar::Other_Control
                   ? QStringLiteral("\\x%1").arg(ch.unicode(), 2, 16, QLatin1Char('0'))
                   : QString(ch);
    return out;
}

struct Planned
{
    Check check;
    QString behaviour;
};

struct Outcome
{
    Check result;
    qint64 tookMs = -1; // from the engine launching the probe to its reporting the check
};

// Runs each group with its own options (a proxy of its own) on an engine of its own, all at once on
// this thread, so that the engines' signals arrive as they emit them: the times are the engine's own.
QHash<int, Outcome> runGroups(const QList<std::pair<ProfileOptions, QList<Check>>> &groups, qint64 *runMs)
{
    std::vector<std::unique_ptr<ProbeEngine>> engines;
    QElapsedTimer clock;
    clock.start();
    QHash<int, qint64> startedAt;
    QHash<int, Outcome> out;
    int running = 0;
    QEventLoop loop;
    for (qsizetype i = 0; i < groups.size(); ++i) {
        auto engine = std::make_unique<ProbeEngine>();
        QObject::connect(engine.get(), &ProbeEngine::checkStarted, &loop,
                         [&](int, int id) { startedAt.insert(id, clock.elapsed()); });
        QObject::connect(engine.get(), &ProbeEngine::checkFinished, &loop, [&](int, const Check &c) {
            Outcome o;
            o.result = c;
            o.tookMs = startedAt.contains(c.id) ? clock.elapsed() - startedAt.value(c.id) : -1;
            out.insert(c.id, o);
        });
        QObject::connect(engine.get(), &ProbeEngine::runFinished, &loop, [&](int, bool) {
            if (--running == 0)
                loop.quit();
        });
        engines.push_back(std::move(engine));
    }
    running = int(engines.size());
    for (qsizetype i = 0; i < groups.size(); ++i)
        engines.at(size_t(i))->start(1, groups.at(i).second, groups.at(i).first);
    QTimer::singleShot(180000, &loop, &QEventLoop::quit);
    if (running > 0)
        loop.exec();
    *runMs = clock.elapsed();
    return out;
}

// "open/mismatch", shortened so that a row of sixteen checks fits a log line
QString shortOutcome(const Check &c)
{
    const QString state = stateName(c.state).replace(QLatin1String("filtered"), QLatin1String("filt"));
    QString service = serviceName(c.service);
    if (service == QLatin1String("mismatch"))
        service = QStringLiteral("mism");
    else if (service == QLatin1String("unchecked"))
        service = QStringLiteral("-");
    return state + QLatin1Char('/') + service;
}

// Prints the matrix (one line per behaviour, one column per check, "state/service ms"), then every
// result in full, and returns what breaks the rules of issue #14.
QStringList judge(const QList<Planned> &planned, const QHash<int, Outcome> &outcomes, qint64 runMs)
{
    const auto columnOf = [](const Check &c) -> QString { // a QString, not a QStringBuilder of temporaries
        return c.protocol + (c.transport == Transport::Udp ? QStringLiteral("/udp") : QString()) +
               (c.via.isEmpty() ? QString() : QStringLiteral(" via"));
    };
    QStringList columns;
    for (const Planned &p : planned) {
        if (!columns.contains(columnOf(p.check)))
            columns << columnOf(p.check);
    }
    QString header = QStringLiteral("%1").arg(QStringLiteral("behaviour \\ check"), -22);
    for (const QString &column : std::as_const(columns))
        header += QStringLiteral(" %1").arg(column.left(14), -14);
    qInfo().noquote() << header;

    QStringList problems;
    QStringList details;
    QStringList row; // one cell per column
    QString rowBehaviour;
    const auto printRow = [&] {
        if (rowBehaviour.isEmpty())
            return;
        QString line = QStringLiteral("%1").arg(rowBehaviour, -22);
        for (const QString &cell : std::as_const(row))
            line += QStringLiteral(" %1").arg(cell, -14);
        qInfo().noquote() << line;
    };
    qint64 slowest = 0;
    for (const Planned &p : planned) {
        const Check &asked = p.check;
        const QString what =
            QStringLiteral("%1%2%3 x %4")
                .arg(asked.protocol, asked.transport == Transport::Udp ? QStringLiteral(" (udp)") : QString(),
                     asked.via.isEmpty() ? QString() : QStringLiteral(" via proxy"), p.behaviour);
        if (p.behaviour != rowBehaviour) {
            printRow();
            rowBehaviour = p.behaviour;
            row = QStringList(columns.size(), QString());
        }
        QString &cell = row[columns.indexOf(columnOf(asked))];
        if (!outcomes.contains(asked.id)) {
            problems << what + QStringLiteral(": never reported");
            cell = QStringLiteral("MISSING");
            continue;
        }
        const Outcome &o = outcomes[asked.id];
        const Check &c = o.result;
        cell = QStringLiteral("%1 %2").arg(shortOutcome(c)).arg(o.tookMs);
        details << QStringLiteral("%1 -> %2/%3/%4 %5 ms [%6]")
                       .arg(what, stateName(c.state), serviceName(c.service), verdictName(c.verdict))
                       .arg(o.tookMs)
                       .arg(escaped(c.detail));
        slowest = qMax(slowest, o.tookMs);
        if (o.tookMs < 0 || o.tookMs > boundMs)
            problems << what + QStringLiteral(": took %1 ms (bound %2 ms)").arg(o.tookMs).arg(boundMs);

        // A bare port proves the path only: open is right for it, whatever the bytes.
        if (c.protocol == QLatin1String("tcp"))
            continue;
        if (!isOneReadableLine(c.detail))
            problems << what + QStringLiteral(": the detail is not one line of text: %1").arg(escaped(c.detail));
        // The HTTP check reads the response head only: a well-formed 200 head is a web server, however
        // long its body says it is (and it never reads that body).
        const bool insideTls = p.behaviour.startsWith(QLatin1String("tls+"));
        const QString plainBehaviour = insideTls ? p.behaviour.mid(4) : p.behaviour;
        // (through a proxy, a TLS port is no HTTP proxy at all: the rules below hold for it)
        const bool readsThatHead = insideTls ? c.protocol == QLatin1String("https") && asked.via.isEmpty()
                                             : c.protocol == QLatin1String("http");
        if (readsThatHead && wellFormedHttpHead.contains(plainBehaviour)) {
            if (c.service != ServiceStatus::Ok || c.state != CheckState::Open)
                problems << what + QStringLiteral(": %1/%2 for a well-formed HTTP 200 head [%3]")
                                       .arg(stateName(c.state), serviceName(c.service), c.detail);
            continue;
        }
        const bool serviceFailed =
            c.state == CheckState::Open && (c.service == ServiceStatus::Mismatch || c.service == ServiceStatus::Error);
        const bool transportFailed =
            c.state == CheckState::Closed || c.state == CheckState::Filtered || c.state == CheckState::Error;
        if (!serviceFailed && !transportFailed)
            problems << what + QStringLiteral(": %1/%2, neither a mismatch nor an error [%3]")
                                   .arg(stateName(c.state), serviceName(c.service), c.detail);
        if (c.detail.trimmed().isEmpty())
            problems << what + QStringLiteral(": no detail (%1/%2)").arg(stateName(c.state), serviceName(c.service));
        if (c.verdict != Verdict::Fail || c.advice.trimmed().isEmpty())
            problems << what + QStringLiteral(": verdict %1, advice \"%2\"").arg(verdictName(c.verdict), c.advice);
    }
    printRow();
    for (const QString &d : std::as_const(details))
        qInfo().noquote() << d;
    const qint64 rss = peakRssKiB();
    qInfo().noquote() << QStringLiteral("%1 checks in %2 ms; slowest %3 ms (bound %4 ms); peak RSS so far %5 MB "
                                        "(limit %6 MB)")
                             .arg(planned.size())
                             .arg(runMs)
                             .arg(slowest)
                             .arg(boundMs)
                             .arg(double(rss) / 1024.0, 0, 'f', 1)
                             .arg(rssLimitKiB / 1024);
    if (rss <= 0)
        problems << QStringLiteral("VmHWM not readable in /proc/self/status");
    else if (rss >= rssLimitKiB)
        problems << QStringLiteral("peak RSS %1 KiB, over %2 KiB").arg(rss).arg(rssLimitKiB);
    for (const QString &problem : std::as_const(problems))
        qWarning().noquote() << "PROBLEM" << problem;
    return problems;
}
} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyCheckAgainstEveryHostileServer();
    void everyProxiedCheckAgainstEveryHostileProxy();

private:
    QProcess m_server;
    QJsonObject m_ports;
};

void TestHostile::initTestCase()
{
    const QString script = QStringLiteral(TOPOCHECK_SOURCE_DIR "/tests/hostile/hostile_server.py");
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(QStringLiteral("python3"), {script});
    TOPOCHECK_REQUIRE(m_server.waitForStarted(10000), "python3 to run tests/hostile/hostile_server.py");
    QByteArray line;
    QElapsedTimer waited;
    waited.start();
    while (!line.contains('\n') && waited.elapsed() < 15000 && m_server.state() == QProcess::Running) {
        m_server.waitForReadyRead(500);
        line += m_server.read(64 * 1024 - line.size());
    }
    const QJsonObject ports = QJsonDocument::fromJson(line).object();
    QVERIFY2(ports.value(QLatin1String("tcp")).isObject() && ports.value(QLatin1String("udp")).isObject(),
             qPrintable(QStringLiteral("hostile_server.py did not print its ports: ") + QString::fromUtf8(line)));
    m_ports = ports;
}

void TestHostile::cleanupTestCase()
{
    if (m_server.state() == QProcess::NotRunning)
        return;
    m_server.closeWriteChannel(); // the server ends when its standard input closes
    if (!m_server.waitForFinished(5000)) {
        m_server.kill();
        m_server.waitForFinished(5000);
    }
}

void TestHostile::everyCheckAgainstEveryHostileServer()
{
    const QJsonObject tcp = m_ports.value(QLatin1String("tcp")).toObject();
    const QJsonObject udp = m_ports.value(QLatin1String("udp")).toObject();
    QCOMPARE(tcp.size(), tcpBehaviours);
    QCOMPARE(udp.size(), udpBehaviours);
    QList<Planned> planned;
    QList<Check> checks;
    const auto plan = [&](const QString &behaviour, const QJsonValue &port, Transport transport,
                          const QString &protocol) {
        Planned p{
            makeCheck(int(planned.size()), QStringLiteral("127.0.0.1"), quint16(port.toInt()), transport, protocol),
            behaviour};
        checks << p.check;
        planned << p;
    };
    for (auto it = tcp.begin(); it != tcp.end(); ++it) {
        for (const QString &protocol : Flow::knownProtocols())
            plan(it.key(), it.value(), Transport::Tcp, protocol);
    }
    // the flows a template can have over UDP: Kerberos, and a bare port
    for (auto it = udp.begin(); it != udp.end(); ++it) {
        for (const QString &protocol : {QStringLiteral("kerberos"), QStringLiteral("tcp")})
            plan(it.key(), it.value(), Transport::Udp, protocol);
    }
    ProfileOptions options = optionsWith(timeoutMs, 24);
    options.kerberosRealm = QStringLiteral("TEST.LOCAL");
    qint64 runMs = 0;
    const QHash<int, Outcome> outcomes = runGroups({{options, checks}}, &runMs);
    const QStringList problems = judge(planned, outcomes, runMs);
    QCOMPARE(outcomes.size(), checks.size());
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 problem(s), first: %2").arg(problems.size()).arg(problems.value(0))));
}

void TestHostile::everyProxiedCheckAgainstEveryHostileProxy()
{
    // Each hostile port as the HTTP proxy of the web checks (CONNECT for TLS and WebSocket, an absolute
    // URI for plain HTTP): one engine per proxy, all at once.
    const QJsonObject tcp = m_ports.value(QLatin1String("tcp")).toObject();
    QCOMPARE(tcp.size(), tcpBehaviours);
    QList<Planned> planned;
    QList<std::pair<ProfileOptions, QList<Check>>> groups;
    for (auto it = tcp.begin(); it != tcp.end(); ++it) {
        ProfileOptions options = optionsWith(timeoutMs, 16);
        options.proxy = QStringLiteral("http://127.0.0.1:%1").arg(it.value().toInt());
        QList<Check> checks;
        for (const char *protocol : {"http", "https", "http+websocket", "https+websocket"}) {
            Check c = makeCheck(int(planned.size()), QStringLiteral("127.0.0.1"), 443, Transport::Tcp,
                                QString::fromLatin1(protocol));
            c.via = QStringLiteral("proxy");
            checks << c;
            planned << Planned{c, it.key()};
        }
        groups << std::make_pair(options, checks);
    }
    qint64 runMs = 0;
    const QHash<int, Outcome> outcomes = runGroups(groups, &runMs);
    const QStringList problems = judge(planned, outcomes, runMs);
    QCOMPARE(outcomes.size(), planned.size());
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 problem(s), first: %2").arg(problems.size()).arg(problems.value(0))));
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
