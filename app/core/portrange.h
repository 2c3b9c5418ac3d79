#pragma once

#include <QCoreApplication>
#include <QString>
#include <QtGlobal>

// One port or an inclusive range of ports, as written in templates and profiles ("443", "47100-47200").
struct PortRange
{
    Q_DECLARE_TR_FUNCTIONS(PortRange)

public:
    quint16 first = 0;
    quint16 last = 0;

    bool isValid() const { return first != 0 && first <= last; }
    bool isSingle() const { return first == last; }
    int count() const { return isValid() ? int(last) - int(first) + 1 : 0; }
    bool contains(quint16 port) const { return port >= first && port <= last; }
    QString toString() const;

    // Parses "N" or "N-M"; on failure returns an invalid range and says why in *error.
    static PortRange parse(const QString &text, QString *error = nullptr);
    static PortRange single(quint16 port) { return PortRange{port, port}; }

    friend bool operator==(const PortRange &a, const PortRange &b) { return a.first == b.first && a.last == b.last; }
    friend bool operator!=(const PortRange &a, const PortRange &b) { return !(a == b); }
};
