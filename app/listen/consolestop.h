#pragma once

// How `topocheck --listen` learns that it should stop early: Ctrl-C, SIGTERM, the terminal closing
// (SIGHUP), or on Windows the console window closing, logoff or shutdown (SetConsoleCtrlHandler).
// The handlers only set a flag, which the listener's event loop polls; one file per OS.
namespace ConsoleStop {

void install();
bool requested();
// The program closed its sockets: on Windows the console-close handler waits for this (a few seconds
// at most) before it lets the system end the process.
void acknowledge();

} // namespace ConsoleStop
