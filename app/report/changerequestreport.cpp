#include "changerequestreport.h"

#include "changerequest.h"
#include "checkresultsmodel.h"
#include "component.h"
#include "diagramscene.h"
#include "diagramstyle.h"
#include "displaynames.h"
#include "linksummarymodel.h"
#include "reportcanvas.h"
#include "rulesnippets.h"
#include "verdictpalette.h"

#include <QApplication>
#include <QChart>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QLegend>
#include <QPainter>
#include <QPdfWriter>
#include <QPieSeries>
#include <QPieSlice>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace {
constexpr int resolution = 300;
const QColor accent(0x1f, 0x3a, 0x5f);
const QColor muted(0x55, 0x5f, 0x6b);
const QString bullet = QStringLiteral("\u2022 ");
// Page 1 names each machine a merged result came from up to this many per role, then counts them.
constexpr int machinesListed = 6;
// The diagram's smallest text (link labels and box details, app/diagram) in scene units, and the least
// it may print at on paper.
constexpr qreal smallestDiagramTextPx = 11;
constexpr qreal minimumDiagramTextPt = 6;
constexpr qreal fullSizeTextPt = 6.5;
// DiagramScene's legend item (app/diagram/diagramscene.cpp): hidden on paper, where nothing runs.
constexpr int legendItemType = QGraphicsItem::UserType + 4;

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

struct ReportDiagram;

// One report's pages, painted twice: once to count them, then onto the PDF. Its strings are the report's.
class ReportPages
{
    Q_DECLARE_TR_FUNCTIONS(ChangeRequestReport)

public:
    ReportPages(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                const ChangeRequest &request, const QString &profileName, const QDateTime &generated,
                const QString &staleNote)
        : m_results(results)
        , m_topology(topology)
        , m_profile(profile)
        , m_request(request)
        , m_profileName(profileName)
        , m_generated(generated)
        , m_staleNote(staleNote)
    {}

    void paint(ReportCanvas &c) const;
    QString title() const { return tr("Firewall change request: %1").arg(m_profileName); }
    QString footer() const
    {
        return tr("%1  \u00b7  Firewall change request  \u00b7  %2").arg(m_profileName, when(m_generated));
    }

private:
    static QString portCell(Transport t, const PortRange &ports);
    static QString portsCell(Transport t, const QList<PortRange> &ports);
    static QString when(const QDateTime &t);
    QList<ReportCanvas::Row> checkRows(const QList<Check> &checks) const;
    ReportDiagram *diagram() const;
    void paintDiagram(ReportCanvas &c, const QRectF &target, const QRectF &source, bool rotated) const;
    void diagramPlaceholder(ReportCanvas &c, const QRectF &target) const;
    qreal smallestDiagramText(const ReportCanvas &c, const QSizeF &target) const;
    void diagramLegend(ReportCanvas &c) const;
    void diagramPages(ReportCanvas &c) const;
    void firstPage(ReportCanvas &c) const;
    void rulesSection(ReportCanvas &c) const;
    void serviceSection(ReportCanvas &c) const;
    void exposureSection(ReportCanvas &c) const;
    void tlsSection(ReportCanvas &c) const;
    void fleetSection(ReportCanvas &c) const;
    QString linkTitle(const QString &linkId) const;
    void appendixChecks(ReportCanvas &c) const;
    void appendixRules(ReportCanvas &c) const;
    void appendixSources(ReportCanvas &c) const;

    const RunResults &m_results;
    const TopologyTemplate &m_topology;
    const Profile &m_profile;
    const ChangeRequest &m_request;
    QString m_profileName;
    QDateTime m_generated;
    QString m_staleNote;
    mutable std::unique_ptr<ReportDiagram> m_diagram;
    mutable bool m_diagramOwnPages = false;
};

QString ReportPages::portCell(Transport t, const PortRange &ports)
{
    // a range on its own line: "47500-47598" must never break inside
    QString out = transportLabel(t) % (ports.isSingle() ? QLatin1Char(' ') : QLatin1Char('\n')) % ports.toString();
    if (!ports.isSingle())
        out += QLatin1Char('\n') + tr("(%n ports)", nullptr, ports.count());
    return out;
}

QString ReportPages::portsCell(Transport t, const QList<PortRange> &ports)
{
    if (ports.size() == 1)
        return portCell(t, ports.first());
    int count = 0;
    QStringList lines;
    for (const PortRange &r : ports) {
        lines << r.toString();
        count += r.count();
    }
    // a few ranges one per line; a long list of single ports wraps as text
    const QString separator = ports.size() > 4 ? QStringLiteral(", ") : QStringLiteral("\n");
    return transportLabel(t) % QLatin1Char('\n') % lines.join(separator) % QLatin1Char('\n') %
           tr("(%n ports)", nullptr, count);
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
    // The legend is the report's own text beside the chart (firstPage): a chart legend elides what does
    // not fit its share of the width ("SKIPPED 1...").
    chart->legend()->hide();
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
    const QSizeF logical(220.0, 220.0);
    chart->setGeometry(QRectF(QPointF(0, 0), logical));
    scene.setSceneRect(QRectF(QPointF(0, 0), logical));
    scene.render(painter, target, scene.sceneRect(), Qt::KeepAspectRatio);
}

