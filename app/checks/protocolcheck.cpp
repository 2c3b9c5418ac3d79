#include "protocolcheck.h"

#include <QTcpSocket>

// The checks are written in parallel; each registers here once its header exists.
#if __has_include("kerberoscheck.h")
#include "kerberoscheck.h"
#endif
#if __has_include("smbcheck.h")
#include "smbcheck.h"
#endif
#if __has_include("tdscheck.h")
#include "tdscheck.h"
#endif
#if __has_include("amqpcheck.h")
#include "amqpcheck.h"
#endif
#if __has_include("rdpcheck.h")
#include "rdpcheck.h"
#endif
#if __has_include("sshcheck.h")
#include "sshcheck.h"
#endif
#if __has_include("ldapcheck.h")
#include "ldapcheck.h"
#endif
#if __has_include("httpcheck.h")
#include "httpcheck.h"
#endif
#if __has_include("websocketcheck.h")
#include "websocketcheck.h"
#endif
#if __has_include("opensearchcheck.h")
#include "opensearchcheck.h"
#endif
#if __has_include("grpccheck.h")
#include "grpccheck.h"
#endif
#if __has_include("smtpcheck.h")
#include "smtpcheck.h"
#endif

QTcpSocket *ProtocolCheck::createSocket()
{
    return new QTcpSocket(this);
}

QByteArray ProtocolCheck::udpRequest(const CheckContext &) const
{
    return {};
}

ServiceOutcome ProtocolCheck::udpReply(const QByteArray &, const CheckContext &) const
{
    return {};
}

std::unique_ptr<ProtocolCheck> ProtocolCheck::create(const QString &protocol)
{
    Q_UNUSED(protocol)
#if __has_include("kerberoscheck.h")
    if (protocol == QLatin1String("kerberos"))
        return std::make_unique<KerberosCheck>();
#endif
#if __has_include("smbcheck.h")
    if (protocol == QLatin1String("smb"))
        return std::make_unique<SmbCheck>();
#endif
#if __has_include("tdscheck.h")
    if (protocol == QLatin1String("tds"))
        return std::make_unique<TdsCheck>();
#endif
#if __has_include("amqpcheck.h")
    if (protocol == QLatin1String("amqp"))
        return std::make_unique<AmqpCheck>();
#endif
#if __has_include("rdpcheck.h")
    if (protocol == QLatin1String("rdp"))
        return std::make_unique<RdpCheck>();
#endif
#if __has_include("sshcheck.h")
    if (protocol == QLatin1String("ssh"))
        return std::make_unique<SshCheck>();
#endif
#if __has_include("ldapcheck.h")
    if (protocol == QLatin1String("ldap") || protocol == QLatin1String("ldaps"))
        return std::make_unique<LdapCheck>(protocol == QLatin1String("ldaps"));
#endif
#if __has_include("httpcheck.h")
    if (protocol == QLatin1String("http") || protocol == QLatin1String("https"))
        return std::make_unique<HttpCheck>(protocol == QLatin1String("https"));
#endif
#if __has_include("websocketcheck.h")
    if (protocol == QLatin1String("http+websocket") || protocol == QLatin1String("https+websocket"))
        return std::make_unique<WebSocketCheck>(protocol == QLatin1String("https+websocket"));
#endif
#if __has_include("opensearchcheck.h")
    if (protocol == QLatin1String("opensearch"))
        return std::make_unique<OpenSearchCheck>();
#endif
#if __has_include("grpccheck.h")
    if (protocol == QLatin1String("grpc"))
        return std::make_unique<GrpcCheck>();
#endif
#if __has_include("smtpcheck.h")
    if (protocol == QLatin1String("smtp"))
        return std::make_unique<SmtpCheck>();
#endif
    return nullptr;
}
