#pragma once

#include "runresults.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

// Reading a results file (topocheck-results/1) of any size. A merged file of 1,000 machines is over a
// gigabyte: it is read as a stream, and its "vantage_checks" (every check of every machine, with
// `tested_from`) are never held in memory: they are counted into RunResults::vantageCheckCount and,
// when a callback is given, handed to it one at a time. Everything else is read as RunResults::fromJson
// reads it, with the same error messages ("key: what is wrong"; the caller prefixes the file name).
namespace ResultsFile {
struct ReadOptions
{
    std::function<void(const Check &)> eachVantageCheck; // optional
    std::function<void(qint64 done, qint64 total)> progress; // optional: bytes read of the file's size
    const std::atomic_bool *cancel = nullptr; // optional: set to stop; the read then fails with "cancelled"
};

RunResults read(const QString &path, QStringList *errors, const ReadOptions &options = {});

// The level below read(), for the streaming merge: the top-level keys other than "checks" and
// "vantage_checks" are collected into `smallKeys` (as QJsonDocument would read them); each element of
// those two arrays is handed over as its raw bytes (valid JSON, checked here), valid only during the call.
struct RawHandlers
{
    std::function<void(QByteArrayView element)> check; // optional: else the element is only checked
    std::function<void(QByteArrayView element)> vantageCheck; // optional
    // Optional, tried first for each element of "checks" / "vantage_checks": a handler that reads the
    // element itself (parsePlain) and returns true when it read it whole, which proves it valid JSON; on
    // false the element is checked as usual, then handed to check / vantageCheck.
    std::function<bool(QByteArrayView element)> plainCheck;
    std::function<bool(QByteArrayView element)> plainVantageCheck;
    std::function<void(qint64 done, qint64 total)> progress; // optional
    const std::atomic_bool *cancel = nullptr; // optional
};
bool readRaw(const QString &path, QJsonObject *smallKeys, QStringList *errors, const RawHandlers &handlers);

// One check from its JSON bytes, exactly as Check::fromJson reads it (same messages under `path`),
// without a QJsonDocument for the usual plain element.
Check parseCheck(QByteArrayView element, const QString &path, QStringList *errors);
// The usual element only: true when `element` is valid JSON and a check read without QJsonDocument (then
// *check is what parseCheck gives); false for anything else, which parseCheck then reads or reports.
bool parsePlain(QByteArrayView element, Check *check);
// The same, for element `index` of the list `array` ("checks"): the path is spelled only for a message.
Check parseCheck(QByteArrayView element, const char *array, qint64 index, QStringList *errors);
} // namespace ResultsFile