// The diagram's scene as the window draws it (the same model chain: checks -> links -> scene), without its
// own legend, which lists "running": nothing runs on paper; the report prints its legend beside it.
struct ReportDiagram
{
    CheckResultsModel model;
    LinkSummaryModel links;
    DiagramScene scene;
    QRectF bounds;
};

ReportDiagram *ReportPages::diagram() const
{
    if (!m_diagram && qobject_cast<QApplication *>(QCoreApplication::instance())) {
        m_diagram = std::make_unique<ReportDiagram>();
        // A merge has no profile: the tested hosts stand in for the profile's, so the boxes are not "no host".
        Profile shown = m_profile;
        for (const Check &check : m_results.checks)
            if (!check.host.isEmpty() && check.to != ComponentId::localhost && m_profile.hostsOf(check.to).isEmpty() &&
                !shown.hosts.value(check.to).contains(check.host))
                shown.hosts[check.to] << check.host;
        m_diagram->model.setChecks(m_results.checks);
        m_diagram->links.setSourceModel(&m_diagram->model);
        m_diagram->scene.setTopology(m_topology, shown);
        m_diagram->scene.setLinkModel(&m_diagram->links);
        m_diagram->scene.clearSelection();
        QRectF bounds;
        for (QGraphicsItem *item : m_diagram->scene.items()) {
            if (item->parentItem())
                continue;
            if (item->type() == legendItemType)
                item->hide();
            else if (item->isVisible())
                bounds |= item->sceneBoundingRect();
        }
        m_diagram->bounds = bounds.adjusted(-8, -8, 8, 8);
    }
    return m_diagram.get();
}

// source (scene coordinates) into target; rotated: a quarter turn, to use the page's height.
void ReportPages::paintDiagram(ReportCanvas &c, const QRectF &target, const QRectF &source, bool rotated) const
{
    QPainter *p = c.painter();
    ReportDiagram *d = diagram();
    if (!p || !d)
        return;
    if (!rotated) {
        d->scene.render(p, target, source, Qt::KeepAspectRatio);
        return;
    }
    p->save();
    p->translate(target.center());
    p->rotate(-90);
    const QRectF turned(-target.height() / 2, -target.width() / 2, target.height(), target.width());
    d->scene.render(p, turned, source, Qt::KeepAspectRatio);
    p->restore();
}

void ReportPages::diagramPlaceholder(ReportCanvas &c, const QRectF &target) const
{
    if (QPainter *p = c.painter()) {
        p->save();
        p->setPen(QPen(muted, c.pt(0.8), Qt::DashLine));
        p->drawRect(target);
        p->restore();
    }
    c.drawText(target.adjusted(c.pt(12), c.pt(12), -c.pt(12), -c.pt(12)),
               tr("The diagram is not available in this build (it needs the window's diagram and a GUI application). "
                  "Every link is listed in the appendix \"All checks by link\"."),
               c.font(9), muted);
}

// The size on paper, in points, of the diagram's smallest text when the whole diagram is drawn into target.
qreal ReportPages::smallestDiagramText(const ReportCanvas &c, const QSizeF &target) const
{
    const ReportDiagram *d = diagram();
    if (!d || d->bounds.isEmpty())
        return 0;
    const qreal scale = qMin(target.width() / d->bounds.width(), target.height() / d->bounds.height());
    return smallestDiagramTextPx * scale / c.pt(1);
}

void ReportPages::diagramLegend(ReportCanvas &c) const
{
    using S = DiagramStyle::LinkState;
    const QFont font = c.font(7);
    const QRectF row = c.reserve(c.pt(11));
    qreal x = row.left();
    for (const S s : {S::Pass, S::Warn, S::Fail, S::Skipped}) {
        if (QPainter *p = c.painter()) {
            p->save();
            p->setPen(QPen(DiagramStyle::color(s), c.pt(1.6), DiagramStyle::penStyle(s), Qt::FlatCap));
            p->drawLine(QPointF(x, row.center().y()), QPointF(x + c.pt(18), row.center().y()));
            p->restore();
        }
        const QString text = DiagramStyle::glyph(s) + QLatin1Char(' ') + DiagramStyle::stateText(s);
        c.drawText(QRectF(x + c.pt(21), row.top(), c.pt(110), row.height()), text, font);
        x += c.pt(21) + c.pt(7) * 0.62 * text.size() + c.pt(14);
    }
}

