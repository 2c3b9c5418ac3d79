#include "consolestop.h"

#include <atomic>
#include <csignal>
#include <initializer_list>
#include <signal.h>

namespace {
std::atomic<bool> stopRequested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void onStopSignal(int)
{
    stopRequested.store(true);
}
} // namespace

namespace ConsoleStop {

void install()
{
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP})
        sigaction(signal, &action, nullptr);
}

bool requested()
{
    return stopRequested.load();
}

void acknowledge() {}

} // namespace ConsoleStop
