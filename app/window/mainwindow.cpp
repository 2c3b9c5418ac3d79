#include "mainwindow.h"

#include "checkdetails.h"
#include "checkplan.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "detailspanel.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "displaynames.h"
#include "exportactions.h"
#include "hostform.h"
#include "linkitem.h"
#include "linksummarymodel.h"
#include "listener.h"
#include "listenerpanel.h"
#include "monitorpanel.h"
#include "monitorschedule.h"
#include "profileactions.h"
#include "profiledocument.h"
#include "provenancebanner.h"
#include "resultsloader.h"
#include "resultsprovenance.h"
#include "runcontroller.h"
#include "runstatus.h"
#include "vantage.h"
#include "windowlayout.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QNetworkInterface>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new ProfileDocument(this))
    , m_session(new RunController(this))
    , m_model(new CheckResultsModel(this))
    , m_links(new LinkSummaryModel(this))
    , m_form(new HostForm)
    , m_scene(new DiagramScene(this))
    , m_view(new DiagramView(this))
    , m_details(new DetailsPanel(m_model))
    , m_checkDetails(new CheckDetails(m_session))
    , m_provenance(new ResultsProvenance(this))
    , m_monitor(new MonitorPanel)
    , m_listener(new Listener(this))
    , m_listenerPanel(new ListenerPanel(m_listener))
    , m_profileActions(new ProfileActions(m_document, this))
    , m_exports(new ExportActions(m_session, m_document, m_scene, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);

    // The one path of results: the session fills the model; the link model, the diagram, the
    // table and the charts observe it. Opened files and re-runs take the same path.
    connect(m_session, &RunController::resultsReset, m_model, [this] {
        // merged results: how each role's machines saw each link (before the checks: the links redraw once)
        const RunResults &results = m_session->results();
        m_links->setFleet(results.fleet, TopologyTemplate::builtin(results.templateId));
        m_model->setChecks(results.checks);
    });
    connect(m_session, &RunController::checksStarted, m_model,
            qOverload<const QList<int> &>(&CheckResultsModel::setRunning));
    connect(m_session, &RunController::checksAdded, m_model, &CheckResultsModel::appendChecks);
    connect(m_session, &RunController::checksFinished, m_model, &CheckResultsModel::updateChecks);
    connect(m_session, &RunController::finished, m_model, &CheckResultsModel::clearRunning);
    m_links->setSourceModel(m_model);
    m_details->setLinkModel(m_links);
    m_scene->setLinkModel(m_links);
    m_monitor->setLinkModel(m_links);
    // after the model: a finished run is recorded once the model holds all of it
    m_schedule = new MonitorSchedule(m_monitor, m_session, this);
    connect(m_schedule, &MonitorSchedule::waitingChanged, this, &MainWindow::updateActions);
    connect(m_view, &DiagramView::newProfileRequested, m_profileActions, &ProfileActions::startNew);
    connect(m_view, &DiagramView::openRequested, m_profileActions->openAction(), &QAction::trigger);
    connect(m_view, &DiagramView::openSampleRequested, m_profileActions, &ProfileActions::startFromSample);
    connect(m_schedule, &MonitorSchedule::due, this, &MainWindow::runAll);
    connect(m_monitor, &MonitorPanel::monitoringChanged, this, &MainWindow::updateActions);
    auto *status = new RunStatus(m_session);
    status->setProvenance(m_provenance);
    statusBar()->addPermanentWidget(status);
    m_exports->setProvenance(m_provenance);
    connect(m_session, &RunController::finished, this, &MainWindow::updateActions);
    connect(m_session, &RunController::finished, this, &MainWindow::runFinished);

    m_view->setScene(m_scene);
    m_scene->setCached(true);
    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(new ProvenanceBanner(m_provenance, ProvenanceBanner::Topic::Results));
    centralLayout->addWidget(m_view, 1);
    setCentralWidget(central);
    createActions();
    createDocks();
    connectSelection();

    connect(m_form, &HostForm::changed, this, &MainWindow::onFormChanged);
    connect(m_document, &ProfileDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ProfileDocument::pathChanged, this, &MainWindow::updateTitle);
    connect(m_profileActions, &ProfileActions::opened, this, &MainWindow::onProfileOpened);
    connect(m_profileActions, &ProfileActions::resultsFileChosen, this, &MainWindow::openResults);
    // Results files are read on a worker thread: the window stays usable meanwhile, and Esc or Cancel
    // drops the read, leaving the results on show in place.
    m_loader = new ResultsLoader(this);
    statusBar()->addPermanentWidget(m_loader->statusWidget());
    connect(m_loader, &ResultsLoader::loadingChanged, this, &MainWindow::updateActions);
    connect(m_loader, &ResultsLoader::loaded, this, [this](const QString &path, const RunResults &results) {
        if (TopologyTemplate::isBuiltin(results.templateId) && results.templateId != m_form->profile().templateId) {
            Profile p = m_form->profile();
            p.templateId = results.templateId;
            m_form->setProfile(p);
        }
        showResults(results);
        const QString file = QDir::toNativeSeparators(path);
        const QLocale locale;
        if (results.sources.isEmpty())
            statusBar()->showMessage(tr("Showing results from %1").arg(file), 6000);
        else if (results.vantageCheckCount == 0)
            statusBar()->showMessage(tr("Showing results merged from %n machine(s) in %1", nullptr,
                                        int(results.sources.size()))
                                         .arg(file),
                                     10000);
        else
            statusBar()->showMessage(tr("Showing results merged from %n machine(s) in %1: %2 checks decide the links, "
                                        "%3 checks of every machine stay in the file",
                                        nullptr, int(results.sources.size()))
                                         .arg(file, locale.toString(results.checks.size()),
                                              locale.toString(results.vantageCheckCount)),
                                     10000);
    });
    connect(m_loader, &ResultsLoader::failed, this, [this](const QString &path, const QStringList &errors) {
        QString text = tr("%1 is not a results file:\n%2").arg(QDir::toNativeSeparators(path), errors.value(0));
        if (errors.size() > 1)
            text += QLatin1Char('\n') + tr("(and %n more problem(s))", nullptr, int(errors.size() - 1));
        showError(text);
    });
    connect(m_loader, &ResultsLoader::cancelled, this, [this](const QString &path) {
        statusBar()->showMessage(
            tr("Stopped reading %1; the results on show stay").arg(QDir::toNativeSeparators(path)), 6000);
    });
    const auto saved = [this](const QString &path) {
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    };
    connect(m_profileActions, &ProfileActions::saved, this, saved);
    connect(m_exports, &ExportActions::written, this, saved);
    connect(m_profileActions, &ProfileActions::failed, this, &MainWindow::showError);
    connect(m_exports, &ExportActions::failed, this, &MainWindow::showError);

    m_form->setProfile(Profile());
    m_document->resetProfile(m_form->profile());
    m_provenance->setCurrentProfile(m_form->profile());
    rebuildDiagram();
    m_scene->setDarkBackground(palette().color(QPalette::Window).lightness() < 128);
    updateActions();
    updateTitle();
    WindowLayout::restoreGeometry(this, QSettings().value(QStringLiteral("window/geometry")).toByteArray());
    QTimer::singleShot(0, m_view, &DiagramView::fitToWindow); // once the window has its size
}

