#include "mainwindow.h"

#include "checkplan.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "detailspanel.h"
#include "diagramexport.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "hostform.h"
#include "linkitem.h"
#include "monitorpanel.h"
#include "rulesnippetdialog.h"
#include "vantage.h"

#include "probeenginethread.h"
#include "changerequestreport.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

namespace {
constexpr int maxRecentFiles = 8;
const QString recentFilesKey = QStringLiteral("recentFiles");

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QString formatOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.read(16 * 1024 * 1024)).object().value(QStringLiteral("format")).toString();
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_form(new HostForm)
    , m_scene(new DiagramScene(this))
    , m_view(new DiagramView(this))
    , m_model(new CheckResultsModel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    m_view->setScene(m_scene);
    m_scene->setCached(true);
    setCentralWidget(m_view);
    m_details = new DetailsPanel(m_model);
    m_monitor = new MonitorPanel;
    createActions();
    createDocks();

    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_progressLabel = new QLabel;
    m_summaryLabel = new QLabel;
    statusBar()->addPermanentWidget(m_summaryLabel);
    statusBar()->addPermanentWidget(m_progressLabel);
    statusBar()->addPermanentWidget(m_progress);

    m_engine = std::make_unique<ProbeEngineThread>();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &MainWindow::flushPending);
    connect(m_engine.get(), &ProbeEngineThread::checkStarted, this, &MainWindow::onCheckStarted);
    connect(m_engine.get(), &ProbeEngineThread::checkFinished, this, &MainWindow::onCheckFinished);
    connect(m_engine.get(), &ProbeEngineThread::progress, this, &MainWindow::onProgress);
    connect(m_engine.get(), &ProbeEngineThread::runFinished, this, &MainWindow::onRunFinished);

    connect(m_form, &HostForm::changed, this, &MainWindow::onFormChanged);
    connect(m_scene, &DiagramScene::linkClicked, this, [this](const QString &linkId) {
        m_selectedLink = linkId;
        LinkItem *link = m_scene->link(linkId);
        const QString title = link ? link->label() : linkId;
        QString from = linkId.section(QLatin1Char('>'), 0, 0);
        QString to = linkId.section(QLatin1Char('>'), 1);
        if (const Component *c = m_topology.component(from))
            from = c->label;
        if (const Component *c = m_topology.component(to))
            to = c->label;
        m_details->showLink(linkId, tr("%1 \u2192 %2: %3").arg(from, to, title));
        m_monitor->showLink(linkId, tr("%1 \u2192 %2").arg(from, to));
        updateActions();
    });
    connect(m_scene, &DiagramScene::componentClicked, this, [this](const QString &componentId) {
        m_selectedLink.clear();
        const Component *c = m_topology.component(componentId);
        m_details->showComponent(componentId, QString(), c ? c->label : componentId);
        m_form->selectComponent(componentId);
        updateActions();
    });
    connect(m_scene, &DiagramScene::hostClicked, this, [this](const QString &componentId, const QString &host) {
        if (host.isEmpty())
            return;
        m_details->showComponent(componentId, host, tr("Control Room node %1: every check towards it").arg(host));
    });
    connect(m_details, &DetailsPanel::rerunRequested, this, &MainWindow::rerunSelectedLink);
    connect(m_monitor, &MonitorPanel::monitoringChanged, this, [this](bool on) {
        m_monitorAction->setChecked(on);
        if (!on)
            m_monitorTimer.stop();
        else if (!isRunning())
            runAll();
    });
    m_monitorTimer.setSingleShot(true);
    connect(&m_monitorTimer, &QTimer::timeout, this, [this] {
        if (m_monitor->isMonitoring() && !isRunning())
            runAll();
    });

    m_form->setProfile(Profile());
    m_savedProfile = m_form->profile();
    rebuildDiagram();
    applyPalette();
    updateActions();
    updateTitle();
    resize(1500, 920);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
}

