#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class RunController;

// The run in the status bar: while it lasts, "done / total" and a bar; otherwise the verdict counts
// of the results on show ("✓ 12 pass · ! 1 warn · ✕ 3 fail · – 40 skipped"). Reads the session only.
class RunStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunStatus)

public:
    explicit RunStatus(const RunController *session, QWidget *parent = nullptr);
    ~RunStatus() override;

    QString summary() const;

private:
    void onResultsReset();
    void showProgress(int done, int total);
    void showSummary();

    const RunController *m_session;
    QLabel *m_summary;
    QLabel *m_count;
    QProgressBar *m_bar;
};
