#include "hostform.h"

#include "wheelguard.h"
#include "hostsyntax.h"
#include "ui_hostform.h"
#include "verdictpalette.h"

#include <algorithm>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QRegularExpression>
#include <QSslCertificate>

namespace {
enum PortColumns { KeyColumn, OverrideColumn };
} // namespace

HostForm::HostForm(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HostForm>())
{
    m_ui->setupUi(this);
    for (const QString &id : TopologyTemplate::builtinIds())
        m_ui->templateCombo->addItem(TopologyTemplate::builtin(id).title(), id);
    m_ui->portTable->setHorizontalHeaderLabels({tr("Port key (default)"), tr("Override")});
    m_ui->portTable->horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::Stretch);
    m_ui->portTable->verticalHeader()->hide();
    m_ui->addButton->setEnabled(false);
    auto *wheel = new WheelGuard(this);
    for (QWidget *w : std::initializer_list<QWidget *>{m_ui->templateCombo, m_ui->vantageCombo, m_ui->componentCombo,
                                                       m_ui->timeoutSpin, m_ui->concurrencySpin}) {
        w->setFocusPolicy(Qt::StrongFocus);
        w->installEventFilter(wheel);
    }
    m_ui->portTable->setTabKeyNavigation(false);
    m_ui->listenButton->hide();

    connect(m_ui->templateCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (m_loading)
            return;
        const QString id = m_ui->templateCombo->currentData().toString();
        loadTemplate(id);
        revalidate();
        Q_EMIT templateChanged(id);
    });
    connect(m_ui->componentCombo, &QComboBox::currentIndexChanged, this, [this] {
        showHostsOfComponent();
        showNewHostProblem(newHostProblem(splitHosts(m_ui->newHostEdit->text())));
    });
    connect(m_ui->newHostEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        const QStringList hosts = splitHosts(text);
        m_ui->addButton->setEnabled(!hosts.isEmpty());
        showNewHostProblem(newHostProblem(hosts));
    });
    // Enter adds only good hosts; the Add button adds what is typed, and the list then marks it
    connect(m_ui->newHostEdit, &QLineEdit::returnPressed, this, &HostForm::addTypedHosts);
    connect(m_ui->addButton, &QPushButton::clicked, this, [this] {
        addHosts(splitHosts(m_ui->newHostEdit->text()));
        m_ui->newHostEdit->clear();
    });
    connect(m_ui->removeButton, &QPushButton::clicked, this, &HostForm::removeSelectedHosts);
    connect(m_ui->pasteButton, &QPushButton::clicked, this, &HostForm::pasteHosts);
    connect(m_ui->hostList, &QListWidget::itemChanged, this, [this] {
        if (m_loading)
            return;
        storeHostList();
        revalidate();
    });
    connect(m_ui->portTable, &QTableWidget::itemChanged, this, [this] {
        if (!m_loading)
            revalidate();
    });
    connect(m_ui->caBrowseButton, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Trusted CA certificates"), m_ui->caFileEdit->text(),
                                                          tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            m_ui->caFileEdit->setText(path);
    });
    for (QLineEdit *edit : {m_ui->nameEdit, m_ui->realmEdit, m_ui->websocketEdit, m_ui->caFileEdit, m_ui->proxyEdit})
        connect(edit, &QLineEdit::textChanged, this, [this] { revalidate(); });
    for (QSpinBox *spin : {m_ui->timeoutSpin, m_ui->concurrencySpin})
        connect(spin, &QSpinBox::valueChanged, this, [this] { revalidate(); });
    connect(m_ui->vantageCombo, &QComboBox::currentIndexChanged, this, [this] { revalidate(); });

    setProfile(Profile());
}

HostForm::~HostForm() = default;

void HostForm::setListenAction(QAction *action)
{
    m_ui->listenButton->setDefaultAction(action);
    m_ui->listenButton->setVisible(action != nullptr);
}

QStringList HostForm::splitHosts(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\t\\r\\n]+"));
    QStringList hosts;
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        const QString host = part.trimmed();
        if (!host.isEmpty())
            hosts << host;
    }
    return hosts;
}

