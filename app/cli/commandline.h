#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QCommandLineParser;

// CONTRACT.md's command line, parsed. Shared by the window and the headless runs.
struct CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    enum class Mode { Gui, Headless, Merge, Listen, ExportTemplate, Version, Help };

    Mode mode = Mode::Gui;
    QString profilePath; // --profile, or the positional PROFILE.json of the window
    QString from;        // --from ROLE|all ("" = the profile's vantage, else all)
    QString jsonPath;    // --json ('-' = stdout)
    QString pdfPath;
    QString csvPath;
    QString svgPath;
    int timeoutMs = 0;   // 0 = the profile's
    int concurrency = 0; // 0 = the profile's
    bool preinstall = false;
    bool expectListener = false; // --expect-listener: a connection without a listener's banner is not a pass
    QString listenRole;          // --listen --as ROLE
    int durationS = 1800;        // --duration-s (--listen)
    QStringList listenAddresses; // --address, each a valid IPv4 or IPv6 address (--listen; empty = any)
    QStringList mergeInputs;
    QString templateId;  // --export-template
    QString helpText;
    QString error;       // a usage error: exit 2

    bool wantsGuiToolkit() const { return mode == Mode::Gui || !pdfPath.isEmpty() || !svgPath.isEmpty(); }

    static CommandLine parse(const QStringList &arguments);
};