MainWindow::~MainWindow()
{
    m_monitorTimer.stop();
    if (m_engine && isRunning())
        m_engine->cancel();
    m_engine.reset();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open profile\u2026"), this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    m_saveAction = file->addAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save profile"), this, &MainWindow::save);
    m_saveAction->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction(tr("Save profile &as\u2026"), this, &MainWindow::saveAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    file->addAction(tr("Open res&ults\u2026"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open results"), QString(), tr("Results (*.json)"));
        if (!path.isEmpty())
            openResults(path);
    });
    QAction *report = file->addAction(tr("Save change-request &report (PDF)\u2026"), this, &MainWindow::saveReport);
    report->setShortcut(QKeySequence::Print);
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Results as &JSON\u2026"), this, [this] { exportResults(false); });
    exportMenu->addAction(tr("Results as &CSV\u2026"), this, [this] { exportResults(true); });
    exportMenu->addAction(tr("Diagram as &SVG\u2026"), this, [this] { exportDiagram(true); });
    exportMenu->addAction(tr("Diagram as &PNG\u2026"), this, [this] { exportDiagram(false); });
    exportMenu->addAction(tr("Firewall &rules as commands\u2026"), this, [this] {
        RuleSnippetDialog dialog(results(), m_topology, this);
        dialog.exec();
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    m_runAction = run->addAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Run all checks"), this, &MainWindow::runAll);
    m_runAction->setShortcut(Qt::Key_F5);
    m_stopAction = run->addAction(QIcon::fromTheme(QStringLiteral("media-playback-stop")), tr("&Stop"), this, &MainWindow::stop);
    m_stopAction->setShortcut(Qt::Key_Escape);
    m_rerunLinkAction = run->addAction(tr("Re-run the selected &link"), this, &MainWindow::rerunSelectedLink);
    m_rerunLinkAction->setShortcut(Qt::SHIFT | Qt::Key_F5);
    m_monitorAction = run->addAction(tr("&Monitor mode"));
    m_monitorAction->setCheckable(true);
    m_monitorAction->setShortcut(Qt::CTRL | Qt::Key_M);
    connect(m_monitorAction, &QAction::toggled, this, [this](bool on) { m_monitor->setMonitoring(on); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn = view->addAction(tr("Zoom &in"), this, [this] { m_view->zoomIn(); });
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction *zoomOut = view->addAction(tr("Zoom &out"), this, [this] { m_view->zoomOut(); });
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction *fit = view->addAction(tr("&Fit to window"), this, [this] { m_view->fitToWindow(); });
    fit->setShortcut(Qt::CTRL | Qt::Key_0);
    QAction *all = view->addAction(tr("Show &all checks"), this, [this] {
        m_scene->clearSelection();
        m_selectedLink.clear();
        m_details->showAll();
        updateActions();
    });
    all->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    QAction *focusDiagram = view->addAction(tr("Focus the &diagram"), this, [this] {
        m_view->setFocus();
        if (m_scene->selectedItems().isEmpty())
            m_scene->selectComponent(ComponentId::controlRoom);
    });
    focusDiagram->setShortcut(Qt::CTRL | Qt::Key_D);
    m_view->addActions({zoomIn, zoomOut, fit});

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(open);
    bar->addAction(m_saveAction);
    bar->addSeparator();
    bar->addAction(m_runAction);
    bar->addAction(m_stopAction);
    bar->addAction(m_rerunLinkAction);
    bar->addAction(m_monitorAction);
    bar->addSeparator();
    bar->addAction(zoomIn);
    bar->addAction(zoomOut);
    bar->addAction(fit);
    bar->addSeparator();
    bar->addAction(report);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Topocheck"), this, [this] {
        QMessageBox::about(this, tr("About Topocheck"),
                           tr("<b>Topocheck %1</b><p>Checks every network flow an Automation 360 deployment needs, "
                              "from the machine it runs on, and says what to ask the firewall team.</p>")
                               .arg(QStringLiteral(TOPOCHECK_VERSION)));
    });
    rebuildRecentMenu();
}

void MainWindow::createDocks()
{
    auto *scroll = new QScrollArea;
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(m_form->sizeHint().width() + 24);
    auto *formDock = new QDockWidget(tr("Profile"), this);
    formDock->setObjectName(QStringLiteral("profileDock"));
    formDock->setWidget(scroll);
    formDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, formDock);

    auto *detailsDock = new QDockWidget(tr("Checks"), this);
    detailsDock->setObjectName(QStringLiteral("detailsDock"));
    detailsDock->setWidget(m_details);
    detailsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, detailsDock);

    auto *monitorDock = new QDockWidget(tr("Monitor"), this);
    monitorDock->setObjectName(QStringLiteral("monitorDock"));
    monitorDock->setWidget(m_monitor);
    addDockWidget(Qt::RightDockWidgetArea, monitorDock);
    monitorDock->hide();
    connect(m_monitorAction, &QAction::toggled, monitorDock, [monitorDock](bool on) {
        if (on)
            monitorDock->show();
    });
    resizeDocks({detailsDock}, {300}, Qt::Vertical);
    QMenu *view = nullptr;
    for (QAction *a : menuBar()->actions()) {
        if (a->menu() && a->text() == tr("&View"))
            view = a->menu();
    }
    if (view) {
        view->addSeparator();
        view->addAction(formDock->toggleViewAction());
        view->addAction(detailsDock->toggleViewAction());
        view->addAction(monitorDock->toggleViewAction());
    }
}

