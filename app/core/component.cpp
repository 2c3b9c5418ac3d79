#include "component.h"
#include "flow.h"

const QStringList &Component::knownIds()
{
    static const QStringList ids{ComponentId::controlRoom,  ComponentId::loadBalancer,    ComponentId::webBrowser,
                                 ComponentId::botAgent,     ComponentId::externalApp,     ComponentId::activeDirectory,
                                 ComponentId::fileShare,    ComponentId::sqlServer,       ComponentId::smtp,
                                 ComponentId::adminWorkstation, ComponentId::localhost};
    return ids;
}

QString transportName(Transport transport)
{
    return transport == Transport::Udp ? QStringLiteral("udp") : QStringLiteral("tcp");
}

QString expectationName(Expectation expect)
{
    switch (expect) {
    case Expectation::Closed:
        return QStringLiteral("closed");
    case Expectation::Reachable:
        return QStringLiteral("reachable");
    case Expectation::Open:
        break;
    }
    return QStringLiteral("open");
}

Expectation expectationFromName(const QString &name, bool *ok)
{
    if (ok)
        *ok = true;
    if (name == QLatin1String("closed"))
        return Expectation::Closed;
    if (name == QLatin1String("reachable"))
        return Expectation::Reachable;
    if (ok)
        *ok = name == QLatin1String("open");
    return Expectation::Open;
}

bool Flow::isCluster() const
{
    return from == ComponentId::controlRoom && to == ComponentId::controlRoom;
}

bool Flow::isLocal() const
{
    return to == ComponentId::localhost;
}

const QStringList &Flow::knownProtocols()
{
    static const QStringList protocols{
        QStringLiteral("tcp"),      QStringLiteral("http"),     QStringLiteral("https"),
        QStringLiteral("http+websocket"), QStringLiteral("https+websocket"), QStringLiteral("ldap"),
        QStringLiteral("ldaps"),    QStringLiteral("kerberos"), QStringLiteral("smb"),
        QStringLiteral("tds"),      QStringLiteral("amqp"),     QStringLiteral("opensearch"),
        QStringLiteral("grpc"),     QStringLiteral("smtp"),     QStringLiteral("ssh"),
        QStringLiteral("rdp")};
    return protocols;
}
