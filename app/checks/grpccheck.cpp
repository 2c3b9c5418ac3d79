#include "grpccheck.h"

#include "h2wire.h"
#include "httpcheck.h"
#include "httpwire.h"

namespace {
constexpr quint32 MaxSettingsPayload = 6 * 64; // far more parameters than RFC 7540 defines
constexpr quint32 MaxFrameSize = 16384;        // SETTINGS_MAX_FRAME_SIZE: the probe never raises it (6.5.2)
constexpr qsizetype MaxHeaderBlock = 16384;    // a response's headers, HPACK-coded, over all its frames
constexpr quint32 CallStream = 1;
constexpr quint8 EndStreamFlag = 0x1;
constexpr quint8 EndHeadersFlag = 0x4;
constexpr quint8 PaddedFlag = 0x8;
constexpr quint8 PriorityFlag = 0x20;
constexpr quint8 ContinuationType = 0x9;
constexpr quint8 PushPromiseType = 0x5;

QByteArray frame(quint8 type, quint8 flags, quint32 stream, const QByteArray &payload)
{
    QByteArray out;
    const quint32 length = quint32(payload.size());
    out.append(char((length >> 16) & 0xff));
    out.append(char((length >> 8) & 0xff));
    out.append(char(length & 0xff));
    out.append(char(type));
    out.append(char(flags));
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(char((stream >> shift) & 0xff));
    return out + payload;
}

QByteArray headerValue(const QList<Hpack::Header> &headers, const QByteArray &name)
{
    for (const Hpack::Header &h : headers) {
        if (h.name == name)
            return h.value;
    }
    return {};
}
} // namespace

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

QByteArray GrpcCheck::healthCheckCall() const
{
    // RFC 7541 Appendix A: 3 = :method POST, 6 = :scheme http, 4 = :path, 1 = :authority,
    // 31 = content-type, 58 = user-agent; literals without indexing leave the server's table alone
    const QByteArray block = Hpack::indexedField(3) + Hpack::indexedField(6) +
                             Hpack::literalField(4, {}, "/grpc.health.v1.Health/Check") +
                             Hpack::literalField(1, {}, HttpWire::authority(context().host, context().port)) +
                             Hpack::literalField(31, {}, "application/grpc") +
                             Hpack::literalField(0, "te", "trailers") + Hpack::literalField(58, {}, "topocheck");
    // one length-prefixed message (gRPC: compressed flag, 4-octet length): an empty HealthCheckRequest,
    // service "" = the whole server
    const QByteArray message(5, '\0');
    return frame(H2Wire::Headers, EndHeadersFlag, CallStream, block) +
           frame(H2Wire::Data, EndStreamFlag, CallStream, message);
}

std::optional<ServiceOutcome> GrpcCheck::received(QByteArray &bytes)
{
    if (!m_settingsSeen)
        return serverPreface(bytes);
    return answerFrames(bytes);
}

std::optional<ServiceOutcome> GrpcCheck::serverPreface(QByteArray &bytes)
{
    if (HttpWire::looksLikeWeb(bytes)) {
        HttpWire::ResponseHead head;
        if (HttpWire::parseResponseHead(bytes, &head) == HttpWire::Parse::NeedMore)
            return std::nullopt;
        const QString what = head.status ? HttpWire::summary(head)
                                         : QString::fromLatin1(bytes.left(int(bytes.indexOf('\n'))).trimmed().left(60));
        ServiceOutcome out = ServiceOutcome::mismatch(
            tr("an HTTP/1.x server answered the HTTP/2 preface (%1)").arg(what),
            tr("gRPC needs HTTP/2 end to end: %1 is a plain web server or a proxy that speaks only HTTP/1.1. "
               "Check the port and that no device on the way downgrades the connection.")
                .arg(endpoint()));
        HttpCheck::noteGateway(head, &out);
        return out;
    }
    H2Wire::FrameHeader frame;
    if (!H2Wire::parseFrameHeader(bytes, &frame))
        return std::nullopt;
    if (frame.type != H2Wire::Settings || (frame.flags & H2Wire::AckFlag) || frame.streamId != 0 ||
        frame.length > MaxSettingsPayload || frame.length % 6 != 0) {
        return ServiceOutcome::mismatch(
            frame.type == H2Wire::Settings
                ? tr("a malformed HTTP/2 SETTINGS frame")
                : tr("no HTTP/2 server preface: the first frame is %1").arg(H2Wire::frameTypeName(frame.type)),
            tr("Something other than an HTTP/2 (gRPC) endpoint answers on %1.").arg(endpoint()));
    }
    if (bytes.size() < H2Wire::FrameHeaderSize + int(frame.length))
        return std::nullopt;
    H2Wire::parseSettings(bytes.mid(H2Wire::FrameHeaderSize, int(frame.length)), &m_settings);
    bytes.remove(0, H2Wire::FrameHeaderSize + int(frame.length));
    m_settingsSeen = true;
    send(H2Wire::settingsAck() + healthCheckCall());
    Q_EMIT nudgeWanted(AnswerWaitMs);
    return answerFrames(bytes);
}

