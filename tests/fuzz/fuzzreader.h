#pragma once

// Shared by the fuzz targets of the JSON readers (profile, template, results): how a finding stops the
// run, and how many inputs were accepted and went through the round trip, printed when the run ends: a
// run whose seeds and mutations never pass validation checks nothing but the error paths.

#include <cstdio>
#include <cstdlib>

namespace FuzzReader {
[[noreturn]] inline void finding(const char *target, const char *what)
{
    fprintf(stderr, "%s: %s\n", target, what);
    std::abort();
}

struct Tally
{
    const char *target;
    long seen = 0;
    long accepted = 0;
    ~Tally() { fprintf(stderr, "%s: %ld of %ld inputs accepted (round trip checked)\n", target, accepted, seen); }
};
} // namespace FuzzReader
