#pragma once

#include <QCoreApplication>
#include <QString>

// What a profile accepts as a host: a DNS name, an IPv4 address, or an IPv6 address (brackets optional).
class HostSyntax
{
    Q_DECLARE_TR_FUNCTIONS(HostSyntax)

public:
    // Empty when the text is a valid host; otherwise a sentence such as
    // "\"sql server\" is not a valid host name (spaces are not allowed)".
    static QString problem(const QString &host);
    // Only the part in parentheses: "spaces are not allowed".
    static QString reason(const QString &host);
    static bool isValid(const QString &host) { return problem(host).isEmpty(); }
    // Strips IPv6 brackets and surrounding white space; leaves names and IPv4 as typed.
    static QString normalized(const QString &host);
    // The same for two spellings of one host: case, brackets, IPv6 zero compression, an IDN typed or
    // in punycode ("SQL1" and "sql1", "[2001:db8::7]" and "2001:db8:0::7", "bücher.example" and its xn-- form).
    static QString identity(const QString &host);
    static bool isAddressLiteral(const QString &host);
};
