#pragma once

#include "validationissue.h"

#include <QObject>

class ProfileDocument;
class QAction;
class QMenu;
class QWidget;

// The profile's side of the File menu: Open…, Open recent, Save, Save as…, and the question asked
// before unsaved changes are lost. Files go through the ProfileDocument; what an opened profile means
// for the form and the views is the window's business (opened()).
class ProfileActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileActions)

public:
    // `window` parents the dialogs and owns this object.
    ProfileActions(ProfileDocument *document, QWidget *window);
    ~ProfileActions() override;

    QAction *newAction() const { return m_new; }
    QAction *openAction() const { return m_open; }
    QAction *saveAction() const { return m_save; }
    QAction *saveAsAction() const { return m_saveAs; }
    QMenu *recentMenu() const { return m_recent; }

    // True when nothing unsaved would be lost: no changes, or the user saved or discarded them.
    bool maybeSave();
    // Asks first. On success the document holds the file's profile and opened() was emitted.
    bool open(const QString &path);
    // An untitled profile: empty (File > New), or the bundled sample's contents.
    bool startNew();
    bool startFromSample();
    // A profile, or a results file (handed on through resultsFileChosen()).
    void openFile(const QString &path);
    bool save();
    bool saveAs();
    bool saveTo(const QString &path);

Q_SIGNALS:
    void opened(const ValidationIssues &problems);
    void resultsFileChosen(const QString &path);
    void saved(const QString &path);
    void failed(const QString &message);

private:
    void rebuildRecentMenu();

    ProfileDocument *m_document;
    QWidget *m_window;
    QAction *m_new;
    QAction *m_open;
    QAction *m_save;
    QAction *m_saveAs;
    QMenu *m_recent;
};
