#pragma once

#include "profile.h"
#include "validationissue.h"

#include <QObject>
#include <QString>
#include <QStringList>

// The profile being edited, as a document: its file, the profile as last saved or opened and as
// edited now (so "modified" is a comparison, not a flag), opening and saving with their errors,
// and the recent files (QSettings). No widgets: the window asks the questions, this answers them.
class ProfileDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileDocument)

public:
    static constexpr int maxRecentFiles = 8;

    explicit ProfileDocument(QObject *parent = nullptr);
    ~ProfileDocument() override;

    // Absolute; empty for an untitled profile.
    QString path() const { return m_path; }
    // "site.json", or "Untitled profile"
    QString displayName() const;
    // A file name to offer in a save dialog: the path, or the profile's name plus ".json".
    QString suggestedFileName() const;

    const Profile &profile() const { return m_current; }
    const Profile &savedProfile() const { return m_saved; }
    bool isModified() const { return m_current != m_saved; }

    // The profile as edited now.
    void setProfile(const Profile &profile);
    // Replaces the profile and the saved state together: nothing is modified afterwards. The
    // editor calls it with its own reading of a profile it just showed (trimmed text, empty host
    // lists dropped), so an untouched profile never counts as changed.
    void resetProfile(const Profile &profile);
    // An untitled document holding profile (File > New, the bundled sample): Save asks for a file.
    void startUntitled(const Profile &profile);

    // Reads a profile file. A file that is not a profile at all leaves the document as it was and
    // returns false with *error; problems the form can show (a bad host, a bad port) are returned
    // in *problems and the file opens.
    bool open(const QString &path, QString *error, ValidationIssues *problems = nullptr);
    // Writes the current profile to path() (which must be set), or to a new path.
    bool save(QString *error);
    bool saveAs(const QString &path, QString *error);

    // Most recent first, at most maxRecentFiles.
    QStringList recentFiles() const;

Q_SIGNALS:
    void modifiedChanged(bool modified);
    void pathChanged(const QString &path);
    void recentFilesChanged();

private:
    void update(const QString &path, const Profile &current, const Profile &saved);
    void addRecentFile(const QString &path);

    QString m_path;
    Profile m_saved;
    Profile m_current;
};