MainWindow::~MainWindow()
{
    m_listener->stop();
    m_schedule->stop();
    m_session->cancel();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_profileActions->newAction(), m_profileActions->openAction()});
    file->addMenu(m_profileActions->recentMenu());
    file->addActions({m_profileActions->saveAction(), m_profileActions->saveAsAction()});
    file->addSeparator();
    file->addAction(tr("Open res&ults\u2026"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open results"), QString(), tr("Results (*.json)"));
        if (!path.isEmpty())
            openResults(path);
    });
    QAction *report = m_exports->reportAction();
    file->addAction(report);
    file->addMenu(tr("&Export"))->addActions(m_exports->exportActions());
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    m_runAction = run->addAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Run all checks"), this,
                                 &MainWindow::runAll);
    m_runAction->setShortcut(Qt::Key_F5);
    m_stopAction =
        run->addAction(QIcon::fromTheme(QStringLiteral("media-playback-stop")), tr("&Stop"), this, &MainWindow::stop);
    m_stopAction->setShortcut(Qt::Key_Escape);
    m_rerunLinkAction = run->addAction(tr("Re-run the selected &link"), this, &MainWindow::rerunSelectedLink);
    m_rerunLinkAction->setShortcut(Qt::SHIFT | Qt::Key_F5);
    m_rerunLinkAction->setObjectName(QStringLiteral("rerunLinkAction"));
    m_rerunLinkAction->setIconText(tr("Re-run link"));
    m_monitorAction = run->addAction(tr("&Monitor mode"));
    m_monitorAction->setCheckable(true);
    m_monitorAction->setShortcut(Qt::CTRL | Qt::Key_M);
    connect(m_monitorAction, &QAction::toggled, m_monitor, &MonitorPanel::setMonitoring);
    connect(m_monitor, &MonitorPanel::monitoringChanged, m_monitorAction, &QAction::setChecked);
    run->addSeparator();
    m_listenAction = run->addAction(tr("&Listen as this machine"));
    m_listenAction->setObjectName(QStringLiteral("listenAction"));
    m_listenAction->setIconText(tr("Listen"));
    m_listenAction->setCheckable(true);
    m_listenAction->setShortcut(Qt::CTRL | Qt::Key_L);
    m_listenAction->setToolTip(tr("Hold every port that the role in \"This machine is\" must accept, so that checks from "
                                  "the other machines prove each firewall path (Ctrl+L)"));
    connect(m_listenAction, &QAction::triggered, this, &MainWindow::setListening);
    m_form->setListenAction(m_listenAction);
    // The checking side of a pre-install proof: the destinations run the listener, so a connection without its
    // banner (a SYN proxy, another program) or a refusal is not a pass (--expect-listener).
    m_expectListenerAction = run->addAction(tr("&Expect listeners at the destinations"));
    m_expectListenerAction->setObjectName(QStringLiteral("expectListenerAction"));
    m_expectListenerAction->setCheckable(true);
    m_expectListenerAction->setToolTip(tr("The other machines run Topocheck's listener: a check passes only when the "
                                          "listener's banner comes back"));
    m_listenerPanel->setListenAction(m_listenAction);
    connect(m_listener, &Listener::started, this, &MainWindow::showListeningLinks);
    connect(m_listener, &Listener::stopped, this, [this](const QString &why) {
        m_listenAction->setChecked(false);
        m_scene->setListeningLinks({});
        statusBar()->showMessage(tr("The listener stopped: %1").arg(why), 8000);
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    QAction *zoomIn = view->addAction(tr("Zoom &in"), m_view, &DiagramView::zoomIn);
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction *zoomOut = view->addAction(tr("Zoom &out"), m_view, &DiagramView::zoomOut);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    QAction *fit = view->addAction(tr("&Fit to window"), m_view, &DiagramView::fitToWindow);
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
    bar->addActions({m_profileActions->openAction(), m_profileActions->saveAction()});
    bar->addSeparator();
    bar->addActions({m_runAction, m_stopAction, m_rerunLinkAction, report, m_monitorAction});
    bar->addSeparator(); // the least needed last: a narrow window folds them into the extension menu
    bar->addActions({zoomIn, zoomOut, fit});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Topocheck"), this, [this] {
        QMessageBox::about(this, tr("About Topocheck"),
                           tr("<b>Topocheck %1</b><p>Checks every network flow an Automation 360 deployment needs, "
                              "from the machine it runs on, and says what to ask the firewall team.</p>")
                               .arg(QStringLiteral(TOPOCHECK_VERSION)));
    });
}