// When page 1 cannot show the diagram at a readable size: pages that show it at its smallest text of
// fullSizeTextPt, a quarter turn round when it is wider than tall, in as many tiles as it takes.
void ReportPages::diagramPages(ReportCanvas &c) const
{
    if (!m_diagramOwnPages)
        return;
    const ReportDiagram *d = diagram();
    if (!d)
        return;
    const QRectF scene = d->bounds;
    const bool rotated = scene.width() > scene.height();
    const qreal scale = fullSizeTextPt * c.pt(1) / smallestDiagramTextPx; // device units per scene unit
    const QRectF page = c.contentRect();
    const qreal header = c.pt(40);
    const qreal across = (rotated ? page.height() - header : page.width()) / scale;
    const qreal down = (rotated ? page.width() : page.height() - header) / scale;
    const int cols = qMax(1, int(std::ceil(scene.width() / across)));
    const int rows = qMax(1, int(std::ceil(scene.height() / down)));
    // tiles of equal size, overlapping a little so that no box is cut at the edge without a second view
    const qreal tileW = cols == 1 ? scene.width() : (scene.width() + (cols - 1) * 40) / cols;
    const qreal tileH = rows == 1 ? scene.height() : (scene.height() + (rows - 1) * 40) / rows;
    int n = 0;
    for (int r = 0; r < rows; ++r) {
        for (int col = 0; col < cols; ++col) {
            c.newPage();
            ++n;
            c.heading(cols * rows == 1 ? tr("Diagram at full size")
                                       : tr("Diagram at full size (part %1 of %2)").arg(n).arg(cols * rows));
            diagramLegend(c);
            const QRectF source(scene.left() + col * (tileW - 40), scene.top() + r * (tileH - 40), tileW, tileH);
            const QSizeF size = rotated ? QSizeF(source.height() * scale, source.width() * scale)
                                        : QSizeF(source.width() * scale, source.height() * scale);
            const QRectF area = c.reserve(qMin(size.height(), c.remaining()));
            paintDiagram(c, QRectF(area.topLeft(), size).intersected(area), source, rotated);
        }
    }
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

    // One line per machine for a few machines; a fleet's thousand is summarised per role (the merged JSON's
    // "merged_from" names every one).
    QStringList testedFrom;
    QList<QPair<QString, QList<const ChangeRequest::Source *>>> byRole;
    for (const ChangeRequest::Source &s : cr.testedFrom()) {
        auto it = std::find_if(byRole.begin(), byRole.end(), [&](const auto &p) { return p.first == s.role; });
        if (it == byRole.end())
            byRole.append({s.role, {&s}});
        else
            it->second << &s;
    }
    for (const auto &[role, sources] : std::as_const(byRole)) {
        if (sources.size() > machinesListed) {
            QStringList names;
            for (const ChangeRequest::Source *s : sources.mid(0, 3))
                names << (s->hostname.isEmpty() ? tr("(no hostname)") : s->hostname);
            testedFrom << tr("%1: %n machines (%2 and %3 more; the merged JSON names every one)", nullptr,
                             int(sources.size()))
                              .arg(sources.first()->roleLabel, names.join(QLatin1String(", ")))
                              .arg(sources.size() - names.size());
            continue;
        }
        for (const ChangeRequest::Source *s : sources) {
            if (s->role == Vantage::all) {
                ChangeRequest::Source machine = *s;
                machine.roleLabel.clear();
                testedFrom << machine.describe().trimmed() + tr(", playing every role (--from all)");
            } else {
                testedFrom << s->describe();
            }
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
    c.space(4);
    if (!m_staleNote.isEmpty()) {
        // Results of another profile state must never pass for current ones.
        const QString text = tr("OUT OF DATE: these results do not match the profile as it is now. %1").arg(m_staleNote);
        const QFont font = c.font(10, true);
        const qreal h = c.textHeight(text, font, c.contentRect().width() - c.pt(16)) + c.pt(10);
        const QRectF box = c.reserve(h);
        if (QPainter *p = c.painter()) {
            p->fillRect(box, verdictFill(Verdict::Warn));
            p->fillRect(QRectF(box.left(), box.top(), c.pt(4), box.height()), verdictColor(Verdict::Warn));
        }
        c.drawText(box.adjusted(c.pt(10), c.pt(5), -c.pt(6), 0), text, font);
        c.space(4);
    }

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
    const QRectF chartRect(area.left() + 2 * boxW + c.pt(30), area.top(), area.height(), area.height());
    if (QPainter *p = c.painter(); p && qobject_cast<QApplication *>(QCoreApplication::instance()))
        paintChart(p, chartRect, s);
    // The chart's legend: every count in full, in the width left beside the chart (it wraps, never elides).
    {
        const QFont font = c.font(9, true);
        const qreal left = chartRect.right() + c.pt(14);
        const qreal width = area.right() - left - c.pt(12);
        const qreal rowH = c.pt(16);
        qreal y = area.center().y() - rowH * counts.size() / 2;
        for (const auto &[verdict, count] : counts) {
            const QString text = QStringLiteral("%1  %2").arg(verdictLabel(verdict)).arg(count);
            const qreal h = qMax(rowH, c.textHeight(text, font, width) + c.pt(4));
            if (QPainter *p = c.painter())
                p->fillRect(QRectF(left - c.pt(11), y + c.pt(2.5), c.pt(7), c.pt(7)), verdictColor(verdict));
            c.drawText(QRectF(left, y, width, h), text, font);
            y += h;
        }
    }
    c.space(4);

    c.heading(tr("What this report asks for"), 2);
    QStringList asks;
    if (cr.testedCount() == 0) {
        asks << tr("No check was tested: these results hold no outcome of any flow, so this report cannot say which "
                   "rules to add. Run the checks, then save the report again.");
    } else {
        asks << (cr.ruleCount() > 0
                     ? tr("Add %n firewall rules on the network path (section 1).", nullptr, cr.ruleCount())
                     : tr("No firewall rule needs to be added: no tested connection was dropped on its way."));
        const int fixes = int(cr.serviceFixes().size());
        asks << (fixes > 0 ? tr("Fix %n services or host firewalls: the destination refused or answered wrongly, no "
                                "rule on the path helps (section 2).",
                                nullptr, fixes)
                           : tr("No service or host firewall to fix."));
        asks << (cr.exposures().isEmpty()
                     ? tr("No cluster-internal port answered from outside the Control Room cluster.")
                     : tr("Restrict %n exposed ports to the other Control Room nodes (section 3).", nullptr,
                          int(cr.exposures().size())));
        asks << (cr.tlsFindings().isEmpty()
                     ? tr("No certificate or TLS protocol finding.")
                     : tr("Fix %n certificate or TLS findings (section 4).", nullptr, int(cr.tlsFindings().size())));
        if (!cr.ranges().isEmpty()) {
            const int open = int(std::count_if(cr.ranges().cbegin(), cr.ranges().cend(),
                                               [](const ChangeRequest::RangeSummary &r) { return r.filtered == 0; }));
            asks << tr("Port ranges: the path is open on %1 of %n ranges tested (appendix A, one line per range).",
                       nullptr, int(cr.ranges().size()))
                        .arg(open);
        }
        if (const QString proof = cr.proofSummary(); !proof.isEmpty())
            asks << proof;
    }
    int notRun = 0;
    QStringList reasons;
    for (const auto &[reason, count] : cr.skippedByReason()) {
        notRun += count;
        reasons << tr("%n because %1", nullptr, count).arg(ChangeRequest::skipReasonText(reason));
    }
    if (notRun > 0)
        asks << tr("%n checks were not run: ", nullptr, notRun) + reasons.join(QLatin1String("; ")) +
                    QLatin1Char('.');
    if (!m_results.fleet.isEmpty())
        asks << tr("Merged from %n machines: section 5 shows, per link, how many machines of each group passed and "
                   "names those that failed.",
                   nullptr, int(qMax<qsizetype>(1, m_results.sources.size())));
    asks << tr("Ready-to-paste rules for Windows Firewall, Azure NSG and Google Cloud are in appendix B.");
    for (QString &line : asks)
        line.prepend(bullet);
    c.paragraph(asks.join(QLatin1Char('\n')), 8.5);

    c.heading(tr("Topology as tested"), 2);
    c.paragraph(tr("Each line is one group of flows, coloured by its worst result: green passed, amber warning, red "
                   "failed, grey not tested."),
                8, muted);
    diagramLegend(c);
    const qreal wanted = qMax(c.remaining() - c.pt(12), c.pt(200));
    const QRectF target = c.reserve(qMin(wanted, c.contentRect().height() * 0.6));
    if (!diagram()) {
        diagramPlaceholder(c, target);
        return;
    }
    paintDiagram(c, target, diagram()->bounds, false);
    // Too small to read on A4: pages at a readable size follow.
    const qreal onPage = smallestDiagramText(c, target.size());
    m_diagramOwnPages = onPage > 0 && onPage < minimumDiagramTextPt;
    if (m_diagramOwnPages)
        c.paragraph(tr("This overview is small; the diagram at a readable size follows on the next pages."), 7.5,
                    muted);
}

void ReportPages::rulesSection(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.newPage();
    c.heading(tr("1  Firewall rules to add on the path"));
    if (cr.rules().isEmpty()) {
        c.paragraph(cr.testedCount() == 0
                        ? tr("Nothing to open: no check was tested.")
                        : tr("Nothing to open: no tested connection was dropped on its way (nothing went unanswered)."));
        return;
    }
    c.paragraph(tr("Each row is a rule for the firewalls, security groups and routers between source and destination: "
                   "the connection went unanswered (filtered, no response) or an ICMP admin-prohibited or "
                   "host-unreachable came back. Rows are merged across checks and machines: one per source set, "
                   "destination, transport and port list. A refused port is never here: it reached its host "
                   "(section 2)."),
                8.5);
    if (!m_results.fleet.isEmpty())
        c.paragraph(tr("These are merged results: a rule names the machine whose result won its check (section 5 "
                       "explains the merge). Other machines of the same group that failed the link are counted in "
                       "its evidence and named in section 5; the rule must let them through as well."),
                    8.5);
    QList<ReportCanvas::Row> rows;
    for (const ChangeRequest::Rule &r : cr.rules()) {
        QString source = r.source.shortText();
        const QString note = r.source.note();
        if (!note.isEmpty())
            source += QLatin1Char('\n') + note;
        if (r.via == QLatin1String("proxy"))
            source += QLatin1Char('\n') + tr("through the HTTP proxy");
        QString dest = r.toLabel + QLatin1Char('\n') + r.host;
        if (!r.address.isEmpty() && r.address != r.host)
            dest += QLatin1Char('\n') + r.address;
        QString evidence = r.evidence.join(QLatin1Char('\n')) + QLatin1Char('\n') +
                           tr("tested from %1").arg(r.testedFrom.join(QLatin1String(", ")));
        // Merged results: the rule names the machines whose results won; the others that failed need it too.
        const QString linkId = Check::linkIdOf(r.fromRole, r.toRole);
        for (const FleetTally &t : m_results.fleet)
            if (t.linkId == linkId && t.decides && t.fail > int(r.testedFrom.size()))
                evidence +=
                    QLatin1Char('\n') +
                    tr("%1 machines: %2 (section 5)").arg(DisplayNames::role(m_topology, t.role), t.sentence(3));
        rows << ReportCanvas::Row{{r.id, {}, true},
                                  {source},
                                  {dest},
                                  {portsCell(r.transport, r.ports)},
                                  {r.services.join(QLatin1String(", ")) + QLatin1Char('\n') +
                                   r.purposes.join(QLatin1String("; "))},
                                  {evidence, verdictFill(Verdict::Fail)},
                                  {r.actionText(), {}, true}};
    }
    c.table({{tr("Rule"), 0.5},
             {tr("Source"), 1.45},
             {tr("Destination"), 1.4},
             {tr("Port"), 1.0},
             {tr("Service and purpose"), 1.5},
             {tr("Evidence"), 1.45},
             {tr("Rule to add"), 2.0}},
            rows);
}

void ReportPages::serviceSection(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.heading(tr("2  Services or host firewalls to fix"));
    if (cr.serviceFixes().isEmpty()) {
        c.paragraph(tr("None: every destination that was reached answered as the service it should be."));
        return;
    }
    c.paragraph(tr("These failures reached the destination host: it refused the port (TCP reset or ICMP port "
                   "unreachable: nothing listens, or its own firewall rejects), answered as something else, or the "
                   "name does not resolve. No rule on the network path fixes them; send them to the owner of each "
                   "server. Loopback services of a Control Room node are always here."),
                8.5);
    QList<ReportCanvas::Row> rows;
    for (const ChangeRequest::ServiceFix &f : cr.serviceFixes()) {
        QString dest = f.toLabel + QLatin1Char('\n') + f.host;
        if (!f.address.isEmpty() && f.address != f.host)
            dest += QLatin1Char('\n') + f.address;
        const QString evidence =
            f.observed() + QLatin1Char('\n') + tr("tested from %1").arg(f.testedFrom.join(QLatin1String(", ")));
        rows << ReportCanvas::Row{{f.id, {}, true},
                                  {dest},
                                  {portsCell(f.transport, f.ports)},
                                  {f.service + QLatin1Char('\n') + f.purpose},
                                  {evidence, verdictFill(Verdict::Fail)},
                                  {f.actionText()}};
    }
    c.table({{tr("Fix"), 0.5},
             {tr("Destination"), 1.5},
             {tr("Port"), 1.0},
             {tr("Service and purpose"), 1.6},
             {tr("Evidence"), 1.9},
             {tr("What to do"), 2.8}},
            rows);
}

void ReportPages::exposureSection(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.heading(tr("3  Exposure findings"));
    if (cr.exposures().isEmpty()) {
        c.paragraph(tr("None: no cluster-internal port answered from outside the Control Room cluster (or no machine "
                       "outside the cluster ran the exposure checks)."));
        return;
    }
    c.paragraph(tr("The Control Room nodes use these ports to talk to each other only. They answered a machine outside "
                   "the cluster (named with the address its probe left from), so anything on that network can reach "
                   "internal services. The smallest restriction: allow them from the other Control Room nodes only."),
                8.5);
    QList<ReportCanvas::Row> rows;
    for (const ChangeRequest::Exposure &e : cr.exposures()) {
        QString node = e.host;
        if (!e.address.isEmpty() && e.address != e.host)
            node += QLatin1Char('\n') + e.address;
        rows << ReportCanvas::Row{{e.id, {}, true},
                                  {node},
                                  {portCell(e.transport, e.ports)},
                                  {e.purpose},
                                  {e.reachedFrom() + QLatin1Char('\n') + tr("open (%1)").arg(e.reason),
                                   verdictFill(Verdict::Fail)},
                                  {e.actionText(), {}, true}};
    }
    c.table({{tr("Exposure"), 0.85},
             {tr("Control Room node"), 1.4},
             {tr("Port"), 1.1},
             {tr("What it is"), 2.0},
             {tr("Reached from (vantage, address)"), 1.6},
             {tr("Smallest restriction"), 2.6}},
            rows);
}

void ReportPages::tlsSection(ReportCanvas &c) const
{
    const ChangeRequest &cr = m_request;
    c.heading(tr("4  TLS findings"));
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
        rows << ReportCanvas::Row{{f.id, {}, true},
                                  {endpoint + QLatin1Char('\n') + f.service},
                                  {f.findings().join(QLatin1Char('\n')), verdictFill(f.verdict)},
                                  {cert.join(QLatin1Char('\n'))},
                                  {verdictLabel(f.verdict), verdictFill(f.verdict), true},
                                  {f.actionText()}};
    }
    c.table({{tr("Finding"), 0.5},
             {tr("Endpoint"), 1.9},
             {tr("What is wrong"), 1.8},
             {tr("Certificate"), 2.2},
             {tr("Result"), 0.7},
             {tr("Action"), 2.0}},
            rows);
}

QString ReportPages::linkTitle(const QString &linkId) const
{
    for (const ChangeRequest::Link &link : m_request.links())
        if (link.id == linkId)
            return link.title;
    const int arrow = int(linkId.indexOf(QLatin1Char('>')));
    return DisplayNames::role(m_topology, linkId.left(arrow)) % QStringLiteral(" \u2192 ") %
           DisplayNames::role(m_topology, linkId.mid(arrow + 1));
}

// A group of machines' outcome on a link: the worst verdict any of them saw.
Verdict tallyVerdict(const FleetTally &t)
{
    return t.fail > 0 ? Verdict::Fail : t.warn > 0 ? Verdict::Warn : t.pass > 0 ? Verdict::Pass : Verdict::Skipped;
}

// Merged results (issue 15): for each diagram link, one line per group of machines (vantage role) with how
// many passed, never one row per machine (the CSV and the JSON's "vantage_checks" have those). Where the
// machines disagree, every group is shown and a last line says which result the sections above used.
void ReportPages::fleetSection(ReportCanvas &c) const
{
    if (m_results.fleet.isEmpty())
        return;
    c.heading(tr("5  Fleet: each link as every machine saw it"));
    QList<QPair<QString, int>> roles;
    for (const RunResults &run : m_results.sources) {
        auto it = std::find_if(roles.begin(), roles.end(), [&](const auto &p) { return p.first == run.vantage.role; });
        if (it == roles.end())
            roles << qMakePair(run.vantage.role, 1);
        else
            ++it->second;
    }
    QStringList groups;
    for (const auto &[role, count] : std::as_const(roles))
        groups << tr("%n %1", nullptr, count).arg(DisplayNames::role(m_topology, role));
    QString intro;
    if (!groups.isEmpty())
        intro = tr("These results merge the runs of %n machines (%1). ", nullptr, int(m_results.sources.size()))
                    .arg(groups.join(QLatin1String(", ")));
    intro += tr("For each link of the diagram, every group of machines that tested it has one line: how many of them "
                "passed, judged by each machine's worst result on the link, and the names of those that failed or "
                "warned (up to %n of each are kept). Every check of every machine is in the merged CSV and in the "
                "merged JSON (\"vantage_checks\").",
                nullptr, FleetTally::namesKept);
    if (m_results.vantageCheckCount > 0)
        intro += QLatin1Char(' ') + tr("They hold %n checks.", nullptr,
                                       int(qMin<qint64>(m_results.vantageCheckCount, std::numeric_limits<int>::max())));
    c.paragraph(intro, 8.5);
    c.paragraph(tr("How the merge decides: for each flow, host and port the result of a machine of the flow's own "
                   "source wins (a Bot Agent's for a Bot Agent flow; then a run playing every role); for the exposure "
                   "checks, which every machine outside the Control Room cluster runs, the worst verdict any of them "
                   "saw wins. Of equal machines the worst result wins, so that a failure seen anywhere is not hidden. "
                   "Sections 1 to 4 and appendix A are built from these winners; the groups marked \"decides\" are "
                   "the machines whose results can win. Where the machines of a link disagree, every group is shown "
                   "and the line \"Merged result\" says which result decided."),
                8.5);

    QStringList order;
    for (const ChangeRequest::Link &link : m_request.links())
        order << link.id;
    QHash<QString, QList<const FleetTally *>> byLink;
    for (const FleetTally &t : m_results.fleet) {
        if (!byLink.contains(t.linkId) && !order.contains(t.linkId))
            order << t.linkId;
        byLink[t.linkId] << &t;
    }
    QHash<QString, Verdict> decided;
    for (const ChangeRequest::Link &link : m_request.links())
        decided.insert(link.id, link.worst);

    QList<ReportCanvas::Row> rows;
    int conflicts = 0;
    for (const QString &linkId : std::as_const(order)) {
        const QList<const FleetTally *> tallies = byLink.value(linkId);
        if (tallies.isEmpty())
            continue;
        QSet<int> outcomes;
        bool split = false;
        const FleetTally *decider = nullptr;
        for (const FleetTally *t : tallies) {
            outcomes.insert(int(tallyVerdict(*t)));
            split = split || !t->unanimous();
            if (t->decides && !decider)
                decider = t;
        }
        bool first = true;
        for (const FleetTally *t : tallies) {
            QString role = DisplayNames::role(m_topology, t->role);
            if (t->decides)
                role += QLatin1Char('\n') + tr("decides");
            const Verdict v = tallyVerdict(*t);
            rows << ReportCanvas::Row{{first ? linkTitle(linkId) : QString(), {}, true},
                                      {role, {}, t->decides},
                                      {t->sentence(FleetTally::namesKept)},
                                      {verdictLabel(v), verdictFill(v), true}};
            first = false;
        }
        if (!split && outcomes.size() < 2)
            continue;
        ++conflicts;
        const Verdict result = decided.value(linkId, decider ? tallyVerdict(*decider) : Verdict::Skipped);
        QString note;
        if (linkId.startsWith(Vantage::outside + QLatin1Char('>')))
            note = tr("The machines disagree. Exposure checks: the worst verdict any machine outside the cluster saw "
                      "decided, %1.")
                       .arg(verdictLabel(result));
        else if (decider && decider->unanimous())
            note = tr("The machines disagree. The %1 machines decided (the flow's own source): %2; the other groups "
                      "are shown for information.")
                       .arg(DisplayNames::role(m_topology, decider->role), verdictLabel(result));
        else if (decider)
            note = tr("The machines disagree. The %1 machines decided (the flow's own source), and of their results "
                      "the worst: %2.")
                       .arg(DisplayNames::role(m_topology, decider->role), verdictLabel(result));
        else
            note = tr("The machines disagree. No machine of the flow's own source tested it; a run playing every role "
                      "comes first, then the others, the worst result of equals: %1.")
                       .arg(verdictLabel(result));
        rows << ReportCanvas::Row{
            {QString()}, {tr("Merged result"), {}, true}, {note}, {verdictLabel(result), verdictFill(result), true}};
    }
    if (conflicts > 0)
        c.paragraph(tr("Links where the machines disagree: %1 (each with a \"Merged result\" line).").arg(conflicts),
                    8.5, muted);
    c.table({{tr("Link"), 1.7}, {tr("Tested from"), 1.1}, {tr("Machines"), 4.4}, {tr("Result"), 0.75}}, rows, 7.5);
}

// Consecutive ports of one host with the same outcome read as one line: "47100-47200 (101 checks)"; a
// port range whose path is what counts (expect reachable) is one line whatever its ports did; checks
// that were not run are summarised by reason above the table instead.
QList<ReportCanvas::Row> ReportPages::checkRows(const QList<Check> &checks) const
{
    struct Group
    {
        const Check *first;
        quint16 last;
        int count;
        double minMs;
        double maxMs;
        const ChangeRequest::RangeSummary *range;
    };
    QHash<QString, const ChangeRequest::RangeSummary *> ranges;
    for (const ChangeRequest::RangeSummary &r : m_request.ranges())
        ranges.insert(r.flowId % QLatin1Char('|') % r.host % QLatin1Char('|') % r.address % QLatin1Char('|') % r.via,
                      &r);
    QSet<const ChangeRequest::RangeSummary *> rangeShown;
    QList<Group> groups;
    // Checks that may share a row: the same flow, host, address and outcome. The open row of each such key
    // grows by consecutive ports even when another address's checks come in between (a dual-stack name's
    // checks alternate between its addresses port by port).
    auto sameKey = [](const Check &c) -> QString {
        return c.flowId % QLatin1Char('\x1f') % c.host % QLatin1Char('\x1f') % c.address % QLatin1Char('\x1f') %
               QString::number(int(c.transport)) % QLatin1Char('\x1f') % c.via % QLatin1Char('\x1f') %
               QString::number(int(c.state)) % QLatin1Char('\x1f') % c.reason % QLatin1Char('\x1f') %
               QString::number(int(c.service)) % QLatin1Char('\x1f') % QString::number(int(c.verdict)) %
               QLatin1Char('\x1f') % c.detail;
    };
    QHash<QString, qsizetype> openGroup;
    for (const Check &c : checks) {
        if (c.state == CheckState::NotTested)
            continue;
        if (c.expect == Expectation::Reachable) {
            const ChangeRequest::RangeSummary *r = ranges.value(c.flowId % QLatin1Char('|') % c.host %
                                                                QLatin1Char('|') % c.address % QLatin1Char('|') % c.via);
            if (r) {
                if (!rangeShown.contains(r)) {
                    rangeShown.insert(r);
                    groups << Group{&c, c.port, r->tested, c.latencyMs, c.latencyMs, r};
                } else if (c.latencyMs >= 0) {
                    for (Group &g : groups)
                        if (g.range == r) {
                            g.minMs = g.minMs < 0 ? c.latencyMs : qMin(g.minMs, c.latencyMs);
                            g.maxMs = qMax(g.maxMs, c.latencyMs);
                        }
                }
                continue;
            }
        }
        const QString key = c.portRange.isEmpty() ? sameKey(c) : QString();
        const auto open = key.isEmpty() ? openGroup.cend() : openGroup.constFind(key);
        if (open != openGroup.cend() && int(groups.at(*open).last) + 1 == int(c.port)) {
            Group &g = groups[*open];
            g.last = c.port;
            ++g.count;
            if (c.latencyMs >= 0) {
                g.minMs = g.minMs < 0 ? c.latencyMs : qMin(g.minMs, c.latencyMs);
                g.maxMs = qMax(g.maxMs, c.latencyMs);
            }
            continue;
        }
        if (!key.isEmpty())
            openGroup.insert(key, groups.size());
        groups << Group{&c, c.port, 1, c.latencyMs, c.latencyMs, nullptr};
    }
    QList<ReportCanvas::Row> rows;
    QString previousHost;
    for (const Group &g : std::as_const(groups)) {
        const Check &c = *g.first;
        QString port = c.portRange.isEmpty() ? QString::number(c.port) : c.portRange;
        if (g.range)
            port = g.range->ports.toString() % QLatin1Char('\n') % tr("(%n ports)", nullptr, g.range->tested);
        else if (g.count > 1)
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
        Verdict verdict = c.verdict;
        QString service = serviceName(c.service);
        if (g.range) {
            state = g.range->text();
            detail = g.range->filtered > 0 ? tr("The ports that went unanswered are rules to add (section 1).")
                                           : tr("The path is open; the Control Room listens on the ports that answer.");
            verdict = g.range->worst;
            service = tr("path");
        }
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
                                  {service},
                                  {detail},
                                  {ms},
                                  {verdictLabel(verdict), verdictFill(verdict), true}};
    }
    return rows;
}

