#pragma once

#include "check.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The fleet view of merged results (issue 15): how the machines of one role saw one diagram link,
// so that a report or the window says "Bot Agents -> load balancer: 412 of 415 machines pass; 3 fail:
// ws-017, ws-233, ws-380" instead of one row per machine. Merged results carry one tally per (link,
// role) in the "fleet" key; every check of every machine stays in "vantage_checks" and in the CSV.
struct FleetTally
{
    Q_DECLARE_TR_FUNCTIONS(FleetTally)

public:
    static constexpr int namesKept = 50; // hostnames listed per verdict; the counts are always whole

    QString linkId;        // Check::linkId(): "bot-agent>load-balancer", "outside>control-room"
    QString role;          // the vantage role of the machines counted here ("all": runs with --from all)
    bool decides = false;  // the merge rule: these machines' results decide the link (the flow's own
                           // source; for exposure checks every machine outside the cluster)
    int machines = 0;      // machines of this role that tested the link (a check that was not not-tested)
    int pass = 0;          // machines whose worst verdict on the link is pass
    int warn = 0;
    int fail = 0;
    QStringList failing;   // hostnames of the machines counted in `fail`, sorted, at most namesKept
    QStringList warning;   // the same for `warn`
    qint64 checks = 0;     // checks these machines ran on the link

    bool unanimous() const { return machines == pass || machines == warn || machines == fail; }
    // "412 of 415 machines pass; 3 fail: ws-017, ws-233, ws-380" (names cut at a few, "and 12 more")
    QString sentence(int namesShown = 3) const;

    QJsonObject toJson() const;
    static FleetTally fromJson(const QJsonObject &object, const QString &path, QStringList *errors);
};

// Builds the tallies one machine at a time, as the streaming merge reads the machines' files.
class FleetTallyBuilder
{
public:
    void beginMachine(const QString &hostname, const QString &role);
    void add(const Check &check, bool decides); // a not-tested check is ignored
    void endMachine();
    // The tally of machines counted elsewhere (a merged file merged again), added to the same link and role.
    void add(const FleetTally &tally);
    // Sorted by link, then the deciding role first, then role name.
    QList<FleetTally> tallies() const;

private:
    struct Seen
    {
        Verdict worst = Verdict::Skipped;
        qint64 checks = 0;
        bool decides = false;
    };
    QString m_hostname;
    QString m_role;
    QHash<QString, Seen> m_machine; // this machine's worst verdict per link
    QHash<QString, FleetTally> m_tallies; // key: linkId + '\x1f' + role
};
