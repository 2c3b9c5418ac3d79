#include "profiledocument.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace {
const QString recentFilesKey = QStringLiteral("recentFiles");
} // namespace

ProfileDocument::ProfileDocument(QObject *parent)
    : QObject(parent)
{}

ProfileDocument::~ProfileDocument() = default;

QString ProfileDocument::displayName() const
{
    return m_path.isEmpty() ? tr("Untitled profile") : QFileInfo(m_path).fileName();
}

QString ProfileDocument::suggestedFileName() const
{
    if (!m_path.isEmpty())
        return m_path;
    return (m_current.name.isEmpty() ? tr("profile") : m_current.name) + QStringLiteral(".json");
}

void ProfileDocument::setProfile(const Profile &profile)
{
    update(m_path, profile, m_saved);
}

void ProfileDocument::resetProfile(const Profile &profile)
{
    update(m_path, profile, profile);
}

void ProfileDocument::startUntitled(const Profile &profile)
{
    update(QString(), profile, profile);
}

bool ProfileDocument::open(const QString &path, QString *error, ValidationIssues *problems)
{
    ValidationIssues issues;
    const Profile profile = Profile::load(path, &issues);
    // only an unreadable file, another format or a hosts block that is not one refuses to open
    for (const ValidationIssue &issue : std::as_const(issues)) {
        if (issue.path.isEmpty() || issue.path == QLatin1String("format") || issue.path == QLatin1String("hosts")) {
            if (error)
                *error = tr("Cannot open %1:\n%2").arg(QDir::toNativeSeparators(path), issue.toString());
            return false;
        }
    }
    if (problems)
        *problems = issues;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    update(absolute, profile, profile);
    addRecentFile(absolute);
    return true;
}

bool ProfileDocument::save(QString *error)
{
    Q_ASSERT(!m_path.isEmpty());
    return saveAs(m_path, error);
}

bool ProfileDocument::saveAs(const QString &path, QString *error)
{
    QString message;
    if (!m_current.save(path, &message)) {
        if (error)
            *error = message;
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    update(absolute, m_current, m_current);
    addRecentFile(absolute);
    return true;
}

QStringList ProfileDocument::recentFiles() const
{
    return QSettings().value(recentFilesKey).toStringList().mid(0, maxRecentFiles);
}

void ProfileDocument::update(const QString &path, const Profile &current, const Profile &saved)
{
    const bool wasModified = isModified();
    const bool moved = path != m_path;
    m_path = path;
    m_current = current;
    m_saved = saved;
    if (moved)
        Q_EMIT pathChanged(m_path);
    if (isModified() != wasModified)
        Q_EMIT modifiedChanged(isModified());
}

void ProfileDocument::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    QSettings().setValue(recentFilesKey, files);
    Q_EMIT recentFilesChanged();
}
