// libFuzzer target: TopologyTemplate::fromJson, the reader of deployment templates (topocheck-template/1).
// A template read without issues is consistent (every flow joins two of its components over a valid
// port range) and what it writes reads back to the same JSON.
#include "fuzzreader.h"
#include "topologytemplate.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
FuzzReader::Tally tally{"fuzz_template"};

[[noreturn]] void finding(const char *what)
{
    FuzzReader::finding("fuzz_template", what);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    ValidationIssues issues;
    const TopologyTemplate parsed = TopologyTemplate::fromJson(json, &issues);
    for (const ValidationIssue &issue : issues) {
        if (issue.message.trimmed().isEmpty())
            finding("an issue without a message");
    }
    ++tally.seen;
    if (!issues.isEmpty())
        return 0;
    ++tally.accepted;
    if (parsed.id().isEmpty())
        finding("a template without an id accepted");
    for (const Flow &flow : parsed.flows()) {
        if (!parsed.hasComponent(flow.from) || !parsed.hasComponent(flow.to))
            finding("a flow between components the template does not have");
        if (!flow.ports.isValid())
            finding("a flow with an invalid port range accepted");
        if (parsed.flow(flow.id) == nullptr)
            finding("a flow that cannot be found by its id");
    }
    for (const QString &role : parsed.roles()) {
        if (!parsed.hasComponent(role))
            finding("a role that is not a component");
    }
    const QByteArray written = QJsonDocument(parsed.toJson()).toJson(QJsonDocument::Compact);
    ValidationIssues again;
    const TopologyTemplate reread = TopologyTemplate::fromJson(written, &again);
    if (!again.isEmpty())
        finding("a template it wrote does not read back");
    if (QJsonDocument(reread.toJson()).toJson(QJsonDocument::Compact) != written)
        finding("the written template changes when read and written again");
    return 0;
}
