#include "resultsloader.h"

#include "resultsfile.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>

#include <atomic>
#include <utility>

// Shared by the main thread and the reader: the atomics while it runs, the rest once it has finished.
struct ResultsLoader::Job
{
    QString path;
    std::atomic_bool cancel{false};
    std::atomic<qint64> done{0};
    std::atomic<qint64> total{0};
    RunResults results;
    QStringList errors;
};

namespace {
constexpr int pollMs = 100;
constexpr int barSteps = 1000; // QProgressBar counts in int: a file's bytes may not fit

QString megabytes(qint64 bytes)
{
    return QLocale().toString(double(bytes) / (1024.0 * 1024.0), 'f', bytes < 10 * 1024 * 1024 ? 1 : 0);
}
} // namespace

ResultsLoader::ResultsLoader(QObject *parent)
    : QObject(parent)
    , m_status(new QWidget)
    , m_label(new QLabel(m_status))
    , m_bar(new QProgressBar(m_status))
    , m_cancel(new QPushButton(tr("Cancel"), m_status))
{
    m_status->setObjectName(QStringLiteral("resultsLoadStatus"));
    m_label->setObjectName(QStringLiteral("resultsLoadText"));
    m_cancel->setObjectName(QStringLiteral("resultsLoadCancel"));
    m_cancel->setToolTip(tr("Stop reading the file; the results on show stay (Esc)"));
    m_bar->setRange(0, barSteps);
    m_bar->setTextVisible(false);
    m_bar->setMaximumWidth(160);
    auto *layout = new QHBoxLayout(m_status);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_status->hide();
    connect(m_cancel, &QPushButton::clicked, this, &ResultsLoader::cancel);
    m_poll.setInterval(pollMs);
    connect(&m_poll, &QTimer::timeout, this, &ResultsLoader::poll);
}

ResultsLoader::~ResultsLoader()
{
    if (m_job)
        m_job->cancel = true;
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
    if (m_status && !m_status->parent())
        delete m_status;
}

QString ResultsLoader::path() const
{
    return m_job ? m_job->path : QString();
}

QString ResultsLoader::statusText() const
{
    return m_label->text();
}

void ResultsLoader::load(const QString &path)
{
    if (m_job) {
        const QString previous = m_job->path;
        drop();
        Q_EMIT cancelled(previous);
    }
    auto job = std::make_shared<Job>();
    job->path = path;
    job->total = QFileInfo(path).size();
    m_job = job;
    QThread *thread = QThread::create([job] {
        ResultsFile::ReadOptions options;
        options.progress = [&job = *job](qint64 done, qint64 total) {
            job.done = done;
            job.total = total;
        };
        options.cancel = &job->cancel;
        job->results = ResultsFile::read(job->path, &job->errors, options);
    });
    thread->setObjectName(QStringLiteral("topocheck-results-reader"));
    m_threads << thread;
    // queued: finished() comes from the reader's thread
    connect(thread, &QThread::finished, this, [this, thread, job] {
        m_threads.removeOne(thread);
        thread->deleteLater();
        finish(job);
    });
    thread->start(QThread::LowPriority);
    poll();
    m_status->show();
    m_poll.start();
    Q_EMIT loadingChanged(true);
}

void ResultsLoader::cancel()
{
    if (!m_job)
        return;
    const QString path = m_job->path;
    drop();
    Q_EMIT cancelled(path);
    Q_EMIT loadingChanged(false);
}

// The reader stops at its next cancel check; nothing it reads reaches the window any more.
void ResultsLoader::drop()
{
    m_job->cancel = true;
    m_job.reset();
    m_poll.stop();
    if (m_status)
        m_status->hide();
}

void ResultsLoader::poll()
{
    if (!m_job)
        return;
    const qint64 done = m_job->done;
    const qint64 total = m_job->total;
    const QString name = QFileInfo(m_job->path).fileName();
    m_label->setText(total > 0 ? tr("Reading %1: %2 of %3 MB").arg(name, megabytes(done), megabytes(total))
                               : tr("Reading %1\u2026").arg(name));
    m_bar->setValue(total > 0 ? int(double(done) / double(total) * barSteps) : 0);
    Q_EMIT progress(done, total);
}

void ResultsLoader::finish(const std::shared_ptr<Job> &job)
{
    if (job != m_job)
        return; // cancelled or superseded
    m_job.reset();
    m_poll.stop();
    if (m_status)
        m_status->hide();
    // the window hears "not loading" before it takes the results
    Q_EMIT loadingChanged(false);
    if (job->errors.isEmpty())
        Q_EMIT loaded(job->path, std::exchange(job->results, RunResults()));
    else
        Q_EMIT failed(job->path, job->errors);
}
