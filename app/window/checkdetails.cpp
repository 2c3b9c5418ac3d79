#include "checkdetails.h"

#include "changerequest.h"
#include "displaynames.h"
#include "runcontroller.h"
#include "topologytemplate.h"
#include "verdictpalette.h"

#include <QApplication>
#include <QClipboard>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

CheckDetails::CheckDetails(const RunController *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_text(new QTextBrowser(this))
    , m_copy(new QPushButton(tr("Copy the &rule"), this))
{
    setObjectName(QStringLiteral("checkDetails"));
    m_text->setOpenLinks(false);
    m_text->setPlaceholderText(tr("Click a check in the table, or a link in the diagram, to see it in full."));
    m_copy->setObjectName(QStringLiteral("copyRuleButton"));
    m_copy->setToolTip(tr("Copy the rule or action the change request carries for this check"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_copy, 0, Qt::AlignRight);
    connect(m_copy, &QPushButton::clicked, this, &CheckDetails::copyChangeRequest);
    connect(m_session, &RunController::finished, this, [this] { showCheck(m_checkId); });
    connect(m_session, &RunController::resultsReset, this, [this] {
        if (!m_session->isRunning())
            showCheck(-1);
    });
    showCheck(-1);
}

CheckDetails::~CheckDetails() = default;

QString CheckDetails::text() const
{
    return m_text->toPlainText();
}

void CheckDetails::showCheck(int checkId)
{
    const RunResults &results = m_session->results();
    if (checkId < 0 || checkId >= results.checks.size()) {
        m_checkId = -1;
        m_changeRequest.clear();
        m_text->clear();
        m_copy->setEnabled(false);
        return;
    }
    m_checkId = checkId;
    const Check &c = results.checks.at(checkId);
    const TopologyTemplate topology = TopologyTemplate::builtin(results.templateId);
    m_changeRequest = changeRequestText(ChangeRequest::build(results, topology), c);

    const auto row = [](const QString &name, const QString &value) {
        return value.isEmpty() ? QString()
                               : QStringLiteral("<tr><td><b>%1</b>&nbsp;</td><td>%2</td></tr>")
                                     .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    const QString target = c.portRange.isEmpty() ? QStringLiteral("%1:%2").arg(c.host).arg(c.port)
                                                 : QStringLiteral("%1:%2").arg(c.host, c.portRange);
    QString html = QStringLiteral("<p>%1 <b>%2</b> %3</p>")
                       .arg(VerdictPalette::html(c.verdict, DisplayNames::verdict(c.verdict)),
                            DisplayNames::protocol(c.protocol).toHtmlEscaped(), target.toHtmlEscaped());
    html += QStringLiteral("<table>") +
            row(tr("Link"), DisplayNames::role(topology, c.from) + QStringLiteral(" \u2192 ") +
                                DisplayNames::role(topology, c.to)) +
            row(tr("Flow"), c.flowId) + row(tr("Address"), c.address) + row(tr("State"), DisplayNames::state(c.state)) +
            row(tr("Reason"), c.reason) + row(tr("Service"), DisplayNames::service(c.service)) +
            row(tr("Latency"), c.latencyMs < 0 ? QString() : tr("%1 ms").arg(c.latencyMs, 0, 'f', 1)) +
            row(tr("From"), c.sourceAddress.isEmpty() ? c.testedFrom : c.sourceAddress) + QStringLiteral("</table>");
    if (!c.detail.isEmpty())
        html += QStringLiteral("<h4>%1</h4><p>%2</p>").arg(tr("What was seen"), c.detail.toHtmlEscaped());
    if (!c.advice.isEmpty())
        html += QStringLiteral("<h4>%1</h4><p>%2</p>").arg(tr("Advice"), c.advice.toHtmlEscaped());
    if (!c.tls.isEmpty()) {
        QString tls =
            row(tr("Version"), c.tls.version) + row(tr("Cipher"), c.tls.cipher) + row(tr("Subject"), c.tls.subject) +
            row(tr("Names"), c.tls.sans.join(QStringLiteral(", "))) + row(tr("Issuer"), c.tls.issuer) +
            row(tr("Expires"), c.tls.notAfter.isValid() ? c.tls.notAfter.date().toString(Qt::ISODate) : QString()) +
            row(tr("Trusted"), !c.tls.trusted ? QString() : (*c.tls.trusted ? tr("yes") : tr("no"))) +
            row(tr("Name matches"), !c.tls.nameOk ? QString() : (*c.tls.nameOk ? tr("yes") : tr("no"))) +
            row(tr("Errors"), c.tls.errors.join(QStringLiteral("; ")));
        html += QStringLiteral("<h4>%1</h4><table>%2</table>").arg(tr("TLS"), tls);
    }
    html +=
        QStringLiteral("<h4>%1</h4><pre>%2</pre>").arg(tr("In the change request"), m_changeRequest.toHtmlEscaped());
    m_text->setHtml(html);
    m_copy->setEnabled(true);
}

void CheckDetails::copyChangeRequest()
{
    if (!m_changeRequest.isEmpty())
        QApplication::clipboard()->setText(m_changeRequest);
}

int CheckDetails::worstOf(const QList<Check> &checks)
{
    const auto rank = [](Verdict v) {
        switch (v) {
        case Verdict::Fail:
            return 3;
        case Verdict::Warn:
            return 2;
        case Verdict::Pass:
            return 1;
        case Verdict::Skipped:
            break;
        }
        return 0;
    };
    int worst = -1;
    int worstRank = -1;
    for (const Check &c : checks) {
        if (rank(c.verdict) > worstRank) {
            worst = c.id;
            worstRank = rank(c.verdict);
        }
    }
    return worst;
}

QString CheckDetails::changeRequestText(const ChangeRequest &request, const Check &c)
{
    const auto covers = [&c](const QList<PortRange> &ranges) {
        return std::any_of(ranges.cbegin(), ranges.cend(), [&c](const PortRange &r) { return r.contains(c.port); });
    };
    for (const ChangeRequest::Rule &r : request.rules()) {
        if (r.flowIds.contains(c.flowId) && r.host == c.host && r.transport == c.transport && covers(r.ports))
            return r.title() + QLatin1Char('\n') + r.actionText();
    }
    for (const ChangeRequest::ServiceFix &f : request.serviceFixes()) {
        if (f.flowId == c.flowId && f.host == c.host && f.transport == c.transport && covers(f.ports))
            return f.id + QLatin1Char(' ') + f.actionText();
    }
    for (const ChangeRequest::Exposure &e : request.exposures()) {
        if (e.flowId == c.flowId && e.host == c.host && e.transport == c.transport && e.ports.contains(c.port))
            return e.id + QLatin1Char(' ') + e.actionText();
    }
    for (const ChangeRequest::TlsFinding &t : request.tlsFindings()) {
        if (t.flowId == c.flowId && t.host == c.host && t.port == c.port)
            return t.id + QLatin1Char(' ') + t.actionText();
    }
    if (c.state == CheckState::NotTested)
        return tr("Nothing yet: this check has not run from this machine.");
    return c.verdict == Verdict::Pass || c.verdict == Verdict::Skipped
               ? tr("Nothing to change: the change request carries no rule for this check.")
               : tr("No firewall rule: the change request lists this check with its advice only.");
}
