#pragma once

#include "commandline.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

// The output files of --headless and --merge (--json, --csv, --pdf, --svg): checked before the work starts
// and written whole or not at all (CONTRACT.md: on exit 2 nothing is left half-written).
class OutputFiles
{
    Q_DECLARE_TR_FUNCTIONS(OutputFiles)

public:
    using Render = std::function<bool(const QString &path, QString *error)>;

    // A device, FIFO or the like (/dev/null, /dev/stdout): written directly, not through QSaveFile.
    static bool isSpecialFile(const QString &path);
    // Every output is writable before the run; each problem is printed on stderr, naming the option.
    static bool usable(const CommandLine &cl);
    static bool writeDirect(const QString &path, const QByteArray &bytes, QString *error);
    // render(path) writes atomically itself (QSaveFile); a special file gets a temporary copy's bytes.
    static bool writeRendered(const QString &path, const Render &render, QString *error);
};
