#pragma once

#include "runresults.h"

#include <QList>
#include <QObject>

class DiagramScene;
class ProfileDocument;
class QAction;
class QWidget;
class ResultsProvenance;
class RunController;

// What a run produces, as the actions of the File menu: the PDF change request, the results as JSON
// or CSV, the diagram as SVG or PNG, the firewall rules as commands. Each reads the session's results
// when it is triggered; nothing is pushed here. The report and the results exports are disabled while
// there is nothing to report (no finished check, or a run in progress); a report written from
// results that no longer match the form says so on page 1.
class ExportActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportActions)

public:
    enum class Format { Report, ResultsJson, ResultsCsv, DiagramSvg, DiagramPng };
    Q_ENUM(Format)

    // `window` parents the dialogs and owns this object.
    ExportActions(const RunController *session, const ProfileDocument *document, DiagramScene *scene, QWidget *window);
    ~ExportActions() override;

    void setProvenance(const ResultsProvenance *provenance);
    bool hasResults() const;

    QAction *reportAction() const { return m_report; }
    // For the Export menu, in its order.
    const QList<QAction *> &exportActions() const { return m_exports; }

    // The session's results, named after the profile when they do not carry a name of their own.
    RunResults results() const;
    // Writes `format` to `path` without asking; emits written() or failed().
    bool write(Format format, const QString &path);

Q_SIGNALS:
    void written(const QString &path);
    void failed(const QString &message);

private:
    void ask(Format format);
    void showRules();
    void updateEnabled();

    const RunController *m_session;
    const ProfileDocument *m_document;
    DiagramScene *m_scene;
    const ResultsProvenance *m_provenance = nullptr;
    QWidget *m_window;
    QAction *m_report = nullptr;
    QList<QAction *> m_exports;
    QList<QAction *> m_resultExports;
};