// --- profile files

bool MainWindow::isModified() const
{
    return m_form->profile() != m_savedProfile;
}

bool MainWindow::maybeSave()
{
    if (!isModified())
        return true;
    const QMessageBox::StandardButton answer =
        m_prompt ? m_prompt(this)
                 : QMessageBox::warning(this, tr("Unsaved changes"),
                                        tr("The profile \"%1\" has changes that are not saved.\nSave them first?")
                                            .arg(m_form->profile().name),
                                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::openProfile(const QString &path)
{
    if (!maybeSave())
        return false;
    ValidationIssues issues;
    const Profile profile = Profile::load(path, &issues);
    bool unusable = false;
    for (const ValidationIssue &issue : std::as_const(issues))
        unusable = unusable || issue.path.isEmpty() || issue.path == QLatin1String("format") || issue.path == QLatin1String("hosts");
    if (unusable) {
        showError(tr("Cannot open %1:\n%2").arg(QDir::toNativeSeparators(path), issues.constFirst().toString()));
        return false;
    }
    stop();
    m_path = QFileInfo(path).absoluteFilePath();
    m_form->setProfile(profile);
    m_savedProfile = m_form->profile();
    m_model->setChecks({});
    m_monitor->clearHistory();
    m_results = RunResults();
    rebuildDiagram();
    m_details->showAll();
    addRecentFile(m_path);
    updateTitle();
    updateActions();
    m_view->fitToWindow();
    if (!issues.isEmpty())
        statusBar()->showMessage(tr("%1 has %n problem(s): see the form", nullptr, int(issues.size())).arg(QFileInfo(path).fileName()), 8000);
    return true;
}

bool MainWindow::saveProfile(const QString &path)
{
    QString error;
    const Profile profile = m_form->profile();
    if (!profile.save(path, &error)) {
        showError(error);
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_savedProfile = profile;
    addRecentFile(m_path);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_path)), 4000);
    return true;
}

bool MainWindow::save()
{
    return m_path.isEmpty() ? saveAs() : saveProfile(m_path);
}

