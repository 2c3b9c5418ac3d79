#include "commandline.h"

#include <QCommandLineParser>
#include <QHostAddress>

namespace {
bool parseCount(const QCommandLineParser &parser, const QString &name, int min, int max, int *out, QString *error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const QString text = parser.value(name);
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max) {
        *error = CommandLine::tr("--%1: \"%2\" is not a number from %3 to %4").arg(name, text).arg(min).arg(max);
        return false;
    }
    *out = value;
    return true;
}
} // namespace

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine cl;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Topocheck tests every firewall rule and service an Automation 360 deployment needs.\n\n"
           "  topocheck [PROFILE.json]                     open the window\n"
           "  topocheck --headless --profile PROFILE.json  run every check once, no window\n"
           "  topocheck --merge RESULTS.json... [--json FILE]  join results from several machines\n"
           "  topocheck --listen --profile PROFILE.json --as ROLE [--duration-s N] [--address ADDR]...\n"
           "                                               before installing: hold every port ROLE must\n"
           "                                               accept, so other machines prove each firewall path\n"
           "  topocheck --export-template ID               print a built-in template\n\n"
           "Exit status of --headless and --merge: 0 no check failed, 1 a check failed, 2 unusable input,\n"
           "130 interrupted (Ctrl-C, SIGTERM; no output file is left half-written).\n"
           "Exit status of --listen: 0 stopped normally, 1 no port could be held, 2 unusable input."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")}, tr("Show the version."));
    const QCommandLineOption headless(QStringLiteral("headless"), tr("Run every check once, without a window."));
    const QCommandLineOption profile(QStringLiteral("profile"), tr("The site profile (topocheck-profile/1)."), tr("PROFILE.json"));
    const QCommandLineOption from(QStringLiteral("from"), tr("The role of this machine, or all (default: the profile's vantage, else all)."), tr("ROLE|all"));
    const QCommandLineOption json(QStringLiteral("json"), tr("Write results (topocheck-results/1); '-' for stdout."), tr("FILE"));
    const QCommandLineOption pdf(QStringLiteral("pdf"), tr("Write the change-request report."), tr("FILE"));
    const QCommandLineOption csv(QStringLiteral("csv"), tr("Write one row per check."), tr("FILE"));
    const QCommandLineOption svg(QStringLiteral("svg"), tr("Write the diagram, coloured by the results."), tr("FILE"));
    const QCommandLineOption timeout(QStringLiteral("timeout-ms"), tr("Per-probe connect/handshake timeout (overrides the profile)."), tr("N"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"), tr("Probes in flight at once (overrides the profile)."), tr("N"));
    const QCommandLineOption preinstall(QStringLiteral("preinstall"), tr("On a Control Room node before installing: are its ports free?"));
    const QCommandLineOption expectListener(QStringLiteral("expect-listener"), tr("The destinations run --listen: a connection without the listener's banner is not a pass."));
    const QCommandLineOption listen(QStringLiteral("listen"), tr("Before installing: hold every port the role of --as must accept open, with a Topocheck listener (TCP and UDP), until --duration-s ends or Ctrl-C."));
    const QCommandLineOption listenAs(QStringLiteral("as"), tr("The role this machine listens for (--listen)."), tr("ROLE"));
    const QCommandLineOption duration(QStringLiteral("duration-s"), tr("How long --listen holds the ports (default 1800)."), tr("N"));
    const QCommandLineOption address(QStringLiteral("address"), tr("An address of this machine to listen on (--listen; repeatable; default all, IPv4 and IPv6)."), tr("ADDR"));
    const QCommandLineOption merge(QStringLiteral("merge"), tr("Join results from several machines (the files follow as arguments)."));
    const QCommandLineOption exportTemplate(QStringLiteral("export-template"), tr("Print a built-in template on stdout."), tr("ID"));
    parser.addOptions({help, version, headless, profile, from, json, pdf, csv, svg, timeout, concurrency, preinstall, expectListener, listen, listenAs, duration, address, merge, exportTemplate});
    parser.addPositionalArgument(QStringLiteral("files"), tr("PROFILE.json for the window, RESULTS.json... with --merge."), tr("[FILE...]"));
    // Parsed before QCoreApplication exists, so Qt cannot know the program's name yet.
    cl.helpText = parser.helpText().replace(QLatin1String("<executable_name>"), QLatin1String("topocheck"));

    if (!parser.parse(arguments)) {
        cl.error = parser.errorText();
        return cl;
    }
    cl.profilePath = parser.value(profile);
    cl.from = parser.value(from);
    cl.jsonPath = parser.value(json);
    cl.pdfPath = parser.value(pdf);
    cl.csvPath = parser.value(csv);
    cl.svgPath = parser.value(svg);
    cl.preinstall = parser.isSet(preinstall);
    cl.templateId = parser.value(exportTemplate);
    cl.expectListener = parser.isSet(expectListener);
    cl.listenRole = parser.value(listenAs);
    if (!parseCount(parser, duration.names().constFirst(), 1, 7 * 24 * 3600, &cl.durationS, &cl.error))
        return cl;
    for (const QString &text : parser.values(address)) {
        QString bare = text.trimmed();
        if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']')))
            bare = bare.mid(1, bare.size() - 2);
        if (QHostAddress(bare).isNull()) {
            cl.error = tr("--address: \"%1\" is not an IPv4 or IPv6 address").arg(text);
            return cl;
        }
        cl.listenAddresses << bare;
    }
    if (!parseCount(parser, timeout.names().constFirst(), 50, 600000, &cl.timeoutMs, &cl.error)
        || !parseCount(parser, concurrency.names().constFirst(), 1, 4096, &cl.concurrency, &cl.error))
        return cl;

    const QStringList positional = parser.positionalArguments();
    const int modes = int(parser.isSet(headless)) + int(parser.isSet(merge)) + int(parser.isSet(exportTemplate))
        + int(parser.isSet(listen));
    if (modes > 1) {
        cl.error = tr("--headless, --merge, --listen and --export-template exclude each other");
        return cl;
    }
    if (!parser.isSet(listen)) {
        for (const QCommandLineOption &option : {listenAs, duration, address}) {
            if (parser.isSet(option)) {
                cl.error = tr("--%1 goes with --listen").arg(option.names().constFirst());
                return cl;
            }
        }
    }
    if (parser.isSet(help)) {
        cl.mode = Mode::Help;
    } else if (parser.isSet(version)) {
        cl.mode = Mode::Version;
    } else if (parser.isSet(exportTemplate)) {
        cl.mode = Mode::ExportTemplate;
    } else if (parser.isSet(merge)) {
        cl.mode = Mode::Merge;
        cl.mergeInputs = positional;
        if (cl.mergeInputs.isEmpty())
            cl.error = tr("--merge needs at least one RESULTS.json");
    } else if (parser.isSet(listen)) {
        cl.mode = Mode::Listen;
        for (const QCommandLineOption &option : {from, json, pdf, csv, svg, timeout, concurrency, preinstall, expectListener}) {
            if (parser.isSet(option)) {
                cl.error = tr("--%1 does not go with --listen").arg(option.names().constFirst());
                return cl;
            }
        }
        if (cl.profilePath.isEmpty() && positional.size() == 1)
            cl.profilePath = positional.constFirst();
        else if (!positional.isEmpty())
            cl.error = tr("unexpected argument \"%1\"").arg(positional.constFirst());
        if (cl.profilePath.isEmpty() && cl.error.isEmpty())
            cl.error = tr("--listen needs --profile PROFILE.json");
        if (cl.listenRole.isEmpty() && cl.error.isEmpty())
            cl.error = tr("--listen needs --as ROLE, the role this machine will have (e.g. control-room)");
    } else if (parser.isSet(headless)) {
        cl.mode = Mode::Headless;
        if (cl.profilePath.isEmpty() && positional.size() == 1)
            cl.profilePath = positional.constFirst();
        else if (!positional.isEmpty())
            cl.error = tr("unexpected argument \"%1\"").arg(positional.constFirst());
        if (cl.profilePath.isEmpty() && cl.error.isEmpty())
            cl.error = tr("--headless needs --profile PROFILE.json");
    } else {
        cl.mode = Mode::Gui;
        if (positional.size() > 1)
            cl.error = tr("the window opens one profile at a time");
        else if (!positional.isEmpty())
            cl.profilePath = positional.constFirst();
    }
    return cl;
}
