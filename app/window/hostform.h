#pragma once

#include "profile.h"
#include "topologytemplate.h"
#include "validationissue.h"

#include <QWidget>

#include <memory>

namespace Ui {
class HostForm;
}
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
    // Splits pasted text into hosts: one per line, or separated by spaces, commas or semicolons.
    static QStringList splitHosts(const QString &text);

public Q_SLOTS:
    void addHosts(const QStringList &hosts);
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
    void updateComponentTitles();

    std::unique_ptr<Ui::HostForm> m_ui;
    Profile m_base; // keeps the keys the form does not edit
    TopologyTemplate m_topology;
    QMap<QString, QStringList> m_hosts;
    QString m_shownComponent;
    ValidationIssues m_issues;
    bool m_loading = false;
};