void MainWindow::createDocks()
{
    const WindowLayout::Docks docks = WindowLayout::createDocks(
        this, {m_form, new ProvenanceBanner(m_provenance, ProvenanceBanner::Topic::Role), m_details,
               new ProvenanceBanner(m_provenance, ProvenanceBanner::Topic::Results), m_checkDetails, m_monitor,
               m_listenerPanel});
    m_listenerDock = docks.listener;
    connect(m_monitorAction, &QAction::toggled, docks.monitor, [monitor = docks.monitor](bool on) {
        if (on)
            monitor->show();
    });
    auto *view = menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"));
    view->addSeparator();
    for (QDockWidget *d : {docks.form, docks.checks, docks.check, docks.monitor, docks.listener})
        view->addAction(d->toggleViewAction());
    // a narrow window shows the form and the checks as tabs: results and clicks bring the checks forward
    WindowLayout *layout = WindowLayout::of(this);
    connect(m_session, &RunController::resultsReset, layout, [this, layout] {
        if (!m_session->results().checks.isEmpty())
            layout->showChecks();
    });
    connect(m_scene, &DiagramScene::linkClicked, layout, &WindowLayout::showChecks);
    connect(m_scene, &DiagramScene::hostClicked, layout, &WindowLayout::showChecks);
    QAction *reset = view->addAction(tr("&Reset the layout"), this, [this, layout] {
        layout->arrange();
        m_view->fitToWindow();
    });
    reset->setObjectName(QStringLiteral("resetLayoutAction"));
}

