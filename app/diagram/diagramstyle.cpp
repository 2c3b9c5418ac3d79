#include "diagramstyle.h"

#include <QCoreApplication>

DiagramStyle::LinkState DiagramStyle::stateFor(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return LinkState::Pass;
    case Verdict::Warn:
        return LinkState::Warn;
    case Verdict::Fail:
        return LinkState::Fail;
    case Verdict::Skipped:
        break;
    }
    return LinkState::Skipped;
}

QColor DiagramStyle::color(LinkState state)
{
    switch (state) {
    case LinkState::Idle:
        return QColor(0x7a, 0x84, 0x90);
    case LinkState::Running:
        return QColor(0x1e, 0x88, 0xe5);
    case LinkState::Pass:
        return QColor(0x2e, 0x7d, 0x32);
    case LinkState::Warn:
        return QColor(0xe0, 0x8e, 0x00);
    case LinkState::Fail:
        return QColor(0xc6, 0x28, 0x28);
    case LinkState::Skipped:
        break;
    }
    return QColor(0xa0, 0xa4, 0xaa);
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
    case LinkState::Pass:
        return QStringLiteral("\u2713"); // check mark
    case LinkState::Warn:
        return QStringLiteral("!");
    case LinkState::Fail:
        return QStringLiteral("\u2715"); // multiplication x
    case LinkState::Skipped:
        return QStringLiteral("\u2013");
    case LinkState::Running:
        return QStringLiteral("\u2026");
    case LinkState::Idle:
        break;
    }
    return {};
}

QString DiagramStyle::stateText(LinkState state)
{
    switch (state) {
    case LinkState::Idle:
        return QCoreApplication::translate("DiagramStyle", "not run yet");
    case LinkState::Running:
        return QCoreApplication::translate("DiagramStyle", "running");
    case LinkState::Pass:
        return QCoreApplication::translate("DiagramStyle", "pass");
    case LinkState::Warn:
        return QCoreApplication::translate("DiagramStyle", "warn");
    case LinkState::Fail:
        return QCoreApplication::translate("DiagramStyle", "fail");
    case LinkState::Skipped:
        break;
    }
    return QCoreApplication::translate("DiagramStyle", "skipped or not tested");
}