void ReportPages::appendixChecks(ReportCanvas &c) const
{
    c.newPage();
    c.heading(tr("Appendix A  All checks by link"));
    c.paragraph(tr("Every check of the run, grouped as the diagram groups them. Consecutive ports of a host with the "
                   "same result share a row; a port range whose path is tested is one row. Checks that were not run "
                   "are counted by reason. Latency is the connect time in milliseconds."),
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
        if (const QString proof = link.proof.text(); !proof.isEmpty())
            c.paragraph(proof, 7.5);
        QStringList fleet;
        for (const FleetTally &t : m_results.fleet)
            if (t.linkId == link.id)
                fleet << tr("%1%2: %3")
                             .arg(DisplayNames::role(m_topology, t.role), t.decides ? tr(" (decides)") : QString(),
                                  t.sentence(3));
        if (!fleet.isEmpty())
            c.paragraph(tr("Machines (section 5):") + QLatin1Char('\n') + fleet.join(QLatin1Char('\n')), 7.5);
        QList<QPair<QString, int>> notRun;
        for (const Check &check : link.checks) {
            if (check.state != CheckState::NotTested)
                continue;
            const QString reason = check.reason.isEmpty() ? QStringLiteral("not-run") : check.reason;
            auto it = std::find_if(notRun.begin(), notRun.end(), [&](const auto &p) { return p.first == reason; });
            if (it == notRun.end())
                notRun << qMakePair(reason, 1);
            else
                ++it->second;
        }
        QStringList lines;
        for (const auto &[reason, count] : std::as_const(notRun))
            lines << tr("Not run: %n checks, because %1.", nullptr, count).arg(ChangeRequest::skipReasonText(reason));
        if (!lines.isEmpty())
            c.paragraph(lines.join(QLatin1Char('\n')), 7.5, muted);
        const QList<ReportCanvas::Row> rows = checkRows(link.checks);
        if (rows.isEmpty())
            continue;
        c.table({{tr("Host"), 1.45},
                 {tr("Port"), 0.95},
                 {tr("Service"), 0.9},
                 {tr("State (reason)"), 1.45},
                 {tr("Check"), 0.75},
                 {tr("Detail"), 2.4},
                 {tr("ms"), 0.5},
                 {tr("Result"), 0.8}},
                rows, 7);
    }
}

