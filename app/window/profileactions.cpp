#include "profileactions.h"

#include "profiledocument.h"
#include "runresults.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>

namespace {
QString formatOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() <= 16 * 1024 * 1024)
        return QJsonDocument::fromJson(file.read(16 * 1024 * 1024)).object().value(QStringLiteral("format")).toString();
    // A larger file is no profile (16 MB at most): merged results, written with "format" first, are told by
    // their first bytes without parsing a gigabyte on the main thread; anything else goes on to the
    // profile reader, which refuses it by its size.
    static const QRegularExpression formatKey(QStringLiteral(R"re(^\s*\{\s*"format"\s*:\s*"([^"]{1,64})")re"));
    const QRegularExpressionMatch m = formatKey.match(QString::fromUtf8(file.read(4096)));
    return m.hasMatch() ? m.captured(1) : QString();
}
} // namespace

ProfileActions::ProfileActions(ProfileDocument *document, QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_window(window)
    , m_new(new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New profile"), this))
    , m_open(new QAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open profile\u2026"), this))
    , m_save(new QAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save profile"), this))
    , m_saveAs(new QAction(tr("Save profile &as\u2026"), this))
    , m_recent(new QMenu(tr("Open &recent"), window))
{
    m_open->setShortcut(QKeySequence::Open);
    m_new->setShortcut(QKeySequence::New);
    connect(m_new, &QAction::triggered, this, &ProfileActions::startNew);
    m_save->setShortcut(QKeySequence::Save);
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    connect(m_open, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(m_window, tr("Open profile"), QFileInfo(m_document->path()).absolutePath(),
                                         tr("Topocheck profiles and results (*.json);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    connect(m_save, &QAction::triggered, this, &ProfileActions::save);
    connect(m_saveAs, &QAction::triggered, this, &ProfileActions::saveAs);
    connect(m_document, &ProfileDocument::recentFilesChanged, this, &ProfileActions::rebuildRecentMenu);
    rebuildRecentMenu();
}

ProfileActions::~ProfileActions() = default;

bool ProfileActions::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const QMessageBox::StandardButton answer = QMessageBox::warning(
        m_window, tr("Unsaved changes"),
        tr("The profile \"%1\" has changes that are not saved.\nSave them first?").arg(m_document->profile().name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool ProfileActions::open(const QString &path)
{
    if (!maybeSave())
        return false;
    QString error;
    ValidationIssues problems;
    if (!m_document->open(path, &error, &problems)) {
        Q_EMIT failed(error);
        return false;
    }
    Q_EMIT opened(problems);
    return true;
}

bool ProfileActions::startNew()
{
    if (!maybeSave())
        return false;
    m_document->startUntitled(Profile());
    Q_EMIT opened({});
    return true;
}

bool ProfileActions::startFromSample()
{
    if (!maybeSave())
        return false;
    ValidationIssues problems;
    m_document->startUntitled(Profile::load(QStringLiteral(":/profiles/sample.json"), &problems));
    Q_EMIT opened(problems);
    return true;
}

void ProfileActions::openFile(const QString &path)
{
    if (formatOf(path) == RunResults::formatId)
        Q_EMIT resultsFileChosen(path);
    else
        open(path);
}

bool ProfileActions::save()
{
    return m_document->path().isEmpty() ? saveAs() : saveTo(m_document->path());
}

bool ProfileActions::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save profile"), m_document->suggestedFileName(),
                                                      tr("Topocheck profiles (*.json)"));
    return !path.isEmpty() && saveTo(path);
}

bool ProfileActions::saveTo(const QString &path)
{
    QString error;
    if (!m_document->saveAs(path, &error)) {
        Q_EMIT failed(error);
        return false;
    }
    Q_EMIT saved(m_document->path());
    return true;
}

void ProfileActions::rebuildRecentMenu()
{
    m_recent->clear();
    const QStringList files = m_document->recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        QAction *a = m_recent->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
                                         [this, path] { open(path); });
        a->setToolTip(QDir::toNativeSeparators(path));
    }
    m_recent->setEnabled(!files.isEmpty());
}
