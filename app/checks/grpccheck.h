#pragma once

#include "hpack.h"
#include "protocolcheck.h"

#include <QList>
#include <QPair>

// grpc: cleartext HTTP/2 with prior knowledge (RFC 7540 3.4, 3.5): the client preface and an empty
// SETTINGS frame; the server's first frame must be its SETTINGS (6.5). gRPC runs only over HTTP/2.
// Then one read-only call, grpc.health.v1.Health/Check for the whole server (gRPC's health checking
// protocol, HTTP/2 transport spec: POST, content-type application/grpc, te: trailers), whose response
// headers (HPACK, RFC 7541) show what answers in front: an Azure Application Gateway names itself there.
class GrpcCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GrpcCheck)

public:
    explicit GrpcCheck(QObject *parent = nullptr);
    ~GrpcCheck() override;

    // How long the answer to the Health/Check call is waited for once the SETTINGS proved HTTP/2.
    static constexpr int AnswerWaitMs = 1000;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer) override;
    ServiceOutcome unanswered(const QByteArray &buffer) const override;
    ServiceOutcome connectionBroken(const QString &problem) const override;
    void nudged() override;

private:
    std::optional<ServiceOutcome> serverPreface(QByteArray &bytes);
    std::optional<ServiceOutcome> answerFrames(QByteArray &bytes);
    ServiceOutcome answered(const QList<Hpack::Header> &headers);
    // HTTP/2 proven by the SETTINGS; why is what kept the call's headers from being seen.
    ServiceOutcome provenWithout(const QString &why);
    QByteArray healthCheckCall() const;

    bool m_settingsSeen = false;
    QList<QPair<quint16, quint32>> m_settings;
    Hpack::Decoder m_decoder;
    QByteArray m_block;        // a header block being gathered from HEADERS and CONTINUATION frames
    quint32 m_blockStream = 0; // its stream; 0: none under way
};
