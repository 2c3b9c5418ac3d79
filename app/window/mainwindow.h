#pragma once

#include "profile.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <memory>

class CheckResultsModel;
class DetailsPanel;
class DiagramScene;
class DiagramView;
class HostForm;
class MonitorPanel;
class ProbeEngineThread;
class QAction;
class QLabel;
class QMenu;
class QProgressBar;

// The window: host form on the left, the live diagram in the middle, the checks behind the
// selection below, monitoring charts on the right. Data flows one way: form -> profile -> plan ->
// engine -> results model -> diagram, table and charts.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    bool openProfile(const QString &path);
    bool saveProfile(const QString &path);
    // Shows a finished run (e.g. a results file from a headless run) in the diagram and tables.
    void showResults(const RunResults &results);
    bool openResults(const QString &path);

    // Asked before unsaved changes would be lost; tests replace the dialog.
    using UnsavedChangesPrompt = std::function<QMessageBox::StandardButton(QWidget *parent)>;
    void setUnsavedChangesPrompt(UnsavedChangesPrompt prompt) { m_prompt = std::move(prompt); }
    bool isModified() const;
    QString profilePath() const { return m_path; }

    HostForm *hostForm() const { return m_form; }
    DiagramScene *scene() const { return m_scene; }
    DiagramView *view() const { return m_view; }
    DetailsPanel *details() const { return m_details; }
    MonitorPanel *monitor() const { return m_monitor; }
    CheckResultsModel *resultsModel() const { return m_model; }
    QAction *runAction() const { return m_runAction; }
    QAction *stopAction() const { return m_stopAction; }
    RunResults results() const;
    bool isRunning() const { return m_runId != 0; }

public Q_SLOTS:
    void runAll();
    void rerunSelectedLink();
    void stop();

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
    void startRun(const QList<Check> &checks, bool fullRun);
    void onCheckStarted(int runId, int checkId);
    void onCheckFinished(int runId, const Check &check);
    void onProgress(int runId, int done, int total);
    void onRunFinished(int runId, bool cancelled);
    void scheduleFlush();
    void flushPending();
    void finishRun(bool cancelled);
    void onFormChanged();
    void rebuildDiagram();
    void updateActions();
    void updateTitle();
    void updateSummary();
    bool maybeSave();
    bool save();
    bool saveAs();
    void openDialog();
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    void exportResults(bool csv);
    void exportDiagram(bool svg);
    void saveReport();
    void applyPalette();
    void showError(const QString &text);

    HostForm *m_form = nullptr;
    DiagramScene *m_scene = nullptr;
    DiagramView *m_view = nullptr;
    CheckResultsModel *m_model = nullptr;
    DetailsPanel *m_details = nullptr;
    MonitorPanel *m_monitor = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_rerunLinkAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_monitorAction = nullptr;
    std::unique_ptr<ProbeEngineThread> m_engine;

    QString m_path;
    Profile m_savedProfile;
    Profile m_diagramProfile;
    TopologyTemplate m_topology;
    RunResults m_results;
    QString m_selectedLink;
    int m_runId = 0;
    // Results arrive in bursts (hundreds of refusals at once): the slots only queue them and a
    // zero-delay timer applies them in slices of a few milliseconds, so the event loop keeps turning.
    QList<int> m_pendingStarted;
    QList<Check> m_pendingFinished;
    int m_pendingDone = -1;
    int m_pendingTotal = 0;
    bool m_pendingRunFinished = false;
    bool m_pendingCancelled = false;
    QTimer m_flushTimer;
    QTimer m_monitorTimer;
    UnsavedChangesPrompt m_prompt;
};
