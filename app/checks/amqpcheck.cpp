#include "amqpcheck.h"

#include "amqpwire.h"

AmqpCheck::AmqpCheck(QObject *parent)
    : ProtocolCheck(tr("AMQP"), AmqpWire::MaxFrame + 8, parent)
{}

AmqpCheck::~AmqpCheck() = default;

QByteArray AmqpCheck::request()
{
    return AmqpWire::protocolHeader();
}

std::optional<ServiceOutcome> AmqpCheck::received(QByteArray &buffer)
{
    return framed(buffer, &AmqpWire::frame,
                  [this, &buffer](QByteArrayView frame) { return firstFrame(frame, buffer); });
}

ServiceOutcome AmqpCheck::firstFrame(QByteArrayView frame, const QByteArray &buffer) const
{
    const AmqpReply reply = AmqpWire::parseReply(frame);
    switch (reply.kind) {
    case AmqpReply::Kind::NotAmqp:
        return otherService(buffer);
    case AmqpReply::Kind::Malformed:
        return malformedReply(reply.problem);
    case AmqpReply::Kind::ProtocolHeader:
        // AMQP 0-9-1 4.2.2 and AMQP 1.0 2.2: a broker that does not take the offered version answers with
        // the header of one it speaks, then closes. Only a broker does that: which version the Control
        // Room's own broker speaks is not documented, so any AMQP broker is the service.
        return ServiceOutcome::ok(tr("AMQP broker speaking AMQP %1 (it answered the 0-9-1 header with its own)")
                                      .arg(AmqpWire::offeredVersion(reply)));
    case AmqpReply::Kind::ConnectionStart:
        break;
    }
    const QString protocol = QStringLiteral("AMQP %1-%2-1").arg(reply.versionMajor).arg(reply.versionMinor);
    if (reply.product.isEmpty())
        return ServiceOutcome::ok(tr("AMQP broker (%1)").arg(protocol));
    const QString product = reply.version.isEmpty() ? reply.product : reply.product + QLatin1Char(' ') + reply.version;
    return ServiceOutcome::ok(tr("%1 (%2)").arg(product, protocol));
}
