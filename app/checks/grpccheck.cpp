#include "grpccheck.h"

#include "h2wire.h"
#include "httpwire.h"

namespace {
constexpr quint32 MaxSettingsPayload = 6 * 64; // far more parameters than RFC 7540 defines
}

GrpcCheck::GrpcCheck(QObject *parent)
    : ProtocolCheck(QStringLiteral("HTTP/2"), MaxTextReply, parent)
{
    useChannel(false, true, {QByteArrayLiteral("http/1.1")});
}

GrpcCheck::~GrpcCheck() = default;

QByteArray GrpcCheck::request()
{
    return H2Wire::clientPreface();
}

std::optional<ServiceOutcome> GrpcCheck::received(QByteArray &bytes)
{
    if (HttpWire::looksLikeWeb(bytes)) {
        HttpWire::ResponseHead head;
        if (HttpWire::parseResponseHead(bytes, &head) == HttpWire::Parse::NeedMore)
            return std::nullopt;
        const QString what = head.status ? HttpWire::summary(head)
                                         : QString::fromLatin1(bytes.left(int(bytes.indexOf('\n'))).trimmed().left(60));
        return ServiceOutcome::mismatch(
            tr("an HTTP/1.x server answered the HTTP/2 preface (%1)").arg(what),
            tr("gRPC needs HTTP/2 end to end: %1 is a plain web server or a proxy that speaks only HTTP/1.1. "
               "Check the port and that no device on the way downgrades the connection.")
                .arg(endpoint()));
    }
    H2Wire::FrameHeader frame;
    if (!H2Wire::parseFrameHeader(bytes, &frame))
        return std::nullopt;
    if (frame.type != H2Wire::Settings || (frame.flags & H2Wire::AckFlag) || frame.streamId != 0
        || frame.length > MaxSettingsPayload || frame.length % 6 != 0) {
        return ServiceOutcome::mismatch(
            frame.type == H2Wire::Settings
                ? tr("a malformed HTTP/2 SETTINGS frame")
                : tr("no HTTP/2 server preface: the first frame is %1").arg(H2Wire::frameTypeName(frame.type)),
            tr("Something other than an HTTP/2 (gRPC) endpoint answers on %1.").arg(endpoint()));
    }
    if (bytes.size() < H2Wire::FrameHeaderSize + int(frame.length))
        return std::nullopt;
    QList<QPair<quint16, quint32>> settings;
    H2Wire::parseSettings(bytes.mid(H2Wire::FrameHeaderSize, int(frame.length)), &settings);
    send(H2Wire::settingsAck() + H2Wire::goAway());
    return ServiceOutcome::ok(tr("HTTP/2 (gRPC endpoint): server SETTINGS %1").arg(H2Wire::describeSettings(settings)));
}
