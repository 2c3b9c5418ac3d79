#pragma once

// A test that cannot run without something the machine lacks (a server, a namespace, a certificate,
// a tool, an OS feature) says so. Outside CI it skips; under CI (CI set, as .ci/run and
// tests/run-all.sh set it) a green run must mean that everything ran, so a missing prerequisite
// fails the test (issue #14, "CI honesty").

#include <QTest>
#include <QtGlobal>

namespace TestSupport {

inline bool underCi()
{
    return !qEnvironmentVariableIsEmpty("CI"); // as the shell scripts read it: [ -n "${CI:-}" ]
}

} // namespace TestSupport

// Use in a test function (or initTestCase): when cond is false, fails under CI, skips otherwise.
#define TOPOCHECK_REQUIRE(cond, what)                                                                                  \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            if (TestSupport::underCi())                                                                                \
                QFAIL(                                                                                                 \
                    qPrintable(QString(QStringLiteral("missing prerequisite under CI: ") + QString::fromUtf8(what)))); \
            QSKIP(qPrintable(QString(QStringLiteral("missing prerequisite: ") + QString::fromUtf8(what))));            \
        }                                                                                                              \
    } while (false)

// A prerequisite known to be unmet where the test stands (the wrong OS for it): TOPOCHECK_REQUIRE(false, what).
#define TOPOCHECK_UNSUPPORTED(what) TOPOCHECK_REQUIRE(false, what)
