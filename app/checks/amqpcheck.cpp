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
    case AmqpReply::Kind::ProtocolHeader: {
        // AMQP 1.0 brokers answer "AMQP" 0 1 0 0 (or 3 1 0 0 for SASL)
        const bool amqp10 = reply.versionMajor == 1 && reply.versionMinor == 0;
        const QString offered =
            amqp10 ? QStringLiteral("1.0")
                   : QStringLiteral("%1-%2-%3").arg(reply.versionMajor).arg(reply.versionMinor).arg(reply.revision);
        return ServiceOutcome::mismatch(
            tr("AMQP broker does not speak 0-9-1 (it offers AMQP %1)").arg(offered),
            tr("The Control Room's messaging on port %1 needs AMQP 0-9-1 (RabbitMQ); the service on %2 speaks "
               "another AMQP version: check that the port reaches the Control Room's own broker.")
                .arg(context().port)
                .arg(context().host));
    }
    case AmqpReply::Kind::ConnectionStart:
        break;
    }
    const QString protocol = QStringLiteral("AMQP %1-%2-1").arg(reply.versionMajor).arg(reply.versionMinor);
    if (reply.product.isEmpty())
        return ServiceOutcome::ok(tr("AMQP broker (%1)").arg(protocol));
    const QString product = reply.version.isEmpty() ? reply.product : reply.product + QLatin1Char(' ') + reply.version;
    return ServiceOutcome::ok(tr("%1 (%2)").arg(product, protocol));
}
