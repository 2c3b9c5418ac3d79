#pragma once

#include "profile.h"
#include "topologytemplate.h"
#include "validationissue.h"

#include <QWidget>

#include <memory>

namespace Ui {
class HostForm;
}
class QAction;
class QLabel;

// The profile editor (ui/hostform.ui): hosts per component, port overrides, vantage and options.
// Validates as the user types with Profile::validate(); each message sits next to its field.
class HostForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostForm)

public:
    explicit HostForm(QWidget *parent = nullptr);
    ~HostForm() override;

    void setProfile(const Profile &profile);
    Profile profile() const;
    // Everything wrong with the form now: Profile::validate() plus text that is not a port yet.
    ValidationIssues issues() const { return m_issues; }
    bool hasErrors() const { return !m_issues.isEmpty(); }

    void selectComponent(const QString &componentId);
    QString currentComponent() const;
    // Splits pasted text into hosts: one per line, or separated by commas, semicolons or tabs.
    // Spaces do not separate, so "sql server" stays one (bad) entry and is reported as one.
    static QStringList splitHosts(const QString &text);
    // The issue as a sentence for people: "Control Room host 3: \"node9..corp\" is not a valid host name".
    QString describe(const ValidationIssue &issue) const;
    // Empty when the file is readable and holds at least one PEM certificate.
    static QString caFileProblem(const QString &path);
    // The window's Listen action, as a button next to "This machine is" (hidden without one).
    void setListenAction(QAction *action);

public Q_SLOTS:
    void addHosts(const QStringList &hosts);
    // Adds what the new-host field holds, if every entry is a host not listed yet; otherwise
    // keeps the text and says what is wrong next to the field. Returns whether anything was added.
    bool addTypedHosts();
    void removeSelectedHosts();
    void pasteHosts();

Q_SIGNALS:
    void changed();
    void templateChanged(const QString &templateId);

private:
    void loadTemplate(const QString &templateId);
    void showHostsOfComponent();
    void storeHostList();
    void revalidate();
    void showIssue(QLabel *label, const QString &prefix) const;
    void showPortIssues();
    QString newHostProblem(const QStringList &hosts) const;
    void showNewHostProblem(const QString &problem);
    void updateComponentTitles();

    std::unique_ptr<Ui::HostForm> m_ui;
    Profile m_base; // keeps the keys the form does not edit
    TopologyTemplate m_topology;
    QMap<QString, QStringList> m_hosts;
    QString m_shownComponent;
    ValidationIssues m_issues;
    QString m_caChecked; // the CA file last read, with its size and time, and what was wrong with it
    QString m_caProblem;
    bool m_loading = false;
};
