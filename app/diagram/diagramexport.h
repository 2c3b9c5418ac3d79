#pragma once

#include "profile.h"
#include "runresults.h"
#include "topologytemplate.h"

#include <QCoreApplication>
#include <QString>

class DiagramScene;

// The diagram coloured by a run's results, as an SVG (vector) or PNG file. Both writes are atomic.
class DiagramExport
{
    Q_DECLARE_TR_FUNCTIONS(DiagramExport)

public:
    static bool writeSvg(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                         const QString &path, QString *error);
    static bool writePng(const RunResults &results, const TopologyTemplate &topology, const Profile &profile,
                         const QString &path, QString *error);
    // The same, from a scene already on screen.
    static bool writeSvg(DiagramScene *scene, const QString &title, const QString &path, QString *error);
    static bool writePng(DiagramScene *scene, const QString &path, QString *error, qreal scale = 2.0);
};