// Clicks in the diagram choose what the table and the charts show.
void MainWindow::connectSelection()
{
    connect(m_scene, &DiagramScene::linkClicked, this, [this](const QString &linkId) {
        m_selectedLink = linkId;
        const LinkItem *link = m_scene->link(linkId);
        const QString from = DisplayNames::role(m_topology, linkId.section(QLatin1Char('>'), 0, 0));
        const QString to = DisplayNames::role(m_topology, linkId.section(QLatin1Char('>'), 1));
        m_details->showLink(linkId, tr("%1 \u2192 %2: %3").arg(from, to, link ? link->label() : linkId));
        m_details->selectCheck(CheckDetails::worstOf(m_model->checksOfLink(linkId)));
        m_monitor->showLink(linkId, tr("%1 \u2192 %2").arg(from, to));
        updateActions();
    });
    connect(m_scene, &DiagramScene::componentClicked, this, [this](const QString &componentId) {
        m_selectedLink.clear();
        m_details->showComponent(componentId, QString(), DisplayNames::role(m_topology, componentId));
        m_form->selectComponent(componentId);
        updateActions();
    });
    connect(m_scene, &DiagramScene::hostClicked, this, [this](const QString &componentId, const QString &host) {
        if (!host.isEmpty())
            m_details->showComponent(componentId, host, tr("Control Room node %1: every check towards it").arg(host));
    });
    connect(m_details, &DetailsPanel::rerunRequested, this, &MainWindow::rerunSelectedLink);
    connect(m_details, &DetailsPanel::checkSelected, m_checkDetails, &CheckDetails::showCheck);
}

// --- profile files

bool MainWindow::openProfile(const QString &path)
{
    return m_profileActions->open(path);
}

void MainWindow::openFile(const QString &path)
{
    m_profileActions->openFile(path);
}

bool MainWindow::saveProfile(const QString &path)
{
    m_document->setProfile(m_form->profile());
    return m_profileActions->saveTo(path);
}

void MainWindow::onProfileOpened(const ValidationIssues &problems)
{
    stop();
    const ValidationIssues notes = m_document->profile().notes; // e.g. a host listed twice, folded into one
    m_form->setProfile(m_document->profile());
    m_document->resetProfile(m_form->profile());
    m_monitor->clearHistory();
    m_session->show(RunResults());
    m_provenance->clearResults();
    rebuildDiagram();
    m_details->showAll();
    updateActions();
    if (!problems.isEmpty())
        statusBar()->showMessage(
            tr("%1 has %n problem(s): see the form", nullptr, int(problems.size())).arg(m_document->displayName()),
            8000);
    else if (!notes.isEmpty()) {
        QStringList lines;
        for (const ValidationIssue &note : notes)
            lines << note.toString();
        statusBar()->showMessage(tr("%1, %n note(s): %2", nullptr, int(notes.size()))
                                     .arg(m_document->displayName(), lines.join(QLatin1String("; "))),
                                 15000);
    }
}

// --- runs

void MainWindow::rebuildDiagram()
{
    const Profile profile = m_form->profile();
    m_topology = TopologyTemplate::builtin(profile.templateId);
    m_diagramProfile = profile;
    m_scene->setTopology(m_topology, profile);
    m_selectedLink.clear();
    m_view->fitToWindow();
}

bool MainWindow::diagramShows(const Profile &profile) const
{
    return profile.templateId == m_diagramProfile.templateId && profile.hosts == m_diagramProfile.hosts &&
           profile.ports == m_diagramProfile.ports;
}

void MainWindow::onFormChanged()
{
    const Profile profile = m_form->profile();
    m_document->setProfile(profile);
    m_provenance->setCurrentProfile(profile); // the results stay, marked out of date
    // hosts and ports change the boxes and labels; redraw unless a run is showing its results
    if (!isRunning() && !diagramShows(profile))
        rebuildDiagram();
    updateActions();
}

bool MainWindow::isRunning() const
{
    return m_session->isRunning();
}

void MainWindow::runAll()
{
    if (m_form->hasErrors() || isRunning())
        return;
    m_loader->cancel(); // a run replaces whatever a file being read would show
    const Profile profile = m_form->profile();
    const QString role = profile.vantage.isEmpty() ? Vantage::all : profile.vantage;
    const CheckPlan plan =
        CheckPlan::build(TopologyTemplate::builtin(profile.templateId), profile, Vantage::current(role));
    RunResults planned;
    planned.profileName = profile.name;
    planned.templateId = profile.templateId;
    planned.vantage = plan.vantage();
    planned.checks = plan.checks();
    m_session->start(planned, runOptions(profile));
    m_provenance->setResults(profile, true);
    if (!diagramShows(profile))
        rebuildDiagram();
    if (m_session->total() == 0)
        statusBar()->showMessage(tr("No check runs from this machine's role: choose another in \"This machine is\""),
                                 6000);
    updateActions();
}

