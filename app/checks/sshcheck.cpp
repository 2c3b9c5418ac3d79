#include "sshcheck.h"

#include "sshwire.h"

SshCheck::SshCheck(QObject *parent)
    : ProtocolCheck(tr("SSH"), SshWire::MaxPreamble + SshWire::MaxLine + 1, parent)
{}

SshCheck::~SshCheck() = default;

QByteArray SshCheck::request()
{
    // Sent at once, as clients do: a service that waits for the client (an HTTP server) then answers too.
    return QByteArrayLiteral("SSH-2.0-Topocheck_" TOPOCHECK_VERSION "\r\n");
}

std::optional<ServiceOutcome> SshCheck::received(QByteArray &buffer)
{
    const SshIdentification id = SshWire::parseIdentification(buffer);
    switch (id.kind) {
    case SshIdentification::Kind::Incomplete:
        return std::nullopt;
    case SshIdentification::Kind::NotSsh:
        return otherService(buffer);
    case SshIdentification::Kind::Malformed:
        return malformedReply(tr("bad identification line \"%1\"").arg(id.firstLine));
    case SshIdentification::Kind::Identification:
        break;
    }
    if (!id.supportsSsh2())
        return ServiceOutcome::mismatch(
            tr("SSH-1 only: %1").arg(id.line),
            tr("The SSH server on %1 speaks only protocol version 1, which is obsolete and insecure: enable SSH-2 "
               "(OpenSSH does by default) or use another host.")
                .arg(context().host));
    return ServiceOutcome::ok(id.line);
}
