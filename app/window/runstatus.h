#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class ResultsProvenance;
class RunController;

// The run in the status bar: while it lasts, the live verdict counts, "done / total", a bar and what
// is still in flight ("waiting for sql1:1433, 2.4 s to its timeout"); otherwise the verdict counts of
// the results on show ("✓ 12 pass · ! 1 warn · ✕ 3 fail · – 40 skipped"), marked when out of date.
class RunStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunStatus)

public:
    explicit RunStatus(const RunController *session, QWidget *parent = nullptr);
    ~RunStatus() override;

    void setProvenance(const ResultsProvenance *provenance);
    QString summary() const;
    QString inFlight() const;

private:
    void onResultsReset();
    void showProgress(int done, int total);
    void showSummary();
    void showInFlight();

    const RunController *m_session;
    const ResultsProvenance *m_provenance = nullptr;
    QLabel *m_summary;
    QLabel *m_count;
    QLabel *m_flight;
    QProgressBar *m_bar;
    QTimer m_tick;
};
