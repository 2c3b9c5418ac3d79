#pragma once

#include "commandline.h"

// `topocheck --headless` and `topocheck --merge` (CONTRACT.md): creates the application object it
// needs, runs, writes the outputs and returns the exit status (0 no failure, 1 a check failed,
// 2 unusable input; on 2 stderr names the file, the JSON path and what is wrong).
int runHeadlessCommand(int &argc, char **argv, const CommandLine &cl);
