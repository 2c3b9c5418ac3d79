#include "windowsconsole.h"

#ifdef _WIN32
#include <windows.h>

#include <cstdio>
#include <cstring>
#include <initializer_list>

namespace {
bool wantsConsole(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option :
             {"--headless", "--merge", "--listen", "--export-template", "--help", "-h", "--version", "-v"}) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

// A handle the parent already redirected (a file or a pipe) must be kept, not replaced by the console.
bool redirected(DWORD which)
{
    const HANDLE handle = ::GetStdHandle(which);
    if (handle == nullptr || handle == INVALID_HANDLE_VALUE)
        return false;
    const DWORD type = ::GetFileType(handle);
    return type == FILE_TYPE_DISK || type == FILE_TYPE_PIPE;
}
} // namespace

void attachParentConsoleForCommandLine(int argc, char **argv)
{
#ifndef TOPOCHECK_CONSOLE_ONLY
    if (!wantsConsole(argc, argv))
        return;
    const bool outRedirected = redirected(STD_OUTPUT_HANDLE);
    const bool errRedirected = redirected(STD_ERROR_HANDLE);
    if ((outRedirected && errRedirected) || !::AttachConsole(ATTACH_PARENT_PROCESS))
        return;
    if (!outRedirected && std::freopen("CONOUT$", "w", stdout))
        std::setvbuf(stdout, nullptr, _IONBF, 0);
    if (!errRedirected && std::freopen("CONOUT$", "w", stderr))
        std::setvbuf(stderr, nullptr, _IONBF, 0);
#else
    (void)argc;
    (void)argv;
#endif
}

#endif
