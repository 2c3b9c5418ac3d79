#pragma once

#include "runresults.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QThread;
class QWidget;

// Opens a results file without freezing the window: a merged file of a thousand machines is over a
// gigabyte, so ResultsFile::read runs on a worker thread ("topocheck-results-reader") and the main thread
// only polls the bytes read for the status bar and receives the finished RunResults. One file at a time:
// cancel() or a new load() drops the read in progress at once (its results never arrive; the thread stops
// at its next cancel check).
class ResultsLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultsLoader)

public:
    explicit ResultsLoader(QObject *parent = nullptr);
    ~ResultsLoader() override;

    void load(const QString &path);
    bool isLoading() const { return m_job != nullptr; }
    // The file being read; empty when idle.
    QString path() const;
    // The status-bar strip while a file is read: "Reading merged.json: 312 of 1,480 MB", a bar and
    // Cancel. Hidden while idle; whoever adds it to a layout owns it.
    QWidget *statusWidget() const { return m_status; }
    QString statusText() const;

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void loadingChanged(bool loading);
    void progress(qint64 done, qint64 total);
    void loaded(const QString &path, const RunResults &results);
    // Each error reads "key: what is wrong"; the file is named by `path`.
    void failed(const QString &path, const QStringList &errors);
    void cancelled(const QString &path);

private:
    struct Job;
    void poll();
    void finish(const std::shared_ptr<Job> &job);
    void drop();

    std::shared_ptr<Job> m_job;
    QList<QThread *> m_threads; // still running, the dropped ones included; the destructor waits for them
    QTimer m_poll;
    QPointer<QWidget> m_status;
    QLabel *m_label;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
};
