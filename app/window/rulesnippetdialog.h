#pragma once

#include "runresults.h"
#include "topologytemplate.h"

#include <QDialog>

class QComboBox;
class QPlainTextEdit;

// The change request as commands to paste (Windows Firewall, Azure NSG, GCP), for copying or saving.
class RuleSnippetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleSnippetDialog)

public:
    RuleSnippetDialog(const RunResults &results, const TopologyTemplate &topology, QWidget *parent = nullptr);
    ~RuleSnippetDialog() override;

    QString text() const;
    void selectDialect(int index);

private:
    void refresh();
    void save();

    RunResults m_results;
    TopologyTemplate m_topology;
    QComboBox *m_dialect = nullptr;
    QPlainTextEdit *m_text = nullptr;
};
