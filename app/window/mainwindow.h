#pragma once

#include "listenplan.h"
#include "profile.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QMainWindow>

class CheckDetails;
class CheckResultsModel;
class DetailsPanel;
class DiagramScene;
class DiagramView;
class ExportActions;
class HostForm;
class Listener;
class ListenerPanel;
class LinkSummaryModel;
class MonitorPanel;
class MonitorSchedule;
class ProfileActions;
class ProfileDocument;
class QAction;
class QDockWidget;
class ResultsLoader;
class ResultsProvenance;
class RunController;

// The window: host form on the left, the live diagram in the middle, the checks behind the
// selection below, monitoring charts on the right. A shell: the profile is a ProfileDocument, a run
// is the RunController's, and its results reach the views only through the results model
// (session -> CheckResultsModel -> LinkSummaryModel -> diagram, table, charts).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Asks first when the profile has unsaved changes.
    bool openProfile(const QString &path);
    // A path from the command line or a drop: results files (topocheck-results/1) open as results, others as a profile.
    void openFile(const QString &path);
    bool saveProfile(const QString &path);
    // A results file (a headless run, a merge): read on a worker thread (ResultsLoader; the status bar
    // shows its progress, Esc or Cancel drops it), then shown through the session like a live run.
    // False when the file cannot be read at all.
    bool openResults(const QString &path);
    ResultsLoader *resultsLoader() const { return m_loader; }

    HostForm *hostForm() const { return m_form; }
    DiagramScene *scene() const { return m_scene; }
    DiagramView *view() const { return m_view; }
    DetailsPanel *details() const { return m_details; }
    CheckDetails *checkDetails() const { return m_checkDetails; }
    ResultsProvenance *provenance() const { return m_provenance; }
    CheckResultsModel *resultsModel() const { return m_model; }
    ProfileDocument *document() const { return m_document; }
    const RunController *session() const { return m_session; }
    QAction *runAction() const { return m_runAction; }
    QAction *stopAction() const { return m_stopAction; }
    QAction *listenAction() const { return m_listenAction; }
    QAction *expectListenerAction() const { return m_expectListenerAction; }
    const Listener *listener() const { return m_listener; }
    bool isRunning() const;

public Q_SLOTS:
    void runAll();
    void rerunSelectedLink();
    void stop();
    // Holds every port that the role in "This machine is" must accept (`--listen`), or stops.
    void setListening(bool on);
    // A finished run (a results file, a merge) in the diagram and the tables.
    void showResults(const RunResults &results);

Q_SIGNALS:
    void runFinished(bool cancelled);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createDocks();
    void connectSelection();
    void onFormChanged();
    void rebuildDiagram();
    bool diagramShows(const Profile &profile) const;
    ProfileOptions runOptions(const Profile &profile) const; // the profile's, with the Run menu's choices
    void updateActions();
    void updateTitle();
    void onProfileOpened(const ValidationIssues &problems);
    void showError(const QString &text);
    void showListeningLinks(const QList<ListenPort> &ports);

    ProfileDocument *m_document;
    RunController *m_session;
    CheckResultsModel *m_model;
    LinkSummaryModel *m_links;
    HostForm *m_form;
    DiagramScene *m_scene;
    DiagramView *m_view;
    DetailsPanel *m_details;
    CheckDetails *m_checkDetails;
    ResultsProvenance *m_provenance;
    MonitorPanel *m_monitor;
    Listener *m_listener;
    ListenerPanel *m_listenerPanel;
    MonitorSchedule *m_schedule = nullptr;
    ProfileActions *m_profileActions;
    ExportActions *m_exports;
    QAction *m_runAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_rerunLinkAction = nullptr;
    QAction *m_monitorAction = nullptr;
    QAction *m_listenAction = nullptr;
    QAction *m_expectListenerAction = nullptr;
    QDockWidget *m_listenerDock = nullptr;
    ResultsLoader *m_loader = nullptr;

    Profile m_diagramProfile;
    TopologyTemplate m_topology;
    QString m_selectedLink;
};