QString HostForm::caFileProblem(const QString &path)
{
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!info.exists())
        return tr("%1 does not exist").arg(shown);
    if (info.isDir())
        return tr("%1 is a folder; choose the certificate file in it").arg(shown);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1 cannot be read: %2").arg(shown, file.errorString());
    constexpr qint64 maxSize = 4 * 1024 * 1024;
    if (file.size() > maxSize)
        return tr("%1 is too large for a certificate file (%2 MB)").arg(shown).arg(file.size() / (1024 * 1024));
    const QByteArray bytes = file.readAll();
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(bytes, QSsl::Pem);
    const bool anyValid = std::any_of(certificates.cbegin(), certificates.cend(),
                                      [](const QSslCertificate &c) { return !c.isNull(); });
    if (anyValid)
        return {};
    if (!QSslCertificate::fromData(bytes, QSsl::Der).isEmpty())
        return tr("%1 is a DER certificate: save it as PEM (Base-64) first").arg(shown);
    if (bytes.contains("-----BEGIN CERTIFICATE-----"))
        return tr("%1 has a certificate block that cannot be read").arg(shown);
    return tr("%1 is not a PEM certificate file (no \"-----BEGIN CERTIFICATE-----\" in it)").arg(shown);
}

QString HostForm::describe(const ValidationIssue &issue) const
{
    static const QRegularExpression hostPath(QStringLiteral("^hosts\\.([^\\[]+)\\[(\\d+)\\]$"));
    const QRegularExpressionMatch host = hostPath.match(issue.path);
    const auto componentLabel = [this](const QString &id) {
        const Component *c = m_topology.component(id);
        return c ? c->label : id;
    };
    if (host.hasMatch())
        return tr("%1 host %2: %3").arg(componentLabel(host.captured(1))).arg(host.captured(2).toInt() + 1).arg(issue.message);
    if (issue.path.startsWith(QLatin1String("hosts.")))
        return tr("%1: %2").arg(componentLabel(issue.path.mid(6)), issue.message);
    if (issue.path.startsWith(QLatin1String("ports.")))
        return tr("Port %1: %2").arg(issue.path.mid(6), issue.message);
    const QHash<QString, QString> fields{
        {QStringLiteral("name"), tr("Name")},
        {QStringLiteral("template"), tr("Template")},
        {QStringLiteral("vantage"), tr("This machine is")},
        {QStringLiteral("options.timeout_ms"), tr("Timeout")},
        {QStringLiteral("options.concurrency"), tr("Concurrency")},
        {QStringLiteral("options.kerberos_realm"), tr("Kerberos realm")},
        {QStringLiteral("options.websocket_path"), tr("WebSocket path")},
        {QStringLiteral("options.ca_file"), tr("CA file")},
        {QStringLiteral("options.proxy"), tr("Proxy")}};
    const QString field = fields.value(issue.path);
    if (!field.isEmpty())
        return tr("%1: %2").arg(field, issue.message);
    return issue.toString();
}

QString HostForm::newHostProblem(const QStringList &hosts) const
{
    const QStringList &listed = m_hosts.value(currentComponent());
    QStringList seen;
    for (const QString &h : hosts) {
        const QString problem = HostSyntax::problem(h);
        if (!problem.isEmpty())
            return problem;
        const QString key = HostSyntax::normalized(h).toLower();
        const bool already = seen.contains(key) || std::any_of(listed.cbegin(), listed.cend(), [&key](const QString &l) {
                                 return HostSyntax::normalized(l).toLower() == key;
                             });
        if (already)
            return tr("\"%1\" is already listed").arg(h);
        seen << key;
    }
    return {};
}

void HostForm::showNewHostProblem(const QString &problem)
{
    m_ui->newHostEdit->setToolTip(problem);
    m_ui->newHostEdit->setStyleSheet(
        problem.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(VerdictPalette::color(Verdict::Fail)));
    m_ui->newHostError->setText(problem);
    m_ui->newHostError->setVisible(!problem.isEmpty());
}

bool HostForm::addTypedHosts()
{
    const QStringList hosts = splitHosts(m_ui->newHostEdit->text());
    if (hosts.isEmpty())
        return false;
    const QString problem = newHostProblem(hosts);
    if (!problem.isEmpty()) {
        showNewHostProblem(problem);
        return false;
    }
    addHosts(hosts);
    m_ui->newHostEdit->clear();
    return true;
}

