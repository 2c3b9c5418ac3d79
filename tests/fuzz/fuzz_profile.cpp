// libFuzzer target: Profile::fromJson, the reader of site profiles (topocheck-profile/1). A profile read
// without issues validates, and what it writes reads back into an equal profile; every issue names
// what is wrong.
#include "fuzzreader.h"
#include "profile.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
FuzzReader::Tally tally{"fuzz_profile"};

[[noreturn]] void finding(const char *what)
{
    FuzzReader::finding("fuzz_profile", what);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    ValidationIssues issues;
    const Profile profile = Profile::fromJson(json, &issues);
    for (const ValidationIssue &issue : issues) {
        if (issue.message.trimmed().isEmpty())
            finding("an issue without a message");
    }
    ++tally.seen;
    if (!issues.isEmpty())
        return 0;
    ++tally.accepted;
    if (!profile.validate().isEmpty())
        finding("a profile read without issues does not validate");
    for (auto it = profile.ports.cbegin(); it != profile.ports.cend(); ++it) {
        if (!it.value().isValid())
            finding("an invalid port range accepted");
    }
    ValidationIssues again;
    const Profile reread = Profile::fromJson(profile.toJsonBytes(), &again);
    if (!again.isEmpty())
        finding("a profile it wrote does not read back");
    if (reread != profile)
        finding("a profile changes in the round trip");
    if (reread.toJsonBytes() != profile.toJsonBytes())
        finding("the written profile changes when read and written again (unknown keys lost?)");
    return 0;
}
