#pragma once

#include "checkstatus.h"

#include <QString>

// The verdict colours and glyphs of the window, the diagram, the report and any HTML: one amber,
// one green, one red. Colours are "#rrggbb" names (QColor reads them; core links no Qt Gui). Each
// verdict also has a glyph, so nothing relies on colour alone.
class VerdictPalette
{
public:
    static QString color(Verdict verdict);   // strokes and text on white or dark backgrounds
    static QString fill(Verdict verdict);    // light cell backgrounds in tables
    static QString glyph(Verdict verdict);   // "✓", "!", "✕", "–"
    static QString runningColor();           // a check in flight
    static QString idleColor();              // planned, not run yet
    // "<span style='color:#2e7d32'>✓ 12 pass</span>": a verdict count for rich text
    static QString html(Verdict verdict, const QString &text);
};
