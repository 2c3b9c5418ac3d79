#pragma once

#include "profile.h"
#include "vantage.h"

#include <QObject>

// Where the results on show came from: the profile they were run with, compared with the profile in
// the form, and whether this machine is one of the hosts of the role it says it is. The window marks
// out-of-date results with it, and the report says so on page 1.
class ResultsProvenance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultsProvenance)

public:
    explicit ResultsProvenance(QObject *parent = nullptr);
    ~ResultsProvenance() override;

    // Results of `profile`: run from this machine, or opened from a file (run elsewhere).
    void setResults(const Profile &profile, bool ranHere);
    void clearResults();
    void setCurrentProfile(const Profile &profile);
    // For tests: the machine the role warning compares the hosts with.
    void setSelf(const Vantage &self);

    bool hasResults() const { return m_hasResults; }
    bool isStale() const;
    // About the form: "This machine is" names a role whose hosts are not this machine.
    QString roleWarning() const;
    // For page 1 of a report and the banners: empty when the results match the form and this machine.
    QString note() const;

    static QString roleWarning(const Profile &profile, const Vantage &self);

Q_SIGNALS:
    void changed();

private:
    Vantage m_self;
    Profile m_results;
    Profile m_current;
    bool m_hasResults = false;
    bool m_ranHere = false;
};
