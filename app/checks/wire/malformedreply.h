#pragma once

#include <QString>

// The parsers' common verdict for bytes that begin like their protocol but break its format: a reply
// struct with Kind::Malformed and a problem for the detail line.
template <typename Reply> Reply malformedReply(const char *problem)
{
    Reply r;
    r.kind = Reply::Kind::Malformed;
    r.problem = QString::fromLatin1(problem);
    return r;
}