void HostForm::loadTemplate(const QString &templateId)
{
    const bool wasLoading = m_loading;
    m_loading = true;
    m_topology = TopologyTemplate::builtin(templateId);
    const QString keepComponent = m_shownComponent;
    const QString keepVantage = m_ui->vantageCombo->currentData().toString();

    m_ui->vantageCombo->clear();
    // "" and "all" both mean every source; one entry stands for both
    m_ui->vantageCombo->addItem(tr("Every role (as if from each source)"), QString());
    for (const QString &role : m_topology.roles()) {
        const Component *c = m_topology.component(role);
        m_ui->vantageCombo->addItem(c ? c->label : role, role);
    }
    const int v = m_ui->vantageCombo->findData(keepVantage);
    m_ui->vantageCombo->setCurrentIndex(qMax(0, v));

    m_ui->componentCombo->clear();
    for (const Component &c : m_topology.components()) {
        if (c.id != ComponentId::localhost)
            m_ui->componentCombo->addItem(c.label, c.id);
    }
    // overrides typed so far survive a template change where the key still exists
    QMap<QString, QString> typed;
    for (int row = 0; row < m_ui->portTable->rowCount(); ++row)
        typed.insert(m_ui->portTable->item(row, KeyColumn)->data(Qt::UserRole).toString(),
                     m_ui->portTable->item(row, OverrideColumn)->text());
    const QStringList keys = m_topology.portKeys();
    m_ui->portTable->setRowCount(int(keys.size()));
    for (int row = 0; row < keys.size(); ++row) {
        PortRange defaults;
        for (const Flow &f : m_topology.flows()) {
            if (f.portKey == keys.at(row)) {
                defaults = f.ports;
                break;
            }
        }
        auto *key = new QTableWidgetItem(QStringLiteral("%1 (%2)").arg(keys.at(row), defaults.toString()));
        key->setData(Qt::UserRole, keys.at(row));
        key->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_ui->portTable->setItem(row, KeyColumn, key);
        m_ui->portTable->setItem(row, OverrideColumn, new QTableWidgetItem(typed.value(keys.at(row))));
    }
    m_shownComponent.clear();
    const int c = m_ui->componentCombo->findData(keepComponent);
    m_ui->componentCombo->setCurrentIndex(qMax(0, c));
    m_loading = wasLoading;
    showHostsOfComponent();
    updateComponentTitles();
}

void HostForm::setProfile(const Profile &profile)
{
    m_loading = true;
    m_base = profile;
    m_hosts = profile.hosts;
    m_ui->nameEdit->setText(profile.name);
    int t = m_ui->templateCombo->findData(profile.templateId);
    if (t < 0) {
        m_ui->templateCombo->addItem(profile.templateId, profile.templateId);
        t = m_ui->templateCombo->count() - 1;
    }
    m_ui->templateCombo->setCurrentIndex(t);
    m_ui->portTable->setRowCount(0);
    loadTemplate(profile.templateId);
    m_loading = true;
    int v = profile.vantage == QLatin1String("all") ? 0 : m_ui->vantageCombo->findData(profile.vantage);
    if (v < 0) {
        m_ui->vantageCombo->addItem(profile.vantage, profile.vantage);
        v = m_ui->vantageCombo->count() - 1;
    }
    m_ui->vantageCombo->setCurrentIndex(v);
    for (int row = 0; row < m_ui->portTable->rowCount(); ++row) {
        const QString key = m_ui->portTable->item(row, KeyColumn)->data(Qt::UserRole).toString();
        m_ui->portTable->item(row, OverrideColumn)->setText(profile.ports.contains(key) ? profile.ports.value(key).toString() : QString());
    }
    m_ui->timeoutSpin->setValue(profile.options.timeoutMs);
    m_ui->concurrencySpin->setValue(profile.options.concurrency);
    m_ui->realmEdit->setText(profile.options.kerberosRealm);
    m_ui->websocketEdit->setText(profile.options.websocketPath);
    m_ui->caFileEdit->setText(profile.options.caFile);
    m_ui->proxyEdit->setText(profile.options.proxy);
    m_loading = false;
    showHostsOfComponent();
    revalidate();
}

