#pragma once

#include "commandline.h"

// `topocheck --listen --profile P --as ROLE [--duration-s N] [--address ADDR]...` (CONTRACT.md): holds
// every port ROLE must accept until the duration ends, Ctrl-C, SIGTERM or the console closes. Prints what
// it holds and what it could not take (and who holds it), then the connection counts as they change.
// Returns 0 on a normal stop, 1 when no port at all could be held, 2 on unusable input.
int runListenCommand(int &argc, char **argv, const CommandLine &cl);
