#pragma once

// topocheck.exe is a GUI-subsystem program: Windows gives it no console, so --headless, --merge,
// --help and --version would print nowhere. When one of those is asked for and the parent process
// has a console (cmd.exe, PowerShell), this attaches to it and points stdout/stderr at it, unless
// they were already redirected to a file or pipe. Scripts and fleet tools (PowerShell remoting,
// SCCM, Ansible win_command) should run topocheck-cli.exe instead: cmd.exe does not wait for a
// GUI program, and only a console program hands its exit status back reliably.
// A no-op in topocheck-cli.exe and on other systems.
#ifdef _WIN32
void attachParentConsoleForCommandLine(int argc, char **argv);
#else
inline void attachParentConsoleForCommandLine(int, char **) {}
#endif
