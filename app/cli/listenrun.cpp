#include "listenrun.h"

#include "consolestop.h"
#include "listener.h"
#include "profile.h"
#include "topologytemplate.h"
#include "translations.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QNetworkInterface>
#include <QTextStream>
#include <QTimer>

namespace {
class ListenRun
{
    Q_DECLARE_TR_FUNCTIONS(ListenRun)
};

constexpr int exitOk = 0;
constexpr int exitNothingHeld = 1;
constexpr int exitUnusable = 2;
constexpr int countsEveryMs = 5000;

void complain(const QString &message)
{
    QTextStream(stderr) << "topocheck: " << message << Qt::endl;
}

void say(const QString &message)
{
    QTextStream(stdout) << "topocheck: " << message << Qt::endl;
}

// "tcp 80, 443, 47100-47200; udp 88"
QString portList(const QList<ListenPort> &ports)
{
    QStringList parts;
    for (const Transport transport : {Transport::Tcp, Transport::Udp}) {
        QStringList runs;
        int first = -1;
        int last = -1;
        auto flush = [&] {
            if (first >= 0)
                runs << (first == last ? QString::number(first)
                                       : QString::number(first) + QLatin1Char('-') + QString::number(last));
        };
        for (const ListenPort &p : ports) {
            if (p.transport != transport || !p.held)
                continue;
            if (p.port == last + 1) {
                last = p.port;
                continue;
            }
            flush();
            first = last = p.port;
        }
        flush();
        if (!runs.isEmpty())
            parts << transportName(transport) + QLatin1Char(' ') + runs.join(QStringLiteral(", "));
    }
    return parts.join(QStringLiteral("; "));
}

bool isLocalAddress(const QHostAddress &address)
{
    if (address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6)
        return true;
    QHostAddress wanted = address;
    wanted.setScopeId(QString());
    for (QHostAddress a : QNetworkInterface::allAddresses()) {
        a.setScopeId(QString());
        if (a.isEqual(wanted, QHostAddress::TolerantConversion))
            return true;
    }
    return false;
}

QString portKey(const ListenPort &p)
{
    return transportName(p.transport) + QLatin1Char('/') + QString::number(p.port);
}

int runListen(const CommandLine &cl)
{
    ValidationIssues issues;
    const Profile profile = Profile::load(cl.profilePath, &issues);
    if (!issues.isEmpty()) {
        for (const ValidationIssue &issue : issues)
            complain(cl.profilePath + QLatin1String(": ") + issue.toString());
        return exitUnusable;
    }
    const TopologyTemplate topology = TopologyTemplate::builtin(profile.templateId, &issues);
    if (!issues.isEmpty()) {
        for (const ValidationIssue &issue : issues)
            complain(cl.profilePath + QLatin1String(": ") + issue.toString());
        return exitUnusable;
    }
    QStringList errors;
    ListenPlan plan = ListenPlan::forRole(topology, profile, cl.listenRole, &errors);
    if (!errors.isEmpty()) {
        for (const QString &error : errors)
            complain(QLatin1String("--as: ") + error);
        return exitUnusable;
    }
    for (const QString &text : cl.listenAddresses) {
        const QHostAddress address(text);
        if (!isLocalAddress(address)) {
            complain(ListenRun::tr("--address: %1 is not an address of this machine").arg(text));
            return exitUnusable;
        }
        plan.addresses << address;
    }

    ConsoleStop::install();
    Listener listener;
    int status = exitOk;
    QHash<QString, int> shownCounts;
    QObject::connect(&listener, &Listener::started, &listener, [&](const QList<ListenPort> &ports) {
        int held = 0;
        for (const ListenPort &p : ports)
            held += p.held ? 1 : 0;
        QStringList where;
        for (const QHostAddress &a : std::as_const(plan.addresses))
            where << a.toString();
        say(ListenRun::tr("listening as %1 on %2 for %3 s: %4 of %5 ports held")
                .arg(plan.role, where.isEmpty() ? ListenRun::tr("every address (IPv4 and IPv6)")
                                                : where.join(QStringLiteral(", ")))
                .arg(cl.durationS)
                .arg(held)
                .arg(ports.size()));
        if (held > 0)
            say(ListenRun::tr("holding %1").arg(portList(ports)));
        for (const ListenPort &p : ports) {
            if (!p.problem.isEmpty())
                say(ListenRun::tr("%1 %2: %3")
                        .arg(p.held ? ListenRun::tr("partly held") : ListenRun::tr("not held"), portKey(p), p.problem));
        }
        if (held == 0) {
            complain(ListenRun::tr("no port could be held"));
            status = exitNothingHeld;
        }
    });
    QElapsedTimer sinceShown;
    auto showCounts = [&](const QList<ListenPort> &ports, bool force) {
        if (!force && sinceShown.isValid() && sinceShown.elapsed() < countsEveryMs)
            return;
        QStringList changed;
        int total = 0;
        for (const ListenPort &p : ports) {
            total += p.connections;
            const QString key = portKey(p);
            if (shownCounts.value(key) != p.connections) {
                changed << ListenRun::tr("%1 %2").arg(key).arg(p.connections);
                shownCounts.insert(key, p.connections);
            }
        }
        if (changed.isEmpty())
            return;
        sinceShown.start();
        say(ListenRun::tr("connections (%1 in all): %2").arg(total).arg(changed.join(QStringLiteral(", "))));
    };
    QObject::connect(&listener, &Listener::portsChanged, &listener,
                     [&](const QList<ListenPort> &ports) { showCounts(ports, false); });
    QObject::connect(&listener, &Listener::stopped, &listener, [&](const QString &why) {
        showCounts(listener.ports(), true);
        say(ListenRun::tr("stopped: %1").arg(why));
        QCoreApplication::quit();
    });
    // The stop handlers only set a flag (nothing else is safe in a signal handler).
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, &listener, [&] {
        if (!ConsoleStop::requested() || !listener.isRunning())
            return;
        listener.stop();
        ConsoleStop::acknowledge();
    });
    stopPoll.start(100);
    // A count line may be due while nothing new arrives.
    QTimer countsPoll;
    QObject::connect(&countsPoll, &QTimer::timeout, &listener, [&] { showCounts(listener.ports(), false); });
    countsPoll.start(countsEveryMs);

    listener.start(plan, cl.durationS);
    QCoreApplication::exec();
    listener.stop();
    ConsoleStop::acknowledge();
    return status;
}
} // namespace

int runListenCommand(int &argc, char **argv, const CommandLine &cl)
{
    QCoreApplication app(argc, argv);
    Translations::install(&app);
    return runListen(cl);
}
