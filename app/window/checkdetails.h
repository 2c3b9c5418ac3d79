#pragma once

#include <QList>
#include <QWidget>

class ChangeRequest;
class QLabel;
class QPushButton;
class QTextBrowser;
class RunController;
struct Check;

// One check in full: what was seen, the advice, the evidence (state, reason, TLS facts) and the
// rule or action the change request carries for it, which a button copies. Reads the session.
class CheckDetails final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckDetails)

public:
    explicit CheckDetails(const RunController *session, QWidget *parent = nullptr);
    ~CheckDetails() override;

    // -1 clears the pane.
    void showCheck(int checkId);
    int checkId() const { return m_checkId; }
    QString text() const;
    QString changeRequestText() const { return m_changeRequest; }

    // What the change request says about `check`: its rule, the port to close, the certificate to
    // fix, or why it asks for nothing. The one place the window reads the change request.
    static QString changeRequestText(const ChangeRequest &request, const Check &check);
    // The id of the check a link's colour comes from: its worst, the first of equals; -1 when none.
    static int worstOf(const QList<Check> &checks);

public Q_SLOTS:
    void copyChangeRequest();

private:
    const RunController *m_session;
    QTextBrowser *m_text;
    QPushButton *m_copy;
    int m_checkId = -1;
    QString m_changeRequest;
};