void ReportPages::appendixSources(ReportCanvas &c) const
{
    QList<const ChangeRequest::Rule *> groups;
    for (const ChangeRequest::Rule &r : m_request.rules())
        if (r.source.isGroup())
            groups << &r;
    if (groups.isEmpty())
        return;
    c.newPage();
    c.heading(tr("Appendix C  Rule sources"));
    c.paragraph(tr("The full source list of each rule whose sources are named as a group in section 1."), 8.5);
    for (const ChangeRequest::Rule *r : std::as_const(groups)) {
        c.heading(r->id + QStringLiteral("  ") + r->source.roleLabel +
                      tr(" (%n sources)", nullptr, int(r->source.addresses.size())),
                  2);
        c.code(r->source.addresses.join(QLatin1Char('\n')));
    }
}

void ReportPages::appendixRules(ReportCanvas &c) const
{
    c.newPage();
    c.heading(tr("Appendix B  Rule snippets"));
    c.paragraph(tr("The rules of sections 1 and 3 as commands, one per row, named after the row they come from (R1, "
                   "E1...). Review them before use: sources are the addresses the probes left from (or the profile's "
                   "hosts for a run made from elsewhere), and values in <angle brackets> must be replaced. The same "
                   "text is available as a copyable export."),
                8.5);
    for (const RuleDialect d : RuleSnippets::dialects()) {
        c.heading(RuleSnippets::title(d), 2);
        c.code(RuleSnippets::generate(m_request, d, m_profileName).trimmed());
    }
}

