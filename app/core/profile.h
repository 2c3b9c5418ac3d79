#pragma once

#include "portrange.h"
#include "validationissue.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

// The options block of a profile; every value is optional, the defaults are CONTRACT.md's.
struct ProfileOptions
{
    static constexpr int defaultTimeoutMs = 3000;
    static constexpr int defaultConcurrency = 256;
    static constexpr int minTimeoutMs = 50;
    static constexpr int maxTimeoutMs = 600000;
    static constexpr int maxConcurrency = 4096;

    int timeoutMs = defaultTimeoutMs;
    int concurrency = defaultConcurrency;
    QString kerberosRealm;
    QString websocketPath = QStringLiteral("/");
    QString caFile;
    QString proxy;
    // A choice of the run, never saved in a profile (so not compared): --expect-listener, the destinations
    // run `topocheck --listen` and a check passes only on the listener's banner.
    bool expectListener = false;

    friend bool operator==(const ProfileOptions &a, const ProfileOptions &b)
    {
        return a.timeoutMs == b.timeoutMs && a.concurrency == b.concurrency && a.kerberosRealm == b.kerberosRealm
            && a.websocketPath == b.websocketPath && a.caFile == b.caFile && a.proxy == b.proxy;
    }
};

// A site profile (format topocheck-profile/1): the hosts of each component, port overrides and options.
// Keys this version does not know are kept and written back, so other tools' data survives a save.
class Profile
{
    Q_DECLARE_TR_FUNCTIONS(Profile)

public:
    static inline const QString formatId = QStringLiteral("topocheck-profile/1");
    static inline const QString defaultTemplate = QStringLiteral("automation360");

    QString name;
    QString templateId = defaultTemplate;
    QString vantage; // a role, "all", or empty (= all)
    QMap<QString, QStringList> hosts;
    QMap<QString, PortRange> ports;
    ProfileOptions options;
    // What reading folded without refusing the profile (a host listed twice is checked once): warnings the
    // window shows and a headless run prints as notes. Never saved, not compared.
    ValidationIssues notes;

    // A run plans one check per (flow, host, port); beyond this many the profile is refused (validate()):
    // a headless run of 97,849 checks (150 Control Room nodes seen from a Bot Agent) peaks near 580 MB.
    static constexpr qint64 maxPlannedChecks = 100000;

    QStringList hostsOf(const QString &component) const { return hosts.value(component); }
    // The port a flow with this key and default uses after the profile's overrides.
    PortRange portFor(const QString &portKey, const PortRange &defaultPorts) const;

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;
    // Parses and validates; every problem is reported (an empty list means the profile is usable).
    static Profile fromJson(const QByteArray &json, ValidationIssues *issues);
    // Checks what the form edits, without a JSON round trip.
    ValidationIssues validate() const;

    // Reads at most maxFileSize bytes, whatever the file is (a pipe, a device).
    static constexpr qint64 maxFileSize = 16 * 1024 * 1024;
    static Profile load(const QString &path, ValidationIssues *issues);
    // Atomic: the file is either the old one or the whole new one, never half written.
    bool save(const QString &path, QString *error) const;

    friend bool operator==(const Profile &a, const Profile &b)
    {
        return a.name == b.name && a.templateId == b.templateId && a.vantage == b.vantage && a.hosts == b.hosts
            && a.ports == b.ports && a.options == b.options;
    }
    friend bool operator!=(const Profile &a, const Profile &b) { return !(a == b); }

private:
    QJsonObject m_unknown; // keys of other tools, kept verbatim
    QJsonObject m_unknownOptions;
};
