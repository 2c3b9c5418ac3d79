#include "rulesnippetdialog.h"

#include "changerequestreport.h"
#include "rulesnippets.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace {
struct DialectChoice
{
    RuleDialect dialect;
    const char *label;
    const char *suffix;
};
constexpr DialectChoice choices[] = {
    {RuleDialect::WindowsFirewall, QT_TRANSLATE_NOOP("RuleSnippetDialog", "Windows Firewall (PowerShell New-NetFirewallRule)"), "ps1"},
    {RuleDialect::AzureNsg, QT_TRANSLATE_NOOP("RuleSnippetDialog", "Azure network security group (az network nsg rule create)"), "sh"},
    {RuleDialect::GcpFirewall, QT_TRANSLATE_NOOP("RuleSnippetDialog", "Google Cloud (gcloud compute firewall-rules create)"), "sh"},
};
} // namespace

RuleSnippetDialog::RuleSnippetDialog(const RunResults &results, const TopologyTemplate &topology, QWidget *parent)
    : QDialog(parent)
    , m_results(results)
    , m_topology(topology)
{
    setWindowTitle(tr("Firewall rules"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Commands that open the flows that failed and close the exposed ports, "
                                "filled with the addresses and ports of this run. Review them before you apply them."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_dialect = new QComboBox(this);
    for (const DialectChoice &c : choices)
        m_dialect->addItem(tr(c.label));
    layout->addWidget(m_dialect);
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_text, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    QPushButton *saveButton = buttons->addButton(tr("&Save\u2026"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(text()); });
    connect(saveButton, &QPushButton::clicked, this, &RuleSnippetDialog::save);
    connect(m_dialect, &QComboBox::currentIndexChanged, this, &RuleSnippetDialog::refresh);
    resize(900, 560);
    refresh();
}

RuleSnippetDialog::~RuleSnippetDialog() = default;

QString RuleSnippetDialog::text() const
{
    return m_text->toPlainText();
}

void RuleSnippetDialog::selectDialect(int index)
{
    m_dialect->setCurrentIndex(index);
}

void RuleSnippetDialog::refresh()
{
    const int index = qBound(0, m_dialect->currentIndex(), int(std::size(choices)) - 1);
    m_text->setPlainText(RuleSnippets::forRun(m_results, m_topology, choices[index].dialect));
}

void RuleSnippetDialog::save()
{
    const int index = qBound(0, m_dialect->currentIndex(), int(std::size(choices)) - 1);
    const QString suggested = QStringLiteral("topocheck-rules.") + QLatin1String(choices[index].suffix);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save firewall rules"), suggested);
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    const QByteArray bytes = text().toUtf8();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(bytes) != bytes.size() || !file.commit())
        QMessageBox::warning(this, tr("Topocheck"), tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
}