void ReportPages::paint(ReportCanvas &c) const
{
    firstPage(c);
    diagramPages(c);
    rulesSection(c);
    serviceSection(c);
    exposureSection(c);
    tlsSection(c);
    fleetSection(c);
    appendixChecks(c);
    appendixRules(c);
    appendixSources(c);
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

    const ChangeRequest request = ChangeRequest::build(results, topology, &profile);
    const ReportPages pages(results, topology, profile, request,
                            results.profileName.isEmpty() ? profile.name : results.profileName,
                            settings.generated.isValid() ? settings.generated : QDateTime::currentDateTimeUtc(),
                            settings.staleNote);

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


QString ChangeRequestReport::defaultFileName(const QString &profileName, const QDate &date)
{
    // Characters no file system of the three platforms takes, and control characters, become a hyphen.
    QString name;
    for (const QChar ch : profileName.simplified()) {
        if (ch.unicode() < 0x20 || QStringLiteral("<>:\"/\\|?*").contains(ch))
            name += QLatin1Char('-');
        else
            name += ch;
    }
    while (name.endsWith(QLatin1Char('.')) || name.endsWith(QLatin1Char(' ')))
        name.chop(1);
    if (name.isEmpty())
        name = QStringLiteral("Topocheck");
    const QDate day = date.isValid() ? date : QDate::currentDate();
    return tr("%1 - firewall change request %2.pdf").arg(name, day.toString(Qt::ISODate));
}
