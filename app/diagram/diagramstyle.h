#pragma once

#include "checkstatus.h"
#include "linksummarymodel.h"

#include <QColor>
#include <QCoreApplication>
#include <QPen>
#include <QString>

// How the diagram draws things. The colours are chosen to print well on white paper; each
// verdict also has a line style and a glyph, so the diagram reads without colour. The verdict
// colours and glyphs are VerdictPalette's; the states are the link model's.
class DiagramStyle
{
    Q_DECLARE_TR_FUNCTIONS(DiagramStyle)

public:
    using LinkState = LinkSummaryModel::LinkState;

    static LinkState stateFor(Verdict verdict);
    static QColor color(LinkState state);
    static Qt::PenStyle penStyle(LinkState state);
    static QString glyph(LinkState state);
    static QString stateText(LinkState state);

    static QColor vendorFill() { return QColor(0xfd, 0xe4, 0xcc); }
    static QColor vendorBorder() { return QColor(0xe0, 0x6a, 0x00); }
    static QColor customerFill() { return QColor(0xdb, 0xe8, 0xf7); }
    static QColor customerBorder() { return QColor(0x1f, 0x5f, 0xa8); }
    static QColor boxText() { return QColor(0x1b, 0x1f, 0x24); }
    static QColor selection() { return QColor(0x6a, 0x3d, 0xc8); }
};