bool MainWindow::saveAs()
{
    QString suggested = m_path;
    if (suggested.isEmpty())
        suggested = (m_form->profile().name.isEmpty() ? tr("profile") : m_form->profile().name) + QStringLiteral(".json");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save profile"), suggested, tr("Topocheck profiles (*.json)"));
    return !path.isEmpty() && saveProfile(path);
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open profile"), QFileInfo(m_path).absolutePath(),
                                                      tr("Topocheck profiles and results (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (formatOf(path) == RunResults::formatId)
        openResults(path);
    else
        openProfile(path);
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList files = settings.value(recentFilesKey).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    settings.setValue(recentFilesKey, files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings().value(recentFilesKey).toStringList();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()),
                                             this, [this, path] { openProfile(path); });
        a->setToolTip(QDir::toNativeSeparators(path));
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

// --- runs

void MainWindow::rebuildDiagram()
{
    const Profile profile = m_form->profile();
    m_topology = TopologyTemplate::builtin(profile.templateId);
    m_diagramProfile = profile;
    m_scene->setTopology(m_topology, profile);
    m_scene->setChecks(m_model->checks());
    m_selectedLink.clear();
    m_view->fitToWindow();
}

void MainWindow::onFormChanged()
{
    const Profile profile = m_form->profile();
    // hosts and ports change the boxes and labels; redraw unless a run is showing its results
    if (!isRunning() && (profile.templateId != m_diagramProfile.templateId || profile.hosts != m_diagramProfile.hosts
                         || profile.ports != m_diagramProfile.ports)) {
        if (profile.templateId != m_diagramProfile.templateId || profile.hosts != m_diagramProfile.hosts)
            m_model->setChecks({});
        rebuildDiagram();
    }
    updateActions();
    updateTitle();
}

void MainWindow::runAll()
{
    if (m_form->hasErrors() || isRunning())
        return;
    const Profile profile = m_form->profile();
    const QString role = profile.vantage.isEmpty() ? Vantage::all : profile.vantage;
    const CheckPlan plan = CheckPlan::build(TopologyTemplate::builtin(profile.templateId), profile, Vantage::current(role));
    m_results = RunResults();
    m_results.profileName = profile.name;
    m_results.templateId = profile.templateId;
    m_results.vantage = plan.vantage();
    m_model->setChecks(plan.checks());
    rebuildDiagram();
    startRun(plan.checks(), true);
}

void MainWindow::rerunSelectedLink()
{
    if (m_selectedLink.isEmpty() || isRunning() || m_form->hasErrors())
        return;
    QList<Check> checks;
    for (Check c : m_model->checksOfLink(m_selectedLink)) {
        if (!c.runnable)
            continue;
        c.state = CheckState::NotTested;
        c.service = ServiceStatus::Unchecked;
        c.reason.clear();
        c.detail.clear();
        c.advice.clear();
        c.latencyMs = -1;
        c.softFinding = false;
        c.tls = {};
        c.decide();
        m_model->updateCheck(c);
        m_scene->updateCheck(c);
        checks << c;
    }
    if (checks.isEmpty()) {
        statusBar()->showMessage(tr("Nothing to re-run on this link from this machine"), 4000);
        return;
    }
    startRun(checks, false);
}

void MainWindow::startRun(const QList<Check> &checks, bool fullRun)
{
    QList<Check> runnable;
    for (const Check &c : checks) {
        if (c.runnable)
            runnable << c;
    }
    if (fullRun)
        m_results.started = QDateTime::currentDateTimeUtc();
    m_flushTimer.stop();
    m_pendingStarted.clear();
    m_pendingFinished.clear();
    m_pendingDone = -1;
    m_pendingRunFinished = false;
    m_progress->setRange(0, qMax(1, int(runnable.size())));
    m_progress->setValue(0);
    m_progress->show();
    m_progressLabel->setText(tr("0 / %1").arg(runnable.size()));
    if (!runnable.isEmpty()) {
        m_runId = m_engine->run(runnable, m_form->profile().options);
        updateActions();
        return;
    }
    if (runnable.isEmpty())
        statusBar()->showMessage(tr("No check runs from this machine's role: choose another in \"This machine is\""), 6000);
    else
        statusBar()->showMessage(tr("The probe engine is not built into this copy"), 6000);
    m_runId = -1;
    onRunFinished(-1, false);
}

void MainWindow::stop()
{
    m_monitorTimer.stop();
    if (isRunning())
        m_engine->cancel();
}

void MainWindow::onCheckStarted(int runId, int checkId)
{
    if (runId != m_runId)
        return;
    m_pendingStarted << checkId;
    scheduleFlush();
}

void MainWindow::onCheckFinished(int runId, const Check &check)
{
    if (runId != m_runId)
        return;
    m_pendingFinished << check;
    scheduleFlush();
}

void MainWindow::onProgress(int runId, int done, int total)
{
    if (runId != m_runId)
        return;
    m_pendingDone = done;
    m_pendingTotal = total;
    scheduleFlush();
}

void MainWindow::onRunFinished(int runId, bool cancelled)
{
    if (runId != m_runId)
        return;
    m_pendingRunFinished = true;
    m_pendingCancelled = cancelled;
    if (m_pendingStarted.isEmpty() && m_pendingFinished.isEmpty())
        flushPending();
    else
        scheduleFlush();
}

void MainWindow::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void MainWindow::flushPending()
{
    constexpr qint64 sliceMs = 8;
    QElapsedTimer slice;
    slice.start();
    int started = 0;
    while (started < m_pendingStarted.size() && slice.elapsed() < sliceMs) {
        const int id = m_pendingStarted.at(started++);
        m_model->setRunning(id, true);
        m_scene->setCheckRunning(id, true);
    }
    m_pendingStarted.remove(0, started);
    int finished = 0;
    while (m_pendingStarted.isEmpty() && finished < m_pendingFinished.size() && slice.elapsed() < sliceMs) {
        const Check &check = m_pendingFinished.at(finished++);
        m_model->updateCheck(check);
        m_scene->updateCheck(check);
    }
    m_pendingFinished.remove(0, finished);
    if (m_pendingDone >= 0) {
        m_progress->setRange(0, qMax(1, m_pendingTotal));
        m_progress->setValue(m_pendingDone);
        m_progressLabel->setText(tr("%1 / %2").arg(m_pendingDone).arg(m_pendingTotal));
        m_pendingDone = -1;
    }
    if (!m_pendingStarted.isEmpty() || !m_pendingFinished.isEmpty()) {
        scheduleFlush();
        return;
    }
    if (m_pendingRunFinished) {
        m_pendingRunFinished = false;
        finishRun(m_pendingCancelled);
    }
}

void MainWindow::finishRun(bool cancelled)
{
    m_runId = 0;
    m_model->clearRunning();
    m_scene->clearRunning();
    m_results.finished = QDateTime::currentDateTimeUtc();
    m_results.checks = m_model->checks();
    m_progress->hide();
    m_progressLabel->setText(cancelled ? tr("stopped") : QString());
    updateSummary();
    m_monitor->recordRun(QDateTime::currentDateTime(), m_model->checks());
    updateActions();
    if (m_monitor->isMonitoring() && !cancelled)
        m_monitorTimer.start(m_monitor->intervalSeconds() * 1000);
    Q_EMIT runFinished(cancelled);
}

void MainWindow::showResults(const RunResults &results)
{
    stop();
    m_results = results;
    m_model->setChecks(results.checks);
    rebuildDiagram();
    m_details->showAll();
    updateSummary();
    updateActions();
}

bool MainWindow::openResults(const QString &path)
{
    QFile file(path);
    QStringList errors;
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    const RunResults results = RunResults::fromJson(file.readAll(), &errors);
    if (!errors.isEmpty()) {
        showError(tr("%1 is not a results file:\n%2").arg(QDir::toNativeSeparators(path), errors.constFirst()));
        return false;
    }
    if (TopologyTemplate::isBuiltin(results.templateId) && results.templateId != m_form->profile().templateId) {
        Profile p = m_form->profile();
        p.templateId = results.templateId;
        m_form->setProfile(p);
    }
    showResults(results);
    statusBar()->showMessage(tr("Showing results from %1").arg(QDir::toNativeSeparators(path)), 6000);
    return true;
}

RunResults MainWindow::results() const
{
    RunResults r = m_results;
    r.checks = m_model->checks();
    if (r.profileName.isEmpty())
        r.profileName = m_form->profile().name;
    if (r.templateId.isEmpty())
        r.templateId = m_form->profile().templateId;
    return r;
}

void MainWindow::updateSummary()
{
    const RunResults::Summary s = results().summary();
    m_summaryLabel->setText(tr("<span style='color:#2e7d32'>\u2713 %1 pass</span> \u00b7 <span style='color:#c07800'>! %2 warn</span> "
                               "\u00b7 <span style='color:#c62828'>\u2715 %3 fail</span> \u00b7 \u2013 %4 skipped")
                                .arg(s.pass)
                                .arg(s.warn)
                                .arg(s.fail)
                                .arg(s.skipped));
}

void MainWindow::updateActions()
{
    const bool running = isRunning();
    const bool errors = m_form->hasErrors();
    m_runAction->setEnabled(!running && !errors);
    m_runAction->setToolTip(errors ? tr("Fix the profile first: %1").arg(m_form->issues().constFirst().toString())
                                   : tr("Run every check (F5)"));
    m_stopAction->setEnabled(running || m_monitorTimer.isActive());
    m_rerunLinkAction->setEnabled(!running && !errors && !m_selectedLink.isEmpty());
}

void MainWindow::updateTitle()
{
    const QString name = m_path.isEmpty() ? tr("Untitled profile") : QFileInfo(m_path).fileName();
    setWindowTitle(tr("%1[*] \u2014 Topocheck").arg(name));
    setWindowModified(isModified());
}

// --- outputs

void MainWindow::exportResults(bool csv)
{
    const QString path = QFileDialog::getSaveFileName(this, csv ? tr("Export results as CSV") : tr("Export results as JSON"),
                                                      csv ? QStringLiteral("results.csv") : QStringLiteral("results.json"),
                                                      csv ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const RunResults r = results();
    const QByteArray bytes = csv ? r.toCsv() : r.toJsonBytes();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        showError(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
}

void MainWindow::exportDiagram(bool svg)
{
    const QString path = QFileDialog::getSaveFileName(this, svg ? tr("Export diagram as SVG") : tr("Export diagram as PNG"),
                                                      svg ? QStringLiteral("diagram.svg") : QStringLiteral("diagram.png"),
                                                      svg ? tr("SVG (*.svg)") : tr("PNG (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    const bool ok = svg ? DiagramExport::writeSvg(m_scene, m_form->profile().name, path, &error)
                        : DiagramExport::writePng(m_scene, path, &error);
    if (!ok)
        showError(error);
}

void MainWindow::saveReport()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save change-request report"), QStringLiteral("topocheck-report.pdf"),
                                                      tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!ChangeRequestReport::writePdf(results(), m_topology, m_form->profile(), path, &error))
        showError(error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
}

void MainWindow::showError(const QString &text)
{
    statusBar()->showMessage(text, 10000);
    if (!m_prompt) // tests set a prompt and must never block on a dialog
        QMessageBox::warning(this, tr("Topocheck"), text);
}

// --- window events

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    stop();
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.constFirst().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = event->mimeData()->urls().constFirst().toLocalFile();
    event->acceptProposedAction();
    // after the drop returns: a dialog inside a drop handler would block the drag source
    QTimer::singleShot(0, this, [this, path] {
        if (formatOf(path) == RunResults::formatId)
            openResults(path);
        else
            openProfile(path);
    });
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyPalette();
    QMainWindow::changeEvent(event);
}

void MainWindow::applyPalette()
{
    if (m_scene)
        m_scene->setDarkBackground(isDark(palette()));
}
