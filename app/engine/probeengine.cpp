#include "probeengine.h"

#include "hostsyntax.h"
#include "probe.h"
#include "socketplatform.h"
#include "transportadvice.h"

#include <QThread>

#include <utility>

#define TOPOCHECK_ASSERT_THREAD() Q_ASSERT(QThread::currentThread() == thread())

ProbeEngine::ProbeEngine(QObject *parent)
    : QObject(parent)
{
}

ProbeEngine::~ProbeEngine()
{
    stopAll();
}

QString ProbeEngine::targetName(const Check &check) const
{
    return check.via == QLatin1String("proxy") ? m_proxy.host() : check.host;
}

QString ProbeEngine::connectName(const Check &check) const
{
    return check.via.isEmpty() && !check.address.isEmpty() ? check.address : HostSyntax::normalized(targetName(check));
}

void ProbeEngine::start(int runId, const QList<Check> &checks, const ProfileOptions &options, int firstNewId)
{
    TOPOCHECK_ASSERT_THREAD();
    const bool superseding = m_running;
    const int old = m_runId;
    stopAll();
    if (superseding)
        Q_EMIT runFinished(old, true);
    m_runId = runId;
    m_running = true;
    m_options = options;
    m_options.concurrency = qBound(1, options.concurrency, ProfileOptions::maxConcurrency);
    m_options.timeoutMs = qBound(ProfileOptions::minTimeoutMs, options.timeoutMs, ProfileOptions::maxTimeoutMs);
    m_proxy = QUrl(options.proxy);
    SocketPlatform::raiseDescriptorLimit(2 * m_options.concurrency + 256);
    m_done = 0;
    m_checks.clear();
    m_nextId = firstNewId;
    int highestId = -1;
    for (const Check &c : checks) {
        highestId = qMax(highestId, c.id);
        if (c.runnable)
            m_checks << c;
    }
    if (m_nextId < 0)
        m_nextId = highestId + 1;
    Q_EMIT progress(m_runId, 0, int(m_checks.size()));

    QList<Check> added;
    for (int i = 0; i < m_checks.size(); ++i) {
        const Check &c = m_checks.at(i);
        // A proxied check needs the proxy's address only: the proxy resolves the destination for itself
        // (this machine may not even know the name), so the check is one per name, never split per
        // address. A direct check that names its address already (a re-run) tests that one.
        const QStringList names{connectName(c)};
        int pending = 0;
        for (const QString &name : std::as_const(names)) {
            QHostAddress literal;
            if (literal.setAddress(name)) {
                m_addresses.insert(name, {literal});
                continue;
            }
            ++pending;
            m_waiting[name] << i;
            if (m_waiting.value(name).size() == 1) {
                const int id = QHostInfo::lookupHost(name, this, &ProbeEngine::onResolved);
                m_lookups.insert(id, name);
            }
        }
        if (pending == 0)
            makeReady(i, &added);
        else
            m_pendingNames.insert(i, pending);
    }
    if (m_checks.isEmpty()) {
        m_running = false;
        Q_EMIT runFinished(m_runId, false);
        return;
    }
    if (!added.isEmpty())
        Q_EMIT checksAdded(m_runId, added);
    pump();
}

void ProbeEngine::onResolved(const QHostInfo &info)
{
    TOPOCHECK_ASSERT_THREAD();
    const auto it = m_lookups.find(info.lookupId());
    if (it == m_lookups.end()) // a lookup of a cancelled or superseded run
        return;
    const QString name = it.value();
    m_lookups.erase(it);
    resolvedName(name, info);
}

void ProbeEngine::resolvedName(const QString &name, const QHostInfo &info)
{
    const bool resolved = info.error() == QHostInfo::NoError && !info.addresses().isEmpty();
    if (resolved) {
        QList<QHostAddress> addresses;
        for (const QHostAddress &a : info.addresses())
            if (!addresses.contains(a))
                addresses << a;
        m_addresses.insert(name, addresses);
    }
    const QString reason = info.error() == QHostInfo::HostNotFound ? QStringLiteral("nxdomain") : QStringLiteral("dns-error");
    const QList<int> waiting = m_waiting.take(name);
    QList<Check> added;
    for (int i : waiting) {
        const auto pending = m_pendingNames.find(i);
        if (pending == m_pendingNames.end()) // already reported
            continue;
        const bool isTarget = connectName(m_checks.at(i)) == name;
        if (!resolved && isTarget) {
            m_pendingNames.erase(pending);
            Check c = m_checks.at(i);
            c.state = CheckState::Unresolved;
            c.reason = reason;
            c.detail = c.via == QLatin1String("proxy")
                ? tr("the proxy %1 does not resolve: %2").arg(name, info.errorString())
                : info.errorString();
            c.decide();
            c.advice = TransportAdvice::forCheck(c, m_options.timeoutMs);
            Q_EMIT checkStarted(m_runId, c.id);
            report(c);
            if (!m_running) // the run ended in report()
                return;
            continue;
        }
        if (--pending.value() == 0) {
            m_pendingNames.erase(pending);
            makeReady(i, &added);
        }
    }
    // announced before any of them starts: the receiver has their rows by then
    if (!added.isEmpty())
        Q_EMIT checksAdded(m_runId, added);
    pump();
}