std::optional<ServiceOutcome> GrpcCheck::answerFrames(QByteArray &bytes)
{
    for (;;) {
        H2Wire::FrameHeader frame;
        if (!H2Wire::parseFrameHeader(bytes, &frame))
            return std::nullopt;
        if (frame.length > MaxFrameSize)
            return provenWithout(tr("a frame of %1 octets, above the 16384 allowed").arg(frame.length));
        if (bytes.size() < H2Wire::FrameHeaderSize + qsizetype(frame.length))
            return std::nullopt;
        QByteArray payload = bytes.mid(H2Wire::FrameHeaderSize, qsizetype(frame.length));
        bytes.remove(0, H2Wire::FrameHeaderSize + qsizetype(frame.length));

        // 6.10: once a header block started, only its CONTINUATION frames may follow
        if (m_blockStream != 0 && (frame.type != ContinuationType || frame.streamId != m_blockStream))
            return provenWithout(tr("a header block interrupted by a %1 frame").arg(H2Wire::frameTypeName(frame.type)));
        if (frame.type == H2Wire::Headers || frame.type == PushPromiseType) {
            // 6.2 and 6.6: padding and priority (HEADERS) or the promised stream (PUSH_PROMISE) come first
            qsizetype skip = 0;
            qsizetype pad = 0;
            if (frame.flags & PaddedFlag) {
                if (payload.isEmpty())
                    return provenWithout(tr("a padded frame without its pad length"));
                pad = quint8(payload.at(0));
                skip = 1;
            }
            if (frame.type == H2Wire::Headers && (frame.flags & PriorityFlag))
                skip += 5;
            if (frame.type == PushPromiseType)
                skip += 4;
            if (skip + pad > payload.size())
                return provenWithout(tr("a frame whose padding is longer than the frame"));
            payload = payload.mid(skip, payload.size() - skip - pad);
            if (frame.streamId == 0)
                return provenWithout(tr("a header block on stream 0"));
            m_blockStream = frame.streamId;
            m_block.clear();
        } else if (frame.type != ContinuationType) {
            if (frame.streamId == CallStream && frame.type == H2Wire::RstStream)
                return provenWithout(tr("the server reset the Health/Check call (RST_STREAM)"));
            if (frame.type == H2Wire::GoAway)
                return provenWithout(tr("the server sent GOAWAY before answering the Health/Check call"));
            continue; // WINDOW_UPDATE, PING, SETTINGS, DATA of other streams: nothing to learn
        } else if (m_blockStream == 0) {
            return provenWithout(tr("a CONTINUATION frame without a header block"));
        }
        if (m_block.size() + payload.size() > MaxHeaderBlock)
            return provenWithout(tr("response headers larger than %1 octets").arg(MaxHeaderBlock));
        m_block += payload;
        if (!(frame.flags & EndHeadersFlag))
            continue;
        const quint32 stream = std::exchange(m_blockStream, 0);
        // every block goes through the decoder, in order: the dynamic table depends on all of them
        QList<Hpack::Header> headers;
        if (!m_decoder.decode(m_block, &headers))
            return provenWithout(tr("response headers that do not decode (HPACK: %1)").arg(m_decoder.error()));
        if (stream == CallStream && frame.type != PushPromiseType)
            return answered(headers);
    }
}

ServiceOutcome GrpcCheck::answered(const QList<Hpack::Header> &headers)
{
    HttpWire::ResponseHead head;
    head.version = QByteArrayLiteral("HTTP/2");
    for (const Hpack::Header &h : headers) {
        if (h.name == ":status")
            head.status = h.value.toInt();
        else if (!h.name.startsWith(':'))
            head.headers.append({h.name, h.value});
    }
    QString detail = tr("HTTP/2 (gRPC endpoint): server SETTINGS %1; Health/Check answered %2")
                         .arg(H2Wire::describeSettings(m_settings), HttpWire::summary(head));
    const QByteArray grpcStatus = headerValue(headers, "grpc-status");
    if (!grpcStatus.isEmpty())
        detail += tr(", grpc-status %1").arg(QString::fromLatin1(grpcStatus.left(8)));
    ServiceOutcome out = ServiceOutcome::ok(detail);
    HttpCheck::noteGateway(head, &out);
    send(H2Wire::goAway());
    return out;
}

ServiceOutcome GrpcCheck::provenWithout(const QString &why)
{
    send(H2Wire::goAway()); // the polite way to leave
    return ServiceOutcome::ok(
        tr("HTTP/2 (gRPC endpoint): server SETTINGS %1; %2").arg(H2Wire::describeSettings(m_settings), why));
}

std::optional<ServiceOutcome> GrpcCheck::closedEarly(const QByteArray &buffer)
{
    if (m_settingsSeen)
        return provenWithout(tr("the connection closed before the Health/Check call was answered"));
    return ProtocolCheck::closedEarly(buffer);
}

ServiceOutcome GrpcCheck::unanswered(const QByteArray &buffer) const
{
    if (m_settingsSeen)
        return ServiceOutcome::ok(tr("HTTP/2 (gRPC endpoint): server SETTINGS %1; the Health/Check call was not "
                                     "answered in time")
                                      .arg(H2Wire::describeSettings(m_settings)));
    return ProtocolCheck::unanswered(buffer);
}

ServiceOutcome GrpcCheck::connectionBroken(const QString &problem) const
{
    if (m_settingsSeen) // HTTP/2 is proven; a server may drop a client it has no answer for
        return ServiceOutcome::ok(tr("HTTP/2 (gRPC endpoint): server SETTINGS %1; the connection broke before the "
                                     "Health/Check call was answered (%2)")
                                      .arg(H2Wire::describeSettings(m_settings), problem.left(120)));
    return ProtocolCheck::connectionBroken(problem);
}

void GrpcCheck::nudged()
{
    if (m_settingsSeen && !isFinished())
        finish(provenWithout(tr("no answer to the Health/Check call within %1 ms").arg(AnswerWaitMs)));
}
