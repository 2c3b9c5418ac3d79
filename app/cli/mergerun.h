#pragma once

#include "commandline.h"

// `topocheck --merge` (CONTRACT.md) as a stream: the inputs are read one at a time (two at once on
// worker threads, kept in input order), only the winners of the merge and the fleet tallies stay in
// memory, and every tested check of every input goes straight into the output's "vantage_checks" and
// the CSV. The application object exists already (runHeadlessCommand). Returns the exit status.
int runMerge(const CommandLine &cl);
