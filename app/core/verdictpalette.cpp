#include "verdictpalette.h"

QString VerdictPalette::color(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("#2e7d32");
    case Verdict::Warn:
        return QStringLiteral("#e08e00");
    case Verdict::Fail:
        return QStringLiteral("#c62828");
    case Verdict::Skipped:
        break;
    }
    return QStringLiteral("#a0a4aa");
}

QString VerdictPalette::fill(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("#dcefdd");
    case Verdict::Warn:
        return QStringLiteral("#fdedc8");
    case Verdict::Fail:
        return QStringLiteral("#f7d4d1");
    case Verdict::Skipped:
        break;
    }
    return QStringLiteral("#eaeaea");
}

QString VerdictPalette::glyph(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("\u2713");
    case Verdict::Warn:
        return QStringLiteral("!");
    case Verdict::Fail:
        return QStringLiteral("\u2715");
    case Verdict::Skipped:
        break;
    }
    return QStringLiteral("\u2013");
}

QString VerdictPalette::runningColor()
{
    return QStringLiteral("#1e88e5");
}

QString VerdictPalette::idleColor()
{
    return QStringLiteral("#7a8490");
}

QString VerdictPalette::html(Verdict verdict, const QString &text)
{
    return QStringLiteral("<span style='color:") + color(verdict) + QStringLiteral("'>") + glyph(verdict)
        + QLatin1Char(' ') + text.toHtmlEscaped() + QStringLiteral("</span>");
}