Profile HostForm::profile() const
{
    Profile p = m_base;
    p.name = m_ui->nameEdit->text().trimmed();
    p.templateId = m_ui->templateCombo->currentData().toString();
    p.vantage = m_ui->vantageCombo->currentData().toString();
    if (p.vantage.isEmpty() && m_base.vantage == QLatin1String("all"))
        p.vantage = m_base.vantage;
    p.hosts.clear();
    for (auto it = m_hosts.cbegin(); it != m_hosts.cend(); ++it) {
        if (!it.value().isEmpty())
            p.hosts.insert(it.key(), it.value());
    }
    p.ports.clear();
    for (int row = 0; row < m_ui->portTable->rowCount(); ++row) {
        const QString text = m_ui->portTable->item(row, OverrideColumn)->text().trimmed();
        const PortRange range = PortRange::parse(text);
        if (!text.isEmpty() && range.isValid())
            p.ports.insert(m_ui->portTable->item(row, KeyColumn)->data(Qt::UserRole).toString(), range);
    }
    p.options.timeoutMs = m_ui->timeoutSpin->value();
    p.options.concurrency = m_ui->concurrencySpin->value();
    p.options.kerberosRealm = m_ui->realmEdit->text().trimmed();
    p.options.websocketPath = m_ui->websocketEdit->text().trimmed();
    p.options.caFile = m_ui->caFileEdit->text().trimmed();
    p.options.proxy = m_ui->proxyEdit->text().trimmed();
    return p;
}

QString HostForm::currentComponent() const
{
    return m_ui->componentCombo->currentData().toString();
}

void HostForm::selectComponent(const QString &componentId)
{
    const int i = m_ui->componentCombo->findData(componentId);
    if (i >= 0)
        m_ui->componentCombo->setCurrentIndex(i);
}

