#include "consolestop.h"

#include <windows.h>

#include <atomic>

namespace {
std::atomic<bool> stopRequested{false};
std::atomic<bool> stopDone{false};

// Runs on a thread the system creates. For a closing console, logoff or shutdown the process ends as
// soon as this returns, so it waits (briefly) until the sockets are closed.
BOOL WINAPI onConsoleEvent(DWORD event)
{
    stopRequested.store(true);
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT) {
        for (int i = 0; i < 40 && !stopDone.load(); ++i)
            Sleep(100);
    }
    return TRUE;
}
} // namespace

namespace ConsoleStop {

void install()
{
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

bool requested()
{
    return stopRequested.load();
}

void acknowledge()
{
    stopDone.store(true);
}

} // namespace ConsoleStop
