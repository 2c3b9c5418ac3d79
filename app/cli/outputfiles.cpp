#include "outputfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTextStream>

namespace {
void complain(const QString &message)
{
    QTextStream(stderr) << "topocheck: " << message << Qt::endl;
}
} // namespace

// QSaveFile renames a temporary file over its target: on /dev/null, a FIFO or /dev/stdout that replaces
// the device with a regular file (as root) or fails. Such targets are written directly.
bool OutputFiles::isSpecialFile(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() && !info.isFile() && !info.isDir();
}

// Every output must be writable before the run: a run of minutes must not end in "cannot write". The
// folder is proven by creating (and removing) a file in it, as QSaveFile will: permissions, a read-only
// file system or /proc all show here. Two options naming one file would overwrite each other.
bool OutputFiles::usable(const CommandLine &cl)
{
    bool ok = true;
    const QList<std::pair<const char *, QString>> outputs{
        {"--json", cl.jsonPath}, {"--csv", cl.csvPath}, {"--pdf", cl.pdfPath}, {"--svg", cl.svgPath}};
    QList<std::pair<QString, QString>> taken; // option, the file it names
    for (const auto &[option, path] : outputs) {
        if (path.isEmpty() || (path == QLatin1String("-") && QLatin1String(option) == QLatin1String("--json")))
            continue;
        const QFileInfo info(path);
        const QString file = info.exists() ? info.canonicalFilePath() : QDir::cleanPath(info.absoluteFilePath());
        for (const auto &[otherOption, otherFile] : std::as_const(taken)) {
            if (otherFile == file) {
                complain(OutputFiles::tr("%1 and %2 name the same file %3: each output needs its own file")
                             .arg(otherOption, QLatin1String(option), path));
                ok = false;
            }
        }
        taken.append({QLatin1String(option), file});
        if (!info.absoluteDir().exists()) {
            complain(OutputFiles::tr("%1: the folder of %2 does not exist").arg(QLatin1String(option), path));
            ok = false;
        } else if (info.isDir()) {
            complain(OutputFiles::tr("%1: %2 is a folder").arg(QLatin1String(option), path));
            ok = false;
        } else if (!isSpecialFile(path)) {
            QTemporaryFile probe(info.absoluteDir().filePath(QStringLiteral(".topocheck-XXXXXX")));
            if (!probe.open()) {
                complain(OutputFiles::tr("%1: cannot create a file in the folder of %2 (%3)")
                             .arg(QLatin1String(option), path, probe.errorString()));
                ok = false;
            }
        }
    }
    return ok;
}

bool OutputFiles::writeDirect(const QString &path, const QByteArray &bytes, QString *error)
{
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || out.write(bytes) != bytes.size()) {
        *error = OutputFiles::tr("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    return true;
}

// The PDF and SVG writers save atomically (QSaveFile); a special file gets a temporary copy, then the bytes.
bool OutputFiles::writeRendered(const QString &path, const Render &render, QString *error)
{
    if (!isSpecialFile(path))
        return render(path, error);
    const QTemporaryDir dir;
    const QString temporary = dir.filePath(QFileInfo(path).fileName());
    if (!dir.isValid()) {
        *error = OutputFiles::tr("cannot create a temporary folder: %1").arg(dir.errorString());
        return false;
    }
    if (!render(temporary, error))
        return false;
    QFile rendered(temporary);
    if (!rendered.open(QIODevice::ReadOnly)) {
        *error = OutputFiles::tr("cannot read %1: %2").arg(temporary, rendered.errorString());
        return false;
    }
    return writeDirect(path, rendered.readAll(), error);
}

