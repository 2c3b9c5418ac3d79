#include "exportactions.h"

#include "changerequestreport.h"
#include "diagramexport.h"
#include "profiledocument.h"
#include "resultsprovenance.h"
#include "rulesnippetdialog.h"
#include "runcontroller.h"
#include "topologytemplate.h"

#include <QAction>
#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QSaveFile>
#include <QWidget>

ExportActions::ExportActions(const RunController *session, const ProfileDocument *document, DiagramScene *scene,
                             QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_document(document)
    , m_scene(scene)
    , m_window(window)
{
    const auto action = [this](const QString &text, Format format) {
        auto *a = new QAction(text, this);
        connect(a, &QAction::triggered, this, [this, format] { ask(format); });
        return a;
    };
    m_report = action(tr("Save change-request &report (PDF)\u2026"), Format::Report);
    m_report->setObjectName(QStringLiteral("reportAction"));
    m_report->setShortcut(QKeySequence::Print);
    m_report->setIconText(tr("Save report"));
    m_exports = {action(tr("Results as &JSON\u2026"), Format::ResultsJson),
                 action(tr("Results as &CSV\u2026"), Format::ResultsCsv),
                 action(tr("Diagram as &SVG\u2026"), Format::DiagramSvg),
                 action(tr("Diagram as &PNG\u2026"), Format::DiagramPng)};
    auto *rules = new QAction(tr("Firewall &rules as commands\u2026"), this);
    connect(rules, &QAction::triggered, this, &ExportActions::showRules);
    m_exports << rules;
    m_resultExports = {m_report, m_exports.at(0), m_exports.at(1), rules};
    connect(m_session, &RunController::resultsReset, this, &ExportActions::updateEnabled);
    connect(m_session, &RunController::finished, this, &ExportActions::updateEnabled);
    updateEnabled();
}

ExportActions::~ExportActions() = default;

void ExportActions::setProvenance(const ResultsProvenance *provenance)
{
    m_provenance = provenance;
    connect(provenance, &ResultsProvenance::changed, this, &ExportActions::updateEnabled);
    updateEnabled();
}

bool ExportActions::hasResults() const
{
    if (m_session->isRunning())
        return false;
    for (const Check &c : m_session->results().checks) {
        if (c.state != CheckState::NotTested)
            return true;
    }
    return false;
}

void ExportActions::updateEnabled()
{
    const bool ok = hasResults();
    const QString note = m_provenance ? m_provenance->note() : QString();
    for (QAction *a : std::as_const(m_resultExports))
        a->setEnabled(ok);
    m_report->setToolTip(!ok              ? tr("Nothing to report yet: run the checks first (F5)")
                         : note.isEmpty() ? tr("Save the change-request report (Ctrl+P)")
                                          : tr("The report will say: %1").arg(note));
}

RunResults ExportActions::results() const
{
    RunResults r = m_session->results();
    if (r.profileName.isEmpty())
        r.profileName = m_document->profile().name;
    if (r.templateId.isEmpty())
        r.templateId = m_document->profile().templateId;
    return r;
}

void ExportActions::ask(Format format)
{
    struct Choice
    {
        QString title;
        QString fileName;
        QString filter;
    };
    Choice c;
    switch (format) {
    case Format::Report:
        c = {tr("Save change-request report"),
             ChangeRequestReport::defaultFileName(m_document->profile().name, QDate::currentDate()), tr("PDF (*.pdf)")};
        break;
    case Format::ResultsJson:
        c = {tr("Export results as JSON"), QStringLiteral("results.json"), tr("JSON (*.json)")};
        break;
    case Format::ResultsCsv:
        c = {tr("Export results as CSV"), QStringLiteral("results.csv"), tr("CSV (*.csv)")};
        break;
    case Format::DiagramSvg:
        c = {tr("Export diagram as SVG"), QStringLiteral("diagram.svg"), tr("SVG (*.svg)")};
        break;
    case Format::DiagramPng:
        c = {tr("Export diagram as PNG"), QStringLiteral("diagram.png"), tr("PNG (*.png)")};
        break;
    }
    const QString path = QFileDialog::getSaveFileName(m_window, c.title, c.fileName, c.filter);
    if (!path.isEmpty())
        write(format, path);
}

bool ExportActions::write(Format format, const QString &path)
{
    const Profile &profile = m_document->profile();
    QString error;
    bool ok = false;
    if (format != Format::DiagramSvg && format != Format::DiagramPng && !hasResults()) {
        Q_EMIT failed(tr("Nothing to write yet: run the checks first (F5)"));
        return false;
    }
    switch (format) {
    case Format::Report: {
        ChangeRequestReport::Settings settings;
        settings.staleNote = m_provenance ? m_provenance->note() : QString();
        ok = ChangeRequestReport::writePdf(results(), TopologyTemplate::builtin(profile.templateId), profile, path,
                                           settings, &error);
        break;
    }
    case Format::ResultsJson:
    case Format::ResultsCsv: {
        const RunResults r = results();
        const QByteArray bytes = format == Format::ResultsCsv ? r.toCsv() : r.toJsonBytes();
        QSaveFile file(path);
        ok = file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) && file.write(bytes) == bytes.size() && file.commit();
        if (!ok)
            error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        break;
    }
    case Format::DiagramSvg:
        ok = DiagramExport::writeSvg(m_scene, profile.name, path, &error);
        break;
    case Format::DiagramPng:
        ok = DiagramExport::writePng(m_scene, path, &error);
        break;
    }
    if (ok)
        Q_EMIT written(path);
    else
        Q_EMIT failed(error);
    return ok;
}

void ExportActions::showRules()
{
    RuleSnippetDialog dialog(results(), TopologyTemplate::builtin(m_document->profile().templateId), m_window);
    dialog.exec();
}
