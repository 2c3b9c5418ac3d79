#pragma once

#include "framestatus.h"
#include "protocolcheck.h"

#include <QByteArray>
#include <QPointer>

#include <optional>

// The common shape of the binary checks: send one request after connect, read a bounded reply,
// let the protocol decide. The base owns the socket plumbing: a byte limit per protocol, a peer
// that closes early, finishing exactly once, and the wording for "something else answered".
class ExchangeCheck : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeCheck)

public:
    ~ExchangeCheck() override;

    void start(QTcpSocket *socket, const CheckContext &ctx) override;
    void abort() override;

protected:
    // label: the service's name in details and advice ("SMB", "Kerberos"); maxReplyBytes: bytes read at
    // most before the check gives up on the reply.
    ExchangeCheck(const QString &label, qsizetype maxReplyBytes, QObject *parent);

    QString serviceLabel() const { return m_label; }
    qsizetype maxReplyBytes() const { return m_maxReplyBytes; }

    // Sent right after connect.
    virtual QByteArray request() = 0;
    // Everything received and not consumed yet; return an outcome to finish, nothing to read more.
    virtual std::optional<ServiceOutcome> received(QByteArray &buffer) = 0;

    // Cuts one whole message out of a stream buffer (the wire parsers' framers).
    using Framer = FrameStatus (*)(QByteArrayView buffer, QByteArrayView *message);
    // received() for a protocol whose reply is one framed message: read on while it is incomplete,
    // bytes that cannot begin a message are another service, a whole one goes to interpret.
    template <typename Interpret>
    std::optional<ServiceOutcome> framed(const QByteArray &buffer, Framer framer, Interpret interpret) const
    {
        QByteArrayView message;
        switch (framer(buffer, &message)) {
        case FrameStatus::Incomplete:
            return std::nullopt;
        case FrameStatus::Invalid:
            return otherService(buffer);
        case FrameStatus::Complete:
            break;
        }
        return interpret(message);
    }

    // The peer closed before received() concluded; nothing keeps the check running (SMB's second try).
    virtual std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer);

    void send(const QByteArray &data);
    void finish(const ServiceOutcome &outcome);
    bool isFinished() const { return m_done; }
    const CheckContext &context() const { return m_ctx; }

    // Outcomes shared by every binary check, worded for the person reading the report.
    ServiceOutcome otherService(QByteArrayView reply) const { return otherService(m_ctx, serviceLabel(), reply); }
    ServiceOutcome closedWithoutAnswer() const;
    ServiceOutcome malformedReply(const QString &problem) const
    {
        return malformedReply(m_ctx, serviceLabel(), problem);
    }
    static ServiceOutcome otherService(const CheckContext &ctx, const QString &label, QByteArrayView reply);
    static ServiceOutcome malformedReply(const CheckContext &ctx, const QString &label, const QString &problem);

private:
    void readAvailable();
    void peerClosed();
    void releaseSocket();

    const QString m_label;
    const qsizetype m_maxReplyBytes;
    QPointer<QTcpSocket> m_socket;
    CheckContext m_ctx;
    QByteArray m_buffer;
    qsizetype m_received = 0;
    bool m_done = false;
};
