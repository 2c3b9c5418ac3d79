#include "diagramstyle.h"

#include "displaynames.h"
#include "verdictpalette.h"

namespace {
// The verdict a state is drawn like; running and idle have colours of their own.
Verdict verdictOf(DiagramStyle::LinkState state)
{
    switch (state) {
    case DiagramStyle::LinkState::Pass:
        return Verdict::Pass;
    case DiagramStyle::LinkState::Warn:
        return Verdict::Warn;
    case DiagramStyle::LinkState::Fail:
        return Verdict::Fail;
    default:
        break;
    }
    return Verdict::Skipped;
}
} // namespace

DiagramStyle::LinkState DiagramStyle::stateFor(Verdict verdict)
{
    return LinkSummaryModel::stateFor(verdict);
}

QColor DiagramStyle::color(LinkState state)
{
    return QColor(LinkSummaryModel::stateColor(state));
}

Qt::PenStyle DiagramStyle::penStyle(LinkState state)
{
    switch (state) {
    case LinkState::Idle:
    case LinkState::Pass:
        return Qt::SolidLine;
    case LinkState::Running:
    case LinkState::Warn:
        return Qt::DashLine;
    case LinkState::Fail:
        return Qt::DashDotLine;
    case LinkState::Skipped:
        break;
    }
    return Qt::DotLine;
}

QString DiagramStyle::glyph(LinkState state)
{
    switch (state) {
    case LinkState::Running:
        return QStringLiteral("\u2026");
    case LinkState::Idle:
        return {};
    default:
        break;
    }
    return VerdictPalette::glyph(verdictOf(state));
}

QString DiagramStyle::stateText(LinkState state)
{
    switch (state) {
    case LinkState::Idle:
        return tr("not run yet");
    case LinkState::Running:
        return tr("running");
    case LinkState::Pass:
    case LinkState::Warn:
    case LinkState::Fail:
        return DisplayNames::verdict(verdictOf(state));
    case LinkState::Skipped:
        break;
    }
    return tr("skipped or not tested");
}
