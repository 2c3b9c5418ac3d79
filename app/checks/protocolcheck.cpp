#include "protocolcheck.h"

#include <QTcpSocket>

#include "kerberoscheck.h"
#include "smbcheck.h"
#include "tdscheck.h"
#include "amqpcheck.h"
#include "rdpcheck.h"
#include "sshcheck.h"
#include "ldapcheck.h"
#include "httpcheck.h"
#include "websocketcheck.h"
#include "opensearchcheck.h"
#include "grpccheck.h"
#include "smtpcheck.h"

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
    if (protocol == QLatin1String("kerberos"))
        return std::make_unique<KerberosCheck>();
    if (protocol == QLatin1String("smb"))
        return std::make_unique<SmbCheck>();
    if (protocol == QLatin1String("tds"))
        return std::make_unique<TdsCheck>();
    if (protocol == QLatin1String("amqp"))
        return std::make_unique<AmqpCheck>();
    if (protocol == QLatin1String("rdp"))
        return std::make_unique<RdpCheck>();
    if (protocol == QLatin1String("ssh"))
        return std::make_unique<SshCheck>();
    if (protocol == QLatin1String("ldap") || protocol == QLatin1String("ldaps"))
        return std::make_unique<LdapCheck>(protocol == QLatin1String("ldaps"));
    if (protocol == QLatin1String("http") || protocol == QLatin1String("https"))
        return std::make_unique<HttpCheck>(protocol == QLatin1String("https"));
    if (protocol == QLatin1String("http+websocket") || protocol == QLatin1String("https+websocket"))
        return std::make_unique<WebSocketCheck>(protocol == QLatin1String("https+websocket"));
    if (protocol == QLatin1String("opensearch"))
        return std::make_unique<OpenSearchCheck>();
    if (protocol == QLatin1String("grpc"))
        return std::make_unique<GrpcCheck>();
    if (protocol == QLatin1String("smtp"))
        return std::make_unique<SmtpCheck>();
    return nullptr;
}