void HostForm::showHostsOfComponent()
{
    if (m_loading)
        return;
    m_loading = true;
    m_shownComponent = currentComponent();
    m_ui->hostList->clear();
    for (const QString &host : m_hosts.value(m_shownComponent)) {
        auto *item = new QListWidgetItem(host, m_ui->hostList);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_loading = false;
    const QString path = QStringLiteral("hosts.") + m_shownComponent;
    for (int i = 0; i < m_ui->hostList->count(); ++i) {
        const QString itemPath = path + QStringLiteral("[%1]").arg(i);
        QString message;
        for (const ValidationIssue &issue : std::as_const(m_issues)) {
            if (issue.path == itemPath)
                message = describe(issue);
        }
        QListWidgetItem *item = m_ui->hostList->item(i);
        const QSignalBlocker blocker(m_ui->hostList);
        item->setForeground(message.isEmpty() ? QBrush() : QBrush(QColor(VerdictPalette::color(Verdict::Fail))));
        item->setToolTip(message);
    }
    showIssue(m_ui->hostsError, path);
}

void HostForm::storeHostList()
{
    QStringList hosts;
    for (int i = 0; i < m_ui->hostList->count(); ++i) {
        const QString text = m_ui->hostList->item(i)->text().trimmed();
        if (!text.isEmpty())
            hosts << text;
    }
    m_hosts.insert(m_shownComponent, hosts);
}

void HostForm::addHosts(const QStringList &hosts)
{
    if (hosts.isEmpty())
        return;
    m_hosts[currentComponent()] << hosts;
    showHostsOfComponent();
    revalidate();
}

void HostForm::removeSelectedHosts()
{
    const QList<QListWidgetItem *> selected = m_ui->hostList->selectedItems();
    if (selected.isEmpty())
        return;
    m_loading = true;
    qDeleteAll(selected);
    m_loading = false;
    storeHostList();
    revalidate();
}

// Pasted hosts that are good are added; the others stay in the new-host field with what is wrong.
void HostForm::pasteHosts()
{
    QStringList good;
    QStringList bad;
    for (const QString &host : splitHosts(QApplication::clipboard()->text())) {
        QStringList candidate = good;
        candidate << host;
        (newHostProblem(candidate).isEmpty() ? good : bad) << host;
    }
    addHosts(good);
    if (!bad.isEmpty()) {
        m_ui->newHostEdit->setText(bad.join(QLatin1String(", ")));
        m_ui->newHostEdit->setFocus();
    }
}

void HostForm::showIssue(QLabel *label, const QString &prefix) const
{
    QStringList messages;
    for (const ValidationIssue &issue : m_issues) {
        if (issue.path == prefix || issue.path.startsWith(prefix + QLatin1Char('[')) || issue.path.startsWith(prefix + QLatin1Char('.')))
            messages << describe(issue);
    }
    label->setText(messages.join(QLatin1Char('\n')));
    label->setVisible(!messages.isEmpty());
}

// The cell that is wrong turns red and says why in its tooltip; the line under the table says it too.
void HostForm::showPortIssues()
{
    const QSignalBlocker blocker(m_ui->portTable);
    for (int row = 0; row < m_ui->portTable->rowCount(); ++row) {
        const QString path = QStringLiteral("ports.") + m_ui->portTable->item(row, KeyColumn)->data(Qt::UserRole).toString();
        QString message;
        for (const ValidationIssue &issue : std::as_const(m_issues)) {
            if (issue.path == path)
                message = describe(issue);
        }
        QTableWidgetItem *cell = m_ui->portTable->item(row, OverrideColumn);
        cell->setForeground(message.isEmpty() ? QBrush() : QBrush(QColor(VerdictPalette::color(Verdict::Fail))));
        cell->setToolTip(message);
    }
}

void HostForm::updateComponentTitles()
{
    for (int i = 0; i < m_ui->componentCombo->count(); ++i) {
        const QString id = m_ui->componentCombo->itemData(i).toString();
        const Component *c = m_topology.component(id);
        const QString base = c ? c->label : id;
        const int n = int(m_hosts.value(id).size());
        bool bad = false;
        for (const ValidationIssue &issue : std::as_const(m_issues))
            bad = bad || issue.path.startsWith(QStringLiteral("hosts.") + id + QLatin1Char('['));
        QString text = n ? tr("%1 (%2)").arg(base).arg(n) : tr("%1 (no host)").arg(base);
        if (bad)
            text = QStringLiteral("\u26a0 ") + text;
        m_ui->componentCombo->setItemText(i, text);
    }
}

void HostForm::revalidate()
{
    if (m_loading)
        return;
    const Profile p = profile();
    m_issues = p.validate();
    if (!p.options.caFile.isEmpty()) {
        const QFileInfo ca(p.options.caFile);
        const QString stamp = p.options.caFile + QLatin1Char('|') + QString::number(ca.size()) + QLatin1Char('|')
            + QString::number(ca.exists() ? ca.lastModified().toMSecsSinceEpoch() : -1);
        if (stamp != m_caChecked) {
            m_caChecked = stamp;
            m_caProblem = caFileProblem(p.options.caFile);
        }
        if (!m_caProblem.isEmpty())
            m_issues << ValidationIssue{QStringLiteral("options.ca_file"), m_caProblem};
    }
    for (int row = 0; row < m_ui->portTable->rowCount(); ++row) {
        const QString text = m_ui->portTable->item(row, OverrideColumn)->text().trimmed();
        QString error;
        if (!text.isEmpty() && !PortRange::parse(text, &error).isValid())
            m_issues << ValidationIssue{QStringLiteral("ports.") + m_ui->portTable->item(row, KeyColumn)->data(Qt::UserRole).toString(),
                                        error.isEmpty() ? tr("\"%1\" is not a port (1-65535)").arg(text) : error};
    }
    showIssue(m_ui->vantageError, QStringLiteral("vantage"));
    showIssue(m_ui->portsError, QStringLiteral("ports"));
    showIssue(m_ui->realmError, QStringLiteral("options.kerberos_realm"));
    showIssue(m_ui->websocketError, QStringLiteral("options.websocket_path"));
    showIssue(m_ui->proxyError, QStringLiteral("options.proxy"));
    showIssue(m_ui->caFileError, QStringLiteral("options.ca_file"));
    showPortIssues();
    // issues on hosts of other components than the one shown, and anything else
    QStringList other;
    for (const ValidationIssue &issue : std::as_const(m_issues)) {
        const bool shownElsewhere = issue.path == QLatin1String("vantage") || issue.path.startsWith(QLatin1String("ports."))
            || issue.path.startsWith(QLatin1String("options.kerberos_realm")) || issue.path.startsWith(QLatin1String("options.websocket_path"))
            || issue.path.startsWith(QLatin1String("options.proxy")) || issue.path == QLatin1String("options.ca_file")
            || issue.path.startsWith(QStringLiteral("hosts.") + m_shownComponent + QLatin1Char('['));
        if (!shownElsewhere)
            other << describe(issue);
    }
    m_ui->otherError->setText(other.join(QLatin1Char('\n')));
    m_ui->otherError->setVisible(!other.isEmpty());
    showHostsOfComponent();
    updateComponentTitles();
    Q_EMIT changed();
}