ProfileOptions MainWindow::runOptions(const Profile &profile) const
{
    ProfileOptions options = profile.options;
    options.expectListener = m_expectListenerAction->isChecked();
    return options;
}

void MainWindow::rerunSelectedLink()
{
    if (m_selectedLink.isEmpty() || isRunning() || m_form->hasErrors())
        return;
    QList<int> ids;
    for (const Check &c : m_model->checksOfLink(m_selectedLink))
        ids << c.id;
    if (!m_session->rerun(ids, runOptions(m_form->profile()))) {
        statusBar()->showMessage(tr("Nothing to re-run on this link from this machine"), 4000);
        return;
    }
    updateActions();
}

void MainWindow::stop()
{
    m_loader->cancel();
    m_schedule->stop();
    m_session->cancel();
    updateActions();
}

// --- listening

void MainWindow::setListening(bool on)
{
    if (!on) {
        m_listener->stop();
        return;
    }
    const Profile profile = m_form->profile();
    QStringList errors;
    ListenPlan plan;
    if (profile.vantage.isEmpty() || profile.vantage == Vantage::all)
        errors << tr("Choose this machine's role in \"This machine is\" first: the listener holds the ports that role "
                     "must accept.");
    else
        plan = ListenPlan::forRole(TopologyTemplate::builtin(profile.templateId), profile, profile.vantage, &errors);
    if (!errors.isEmpty()) {
        m_listenAction->setChecked(false);
        showError(tr("Cannot listen: %1").arg(errors.join(QLatin1Char(' '))));
        return;
    }
    // the role's hosts that are addresses of this machine, as `--address` would name them; else every address
    const QList<QHostAddress> own = QNetworkInterface::allAddresses();
    for (const QString &host : profile.hostsOf(profile.vantage)) {
        const QHostAddress address(host);
        if (!address.isNull() && own.contains(address) && !plan.addresses.contains(address))
            plan.addresses << address;
    }
    m_listenerPanel->setStarting(DisplayNames::role(m_topology, profile.vantage), plan);
    m_listener->start(plan, Listener::defaultDurationS);
    m_listenAction->setChecked(true); // the button stays down while listening: its text keeps the form's width
    m_listenerDock->show();
    m_listenerDock->raise();
}

// The links into this machine whose ports the listener holds; a view concern of the diagram.
void MainWindow::showListeningLinks(const QList<ListenPort> &ports)
{
    QSet<QString> links;
    for (const ListenPort &p : ports) {
        if (!p.held)
            continue;
        for (const QString &flow : p.flowIds)
            links << flow.section(QLatin1Char(':'), 0, 0);
    }
    m_scene->setListeningLinks(links);
}

void MainWindow::showResults(const RunResults &results)
{
    m_schedule->stop();
    m_session->show(results); // a run in progress is dropped
    m_provenance->setResults(m_form->profile(), false);
    rebuildDiagram();
    m_details->showAll();
    updateActions();
}

bool MainWindow::openResults(const QString &path)
{
    // a file that cannot be opened at all is said at once; the rest is the reader's (see the constructor)
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    file.close();
    m_loader->load(path);
    return true;
}

void MainWindow::updateActions()
{
    const bool running = isRunning();
    const bool errors = m_form->hasErrors();
    m_runAction->setEnabled(!running && !errors);
    m_runAction->setToolTip(errors ? tr("Fix the profile first: %1").arg(m_form->issues().constFirst().toString())
                                   : tr("Run every check (F5)"));
    m_stopAction->setEnabled(running || m_schedule->isWaiting() || (m_loader && m_loader->isLoading()));
    m_rerunLinkAction->setEnabled(!running && !errors && !m_selectedLink.isEmpty());
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] \u2014 Topocheck").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

// Errors go to the status bar and to a window-modal box that does not block the caller.
void MainWindow::showError(const QString &text)
{
    statusBar()->showMessage(text, 10000);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Topocheck"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// --- window events

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_profileActions->maybeSave()) {
        event->ignore();
        return;
    }
    stop();
    m_listener->stop(); // closing the window ends listening: no port stays held
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    WindowLayout::of(this)->saveState(); // the docks as the user left them
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
    QTimer::singleShot(0, this, [this, path] { m_profileActions->openFile(path); });
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        m_scene->setDarkBackground(palette().color(QPalette::Window).lightness() < 128);
    QMainWindow::changeEvent(event);
}
