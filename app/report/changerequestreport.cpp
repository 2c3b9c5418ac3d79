#include "changerequestreport.h"

#include "changerequest.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "diagramscene.h"
#include "displaynames.h"
#include "linksummarymodel.h"
#include "reportcanvas.h"
#include "rulesnippets.h"
#include "verdictpalette.h"

#include <QApplication>
#include <QChart>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QLegend>
#include <QPainter>
#include <QPdfWriter>
#include <QPieSeries>
#include <QPieSlice>
#include <QSaveFile>

namespace {
constexpr int resolution = 300;
const QColor accent(0x1f, 0x3a, 0x5f);
const QColor muted(0x55, 0x5f, 0x6b);
const QString bullet = QStringLiteral("\u2022 ");

QColor verdictColor(Verdict v)
{
    return QColor(VerdictPalette::color(v));
}

QColor verdictFill(Verdict v)
{
    return QColor(VerdictPalette::fill(v));
}

QString verdictLabel(Verdict v)
{
    return DisplayNames::verdict(v).toUpper();
}

QString transportLabel(Transport t)
{
    return DisplayNames::protocol(transportName(t));
}

// One report's pages, painted twice: once to count them, then onto the PDF. Its strings are the report's.
class ReportPages
{
    Q_DECLARE_TR_FUNCTIONS(ChangeRequestReport)

public:
    ReportPages(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                const ChangeRequest &request, const QString &profileName, const QDateTime &generated)
        : m_results(results)
        , m_topology(topology)
        , m_profile(profile)
        , m_request(request)
        , m_profileName(profileName)
        , m_generated(generated)
    {}

    void paint(ReportCanvas &c) const;
    QString title() const { return tr("Firewall change request: %1").arg(m_profileName); }
    QString footer() const
    {
        return tr("%1  \u00b7  Firewall change request  \u00b7  %2").arg(m_profileName, when(m_generated));
    }

private:
    static QString portCell(Transport t, const PortRange &ports);
    static QString when(const QDateTime &t);
    static QList<ReportCanvas::Row> checkRows(const QList<Check> &checks);
    void paintDiagram(ReportCanvas &c, const QRectF &target) const;
    void firstPage(ReportCanvas &c) const;
    void changeRequestSection(ReportCanvas &c) const;
    void exposureSection(ReportCanvas &c) const;
    void tlsSection(ReportCanvas &c) const;
    void appendixChecks(ReportCanvas &c) const;
    void appendixRules(ReportCanvas &c) const;