// The check's names are known: where its probe connects. A direct check of a name with several
// addresses keeps the first; every further address becomes a check of its own, queued right after it.
void ProbeEngine::makeReady(int index, QList<Check> *added)
{
    const Check planned = m_checks.at(index);
    const QList<QHostAddress> addresses = m_addresses.value(connectName(planned));
    m_ready.push_back(index);
    if (!planned.via.isEmpty() || addresses.size() < 2) {
        m_targets.insert(index, addresses);
        return;
    }
    m_targets.insert(index, {addresses.constFirst()});
    for (qsizetype k = 1; k < addresses.size(); ++k) {
        Check extra = planned;
        extra.id = m_nextId++;
        extra.address = addresses.at(k).toString();
        const int extraIndex = int(m_checks.size());
        m_checks << extra;
        m_targets.insert(extraIndex, {addresses.at(k)});
        m_ready.push_back(extraIndex);
        *added << extra;
    }
}

void ProbeEngine::pump()
{
    while (m_running && !m_ready.empty() && m_inFlight.size() < m_options.concurrency) {
        const int index = m_ready.front();
        m_ready.pop_front();
        launch(index);
    }
}

void ProbeEngine::launch(int index)
{
    Check c = m_checks.at(index);
    CheckContext ctx;
    ctx.host = c.host;
    ctx.port = c.port;
    ctx.transport = c.transport;
    ctx.protocol = c.protocol;
    ctx.via = c.via;
    ctx.timeoutMs = m_options.timeoutMs;
    ctx.kerberosRealm = m_options.kerberosRealm;
    ctx.websocketPath = m_options.websocketPath;
    ctx.caFile = m_options.caFile;
    ctx.expectListener = m_options.expectListener;
    ctx.proxy = m_proxy;
    if (c.via == QLatin1String("proxy"))
        c.address.clear(); // whatever the proxy resolved the name to: this machine cannot tell
    auto *probe = new Probe(c, ctx, m_targets.take(index), this);
    connect(probe, &Probe::finished, this, &ProbeEngine::onProbeFinished);
    m_inFlight.insert(probe);
    Q_EMIT checkStarted(m_runId, c.id);
    probe->start();
}

void ProbeEngine::onProbeFinished(Probe *probe)
{
    TOPOCHECK_ASSERT_THREAD();
    if (!m_inFlight.remove(probe))
        return;
    probe->deleteLater();
    Check c = probe->check();
    if (c.via == QLatin1String("proxy") && c.state == CheckState::Open)
        c.detail += tr(" (%1 was resolved by the proxy, not here: one check for the name, whatever addresses it has)")
                        .arg(c.host);
    report(c);
    pump();
}

void ProbeEngine::report(const Check &check)
{
    ++m_done;
    Q_EMIT checkFinished(m_runId, check);
    Q_EMIT progress(m_runId, m_done, int(m_checks.size()));
    if (m_done == m_checks.size()) {
        m_running = false;
        Q_EMIT runFinished(m_runId, false);
    }
}

void ProbeEngine::cancel(int runId)
{
    TOPOCHECK_ASSERT_THREAD();
    if (!m_running || runId != m_runId)
        return;
    stopAll();
    Q_EMIT runFinished(runId, true);
}

void ProbeEngine::shutdown()
{
    TOPOCHECK_ASSERT_THREAD();
    stopAll();
}

void ProbeEngine::stopAll()
{
    m_running = false;
    for (auto it = m_lookups.cbegin(); it != m_lookups.cend(); ++it)
        QHostInfo::abortHostLookup(it.key());
    m_lookups.clear();
    m_waiting.clear();
    m_pendingNames.clear();
    m_addresses.clear();
    m_targets.clear();
    m_ready.clear();
    const QSet<Probe *> probes = std::exchange(m_inFlight, {});
    for (Probe *p : probes) {
        disconnect(p, nullptr, this, nullptr);
        delete p;
    }
}