    const RunResults &m_results;
    const TopologyTemplate &m_topology;
    const Profile &m_profile;
    const ChangeRequest &m_request;
    QString m_profileName;
    QDateTime m_generated;
};

QString ReportPages::portCell(Transport t, const PortRange &ports)
{
    // a range on its own line: "47500-47598" must never break inside
    QString out = transportLabel(t) % (ports.isSingle() ? QLatin1Char(' ') : QLatin1Char('\n')) % ports.toString();
    if (!ports.isSingle())
        out += QLatin1Char('\n') + tr("(%n ports)", nullptr, ports.count());
    return out;
}

QString ReportPages::when(const QDateTime &t)
{
    if (!t.isValid())
        return tr("unknown");
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

void keyValues(ReportCanvas &c, const QList<QPair<QString, QString>> &rows)
{
    const QFont label = c.font(8.5, true);
    const QFont value = c.font(8.5);
    const qreal labelWidth = c.pt(118);
    const QRectF area = c.contentRect();
    for (const auto &[k, v] : rows) {
        const qreal h = qMax(c.textHeight(k, label, labelWidth), c.textHeight(v, value, area.width() - labelWidth));
        const QRectF r = c.reserve(h + c.pt(2));
        c.drawText(QRectF(r.left(), r.top(), labelWidth, h), k, label, muted);
        c.drawText(QRectF(r.left() + labelWidth, r.top(), r.width() - labelWidth, h), v, value);
    }
}

// The summary doughnut is a real Qt Chart rendered as vectors, not a bitmap.
void paintChart(QPainter *painter, const QRectF &target, const RunResults::Summary &s)
{
    QGraphicsScene scene;
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundVisible(false);
    chart->setMargins(QMargins(0, 0, 0, 0));
    chart->setBackgroundRoundness(0);
    QFont legendFont;
    legendFont.setPixelSize(17);
    legendFont.setBold(true);
    chart->legend()->setFont(legendFont);
    chart->legend()->setAlignment(Qt::AlignRight);
    auto *series = new QPieSeries;
    series->setHoleSize(0.55);
    series->setPieSize(0.9);
    const QList<QPair<Verdict, int>> parts{
        {Verdict::Pass, s.pass}, {Verdict::Warn, s.warn}, {Verdict::Fail, s.fail}, {Verdict::Skipped, s.skipped}};
    for (const auto &[verdict, count] : parts) {
        QPieSlice *slice = series->append(QStringLiteral("%1  %2").arg(verdictLabel(verdict)).arg(count), count);
        slice->setColor(verdictColor(verdict));
        slice->setBorderColor(Qt::white);
    }
    chart->addSeries(series);
    scene.addItem(chart);
    const QSizeF logical(220.0 * target.width() / target.height(), 220.0);
    chart->setGeometry(QRectF(QPointF(0, 0), logical));
    scene.setSceneRect(QRectF(QPointF(0, 0), logical));
    scene.render(painter, target, scene.sceneRect(), Qt::KeepAspectRatio);
}

void ReportPages::paintDiagram(ReportCanvas &c, const QRectF &target) const
{
    QPainter *p = c.painter();
    if (qobject_cast<QApplication *>(QCoreApplication::instance())) {
        // A merge has no profile: the tested hosts stand in for the profile's, so the boxes are not "no host".
        Profile shown = m_profile;
        for (const Check &check : m_results.checks)
            if (!check.host.isEmpty() && check.to != ComponentId::localhost && m_profile.hostsOf(check.to).isEmpty() &&
                !shown.hosts.value(check.to).contains(check.host))
                shown.hosts[check.to] << check.host;
        // The same model chain as the window's: checks -> links -> scene.
        CheckResultsModel model;
        model.setChecks(m_results.checks);
        LinkSummaryModel links;
        links.setSourceModel(&model);
        DiagramScene scene;
        scene.setTopology(m_topology, shown);
        scene.setLinkModel(&links);
        scene.clearSelection();
        const QRectF source = scene.itemsBoundingRect().adjusted(-8, -8, 8, 8);
        scene.render(p, target, source, Qt::KeepAspectRatio);
        return;
    }
    p->save();
    p->setPen(QPen(muted, c.pt(0.8), Qt::DashLine));
    p->drawRect(target);
    p->restore();
    c.drawText(target.adjusted(c.pt(12), c.pt(12), -c.pt(12), -c.pt(12)),
               tr("The diagram is not available in this build (it needs the window's diagram and a GUI application). "
                  "Every link is listed in the appendix \"All checks by link\"."),
               c.font(9), muted);
}

void ReportPages::firstPage(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.paragraph(tr("FIREWALL CHANGE REQUEST"), 8, accent, true);
    c.paragraph(m_topology.title().isEmpty() ? tr("Network access report") : m_topology.title(), 20, Qt::black, true);
    c.paragraph(tr("Connectivity test of the network flows this deployment needs, with the firewall changes that "
                   "fix what failed."),
                9.5, muted);
    c.space(4);

    QStringList testedFrom;
    for (const ChangeRequest::Source &s : cr.testedFrom()) {
        if (s.role == Vantage::all) {
            ChangeRequest::Source machine = s;
            machine.roleLabel.clear();
            testedFrom << machine.describe().trimmed() + tr(", playing every role (--from all)");
        } else {
            testedFrom << s.describe();
        }
    }
    const QString started = when(m_results.started);
    keyValues(c, {{tr("Profile"), m_profileName},
                  {tr("Template"), m_topology.title() + QStringLiteral(" (") + m_topology.id() + QLatin1Char(')')},
                  {tr("Report generated"), when(m_generated)},
                  {tr("Checks ran"), started + QStringLiteral(" \u2013 ") + when(m_results.finished)},
                  {cr.testedFrom().size() > 1 ? tr("Tested from (merged)") : tr("Tested from"),
                   testedFrom.join(QLatin1Char('\n'))},
                  {tr("Tool"), m_results.tool}});
    c.space(6);

    c.heading(tr("Summary"), 2);
    const RunResults::Summary s = m_results.summary();
    const QRectF area = c.reserve(c.pt(118));
    const qreal boxW = c.pt(78);
    const qreal boxH = c.pt(50);
    const QList<QPair<Verdict, int>> counts{
        {Verdict::Pass, s.pass}, {Verdict::Warn, s.warn}, {Verdict::Fail, s.fail}, {Verdict::Skipped, s.skipped}};
    for (int i = 0; i < counts.size(); ++i) {
        const QRectF box(area.left() + (i % 2) * (boxW + c.pt(6)), area.top() + (i / 2) * (boxH + c.pt(6)), boxW, boxH);
        if (QPainter *p = c.painter()) {
            p->fillRect(box, verdictFill(counts.at(i).first));
            p->fillRect(QRectF(box.left(), box.top(), c.pt(4), box.height()), verdictColor(counts.at(i).first));
        }
        c.drawText(box.adjusted(c.pt(10), c.pt(5), 0, 0), QString::number(counts.at(i).second), c.font(18, true));
        c.drawText(box.adjusted(c.pt(10), c.pt(31), 0, 0), verdictLabel(counts.at(i).first), c.font(8, true), muted);
    }
    const QRectF chartRect(area.left() + 2 * boxW + c.pt(30), area.top(), c.pt(230), area.height());
    if (QPainter *p = c.painter(); p && qobject_cast<QApplication *>(QCoreApplication::instance()))
        paintChart(p, chartRect, s);
    c.space(4);

    c.heading(tr("What this report asks for"), 2);
    const int rules = cr.ruleCount();
    const int other = int(cr.openings().size()) - rules;
    QStringList asks;
    asks << (rules > 0
                 ? tr("Add %n firewall rules so that required connections get through (section 1).", nullptr, rules)
                 : tr("No firewall rule needs to be added: no required connection was blocked."));
    if (other > 0)
        asks << tr("%n failures need a DNS or service fix rather than a rule (section 1).", nullptr, other);
    asks << (cr.exposures().isEmpty() ? tr("No cluster-internal port answered from outside the Control Room cluster.")
                                      : tr("Restrict %n exposed port ranges to the Control Room nodes (section 2).",
                                           nullptr, int(cr.exposures().size())));
    asks << (cr.tlsFindings().isEmpty()
                 ? tr("No certificate or TLS protocol finding.")
                 : tr("Fix %n certificate or TLS findings (section 3).", nullptr, int(cr.tlsFindings().size())));
    asks << tr("Ready-to-paste rules for Windows Firewall, Azure NSG and Google Cloud are in appendix B.");
    for (QString &line : asks)
        line.prepend(bullet);
    c.paragraph(asks.join(QLatin1Char('\n')), 9);

    c.heading(tr("Topology as tested"), 2);
    c.paragraph(tr("Each line is one group of flows, coloured by its worst result: green passed, amber warning, red "
                   "failed, grey not tested."),
                8, muted);
    const qreal wanted = qMax(c.remaining(), c.pt(220));
    const QRectF target = c.reserve(qMin(wanted, c.contentRect().height() * 0.6));
    if (c.painter())
        paintDiagram(c, target);
}

void ReportPages::changeRequestSection(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.newPage();
    c.heading(tr("1  Firewall change request"));
    if (cr.openings().isEmpty()) {
        c.paragraph(tr("Nothing to open: every required connection that was tested got through."));
        return;
    }
    c.paragraph(tr("Each row is a connection the deployment needs that failed when tested from the machine named under "
                   "Source. Allow it on every firewall, security group and host firewall between source and "
                   "destination. Consecutive ports with the same result are merged into one range."),
                8.5);
    QList<ReportCanvas::Row> rows;
    int n = 0;
    for (const ChangeRequest::Opening &o : cr.openings()) {
        QString source = o.source.roleLabel;
        if (!o.source.hostname.isEmpty())
            source += QLatin1Char('\n') + o.source.hostname;
        if (!o.source.addresses.isEmpty())
            source += QLatin1Char('\n') + o.source.addresses.join(QLatin1String(", "));
        if (o.via == QLatin1String("proxy"))
            source += QLatin1Char('\n') + tr("through the HTTP proxy");
        QString dest = o.toLabel + QLatin1Char('\n') + o.host;
        if (!o.address.isEmpty() && o.address != o.host)
            dest += QLatin1Char('\n') + o.address;
        const bool rule = o.action == ChangeRequest::Action::Allow;
        rows << ReportCanvas::Row{{QString::number(++n)},
                                  {source},
                                  {dest},
                                  {portCell(o.transport, o.ports)},
                                  {o.service + QLatin1Char('\n') + o.purpose},
                                  {o.observed(), verdictFill(Verdict::Fail)},
                                  {o.actionText(), {}, rule}};
    }
    c.table({{tr("#"), 0.4},
             {tr("Source (tested from)"), 1.45},
             {tr("Destination"), 1.45},
             {tr("Port"), 1.15},
             {tr("Service and purpose"), 1.5},
             {tr("Observed"), 1.35},
             {tr("Requested action"), 2.1}},
            rows);
}

void ReportPages::exposureSection(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.heading(tr("2  Exposure findings"));
    if (cr.exposures().isEmpty()) {
        c.paragraph(tr("None: no cluster-internal port answered from outside the Control Room cluster (or no machine "
                       "outside the cluster ran the exposure checks)."));
        return;
    }
    c.paragraph(tr("The Control Room nodes use these ports to talk to each other only. They answered a machine outside "
                   "the cluster, so anything on that network can reach internal services. Allow them between the "
                   "Control Room nodes and block them for everyone else."),
                8.5);
    QList<ReportCanvas::Row> rows;
    int n = 0;
    for (const ChangeRequest::Exposure &e : cr.exposures()) {
        QString node = e.host;
        if (!e.address.isEmpty() && e.address != e.host)
            node += QLatin1Char('\n') + e.address;
        rows << ReportCanvas::Row{
            {QString::number(++n)},
            {node},
            {portCell(e.transport, e.ports)},
            {e.purpose},
            {e.source.describe() + QLatin1Char('\n') + tr("open (%1)").arg(e.reason), verdictFill(Verdict::Fail)},
            {e.actionText(), {}, true}};
    }
    c.table({{tr("#"), 0.4},
             {tr("Control Room node"), 1.4},
             {tr("Port"), 1.1},
             {tr("What it is"), 2.0},
             {tr("Reached from"), 1.6},
             {tr("Rule to add"), 2.6}},
            rows);
}

void ReportPages::tlsSection(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.heading(tr("3  TLS findings"));
    if (cr.tlsFindings().isEmpty()) {
        c.paragraph(tr("None: every certificate that was checked is valid for at least %n more days, names its host, "
                       "is trusted, and every TLS endpoint negotiated TLS 1.2 or later.",
                       nullptr, TlsFacts::ExpiryWarningDays));
        return;
    }
    c.paragraph(tr("Certificates and TLS versions that break or will break the connections above. These are not "
                   "firewall changes; send them to the owner of each server."),
                8.5);
    QList<ReportCanvas::Row> rows;
    int n = 0;
    for (const ChangeRequest::TlsFinding &f : cr.tlsFindings()) {
        QString endpoint = f.host + QLatin1Char(':') + QString::number(f.port);
        if (!f.address.isEmpty() && f.address != f.host)
            endpoint += QLatin1Char('\n') + f.address;
        QStringList cert;
        if (!f.tls.subject.isEmpty())
            cert << tr("Subject: %1").arg(f.tls.subject);
        if (!f.tls.issuer.isEmpty())
            cert << tr("Issuer: %1").arg(f.tls.issuer);
        if (f.tls.notAfter.isValid())
            cert << tr("Valid until: %1").arg(f.notAfter());
        if (!f.tls.version.isEmpty())
            cert << tr("Protocol: %1").arg(f.tls.version);
        rows << ReportCanvas::Row{{QString::number(++n)},
                                  {endpoint + QLatin1Char('\n') + f.service},
                                  {f.findings().join(QLatin1Char('\n')), verdictFill(f.verdict)},
                                  {cert.join(QLatin1Char('\n'))},
                                  {verdictLabel(f.verdict), verdictFill(f.verdict), true},
                                  {f.actionText()}};
    }
    c.table({{tr("#"), 0.4},
             {tr("Endpoint"), 1.9},
             {tr("Finding"), 1.8},
             {tr("Certificate"), 2.2},
             {tr("Result"), 0.7},
             {tr("Action"), 2.0}},
            rows);
}

// Consecutive ports of one host with the same outcome read as one line: "47100-47200 (101 checks)".
QList<ReportCanvas::Row> ReportPages::checkRows(const QList<Check> &checks)
{
    struct Group
    {
        const Check *first;
        quint16 last;
        int count;
        double minMs;
        double maxMs;
    };
    QList<Group> groups;
    auto same = [](const Check &a, const Check &b) {
        return a.host == b.host && a.address == b.address && a.transport == b.transport && a.via == b.via &&
               a.state == b.state && a.reason == b.reason && a.service == b.service && a.detail == b.detail &&
               a.verdict == b.verdict && a.flowId == b.flowId && a.portRange.isEmpty() && b.portRange.isEmpty();
    };
    for (const Check &c : checks) {
        if (!groups.isEmpty() && same(*groups.last().first, c) && int(groups.last().last) + 1 == int(c.port)) {
            Group &g = groups.last();
            g.last = c.port;
            ++g.count;
            if (c.latencyMs >= 0) {
                g.minMs = g.minMs < 0 ? c.latencyMs : qMin(g.minMs, c.latencyMs);
                g.maxMs = qMax(g.maxMs, c.latencyMs);
            }
            continue;
        }
        groups << Group{&c, c.port, 1, c.latencyMs, c.latencyMs};
    }
    QList<ReportCanvas::Row> rows;
    QString previousHost;
    for (const Group &g : std::as_const(groups)) {
        const Check &c = *g.first;
        QString port = c.portRange.isEmpty() ? QString::number(c.port) : c.portRange;
        if (g.count > 1)
            port = QString::number(c.port) % QLatin1Char('-') % QString::number(g.last) % QLatin1Char('\n') %
                   tr("(%n checks)", nullptr, g.count);
        QString ms;
        if (g.minMs >= 0)
            ms = g.count > 1 && g.maxMs > g.minMs
                     ? QString::number(g.minMs, 'f', 1) % QStringLiteral("\u2013") % QString::number(g.maxMs, 'f', 1)
                     : QString::number(g.minMs, 'f', 1);
        QString state = stateName(c.state);
        if (!c.reason.isEmpty())
            state += QStringLiteral(" (") + c.reason + QLatin1Char(')');
        QString detail = c.detail;
        if (!c.advice.isEmpty() && c.verdict != Verdict::Pass)
            detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + c.advice;
        QString host = c.host.isEmpty() ? tr("(no host in the profile)") : c.host;
        if (!c.address.isEmpty() && c.address != c.host)
            host += QLatin1Char('\n') + c.address;
        if (c.via == QLatin1String("proxy"))
            host += QLatin1Char('\n') + tr("via proxy");
        // A host's name is printed once for its run of rows, as a reader scans down the column.
        const QString hostCell = host == previousHost ? QString() : host;
        previousHost = host;
        rows << ReportCanvas::Row{{hostCell},
                                  {transportLabel(c.transport) + QLatin1Char(' ') + port},
                                  {DisplayNames::protocol(c.protocol)},
                                  {state},
                                  {serviceName(c.service)},
                                  {detail},
                                  {ms},
                                  {verdictLabel(c.verdict), verdictFill(c.verdict), true}};
    }
    return rows;
}

void ReportPages::appendixChecks(ReportCanvas &c) const
{
    c.newPage();
    c.heading(tr("Appendix A  All checks by link"));
    c.paragraph(tr("Every check of the run, grouped as the diagram groups them. Consecutive ports of a host with the "
                   "same result share a row. Latency is the connect time in milliseconds."),
                8.5);
    int n = 0;
    for (const ChangeRequest::Link &link : m_request.links()) {
        const RunResults::Summary s = [&] {
            RunResults r;
            r.checks = link.checks;
            return r.summary();
        }();
        c.heading(QStringLiteral("A.%1  %2").arg(++n).arg(link.title), 2);
        c.paragraph(link.ports + QStringLiteral("   \u00b7   ") + tr("%n checks", nullptr, int(link.checks.size())) +
                        QStringLiteral(", ") + tr("worst result %1: ").arg(verdictLabel(link.worst)) +
                        tr("%1 pass, %2 warn, %3 fail, %4 skipped").arg(s.pass).arg(s.warn).arg(s.fail).arg(s.skipped),
                    7.5, muted);
        c.table({{tr("Host"), 1.45},
                 {tr("Port"), 0.95},
                 {tr("Service"), 0.9},
                 {tr("State (reason)"), 1.45},
                 {tr("Check"), 0.8},
                 {tr("Detail"), 2.5},
                 {tr("ms"), 0.5},
                 {tr("Result"), 0.65}},
                checkRows(link.checks), 7);
    }
}

void ReportPages::appendixRules(ReportCanvas &c) const
{
    c.newPage();
    c.heading(tr("Appendix B  Rule snippets"));
    c.paragraph(tr("The rules of sections 1 and 2 as commands, filled with the addresses and ports that were tested. "
                   "Review them before use: sources are the machines that ran the checks, and values in <angle "
                   "brackets> must be replaced. The same text is available as a copyable export."),
                8.5);
    for (const RuleDialect d : RuleSnippets::dialects()) {
        c.heading(RuleSnippets::title(d), 2);
        c.code(RuleSnippets::generate(m_request, d, m_profileName).trimmed());
    }
}

void ReportPages::paint(ReportCanvas &c) const
{
    firstPage(c);
    changeRequestSection(c);
    exposureSection(c);
    tlsSection(c);
    appendixChecks(c);
    appendixRules(c);
}
} // namespace

bool ChangeRequestReport::writePdf(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                                   const QString &path, QString *error)
{
    return writePdf(results, topology, profile, path, Settings{}, error);
}

bool ChangeRequestReport::writePdf(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                                   const QString &path, const Settings &settings, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    // Fonts and painting need a GUI application (the "offscreen" platform will do).
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return fail(tr("%1: writing a PDF needs a GUI application (QT_QPA_PLATFORM=offscreen works)").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(tr("%1: cannot write: %2").arg(path, file.errorString()));

    const ChangeRequest request = ChangeRequest::build(results, topology);
    const ReportPages pages(results, topology, profile, request,
                            results.profileName.isEmpty() ? profile.name : results.profileName,
                            settings.generated.isValid() ? settings.generated : QDateTime::currentDateTimeUtc());

    QPdfWriter writer(&file);
    writer.setResolution(resolution);
    writer.setPageSize(QPageSize(settings.pageSize));
    writer.setPageOrientation(QPageLayout::Portrait);
    writer.setPageMargins(QMarginsF(14, 14, 14, 12), QPageLayout::Millimeter);
    writer.setTitle(pages.title());
    writer.setCreator(results.tool.isEmpty() ? QStringLiteral("topocheck") : results.tool);

    int pageCount = 0;
    QHash<QString, qreal> heights;
    {
        ReportCanvas measure(&writer, nullptr, resolution);
        measure.setHeightCache(&heights);
        pages.paint(measure);
        pageCount = measure.page();
    }
    QPainter painter;
    if (!painter.begin(&writer))
        return fail(tr("%1: cannot start the PDF").arg(path));
    painter.setRenderHint(QPainter::Antialiasing);
    ReportCanvas canvas(&writer, &painter, resolution);
    canvas.setHeightCache(&heights);
    canvas.setFooter(pages.footer(), QString());
    canvas.setTotalPages(pageCount);
    pages.paint(canvas);
    canvas.finish();
    if (!painter.end())
        return fail(tr("%1: the PDF could not be completed").arg(path));
    if (!file.commit())
        return fail(tr("%1: cannot write: %2").arg(path, file.errorString()));
    return true;
}

