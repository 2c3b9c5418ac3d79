#pragma once

#include "checkcontext.h"
#include "framestatus.h"
#include "serviceoutcome.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class ListenerRecheck;
class QTcpSocket;
class SecureChannel;

// The application step after the transport connected: a real, read-only, credential-free exchange
// that proves (or disproves) the expected service. One instance per check, on the engine's thread.
//
// TCP: the engine asks createSocket() for the socket to connect, connects it to ctx.address:ctx.port
// (or to the proxy when ctx.via == "proxy"), measures the connect, then calls start(). The check sends
// request(), reads a reply bounded in bytes, lets received() decide and emits finished() exactly once.
// A check that needs a CONNECT tunnel or TLS composes a SecureChannel (useChannel()).
//
// Time belongs to the engine's probe alone: when its deadline passes it takes timedOut(), the check's
// account of what it was still waiting for, and calls abort(). A check never arms a timer of its own;
// one that must speak up when the server stays silent asks for a nudge() instead.
//
// UDP: the engine sends udpRequest() on a connected QUdpSocket; a reply goes to udpReply().
//
// Before received() sees them, the first bytes the destination sends are looked at for a Topocheck
// listener's banner (ListenerReply): it answers whatever a check sends first, and ends the check with
// reason "listener". TLS-first checks cannot see those bytes; see ListenerRecheck.
class ProtocolCheck : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProtocolCheck)

public:
    ~ProtocolCheck() override;

    // A QSslSocket when the check has a channel, else a QTcpSocket; parented to this check.
    QTcpSocket *createSocket();
    void start(QTcpSocket *socket, const CheckContext &ctx);
    // Stop at once without emitting finished(); the engine has recorded why.
    virtual void abort();
    // The deadline passed before the check finished: what it saw so far and what was missing, with
    // the TLS facts of a completed handshake. Does not stop the check; the probe aborts it next.
    ServiceOutcome timedOut() const;
    // Milliseconds after start() at which the probe calls nudge() once; -1: no nudge. A check may ask for
    // one more later (nudgeWanted()).
    virtual int nudgeAfterMs() const { return -1; }
    void nudge();

    virtual QByteArray udpRequest(const CheckContext &ctx) const;
    virtual ServiceOutcome udpReply(const QByteArray &datagram, const CheckContext &ctx) const;

    // A check for the protocol name of a template flow; nullptr for "tcp" (nothing after connect).
    static std::unique_ptr<ProtocolCheck> create(const QString &protocol);
    // The check a probe runs: create(protocol), or for a direct "tcp" flow one that only reads the first
    // bytes (FirstBytesCheck), so that a listener's banner is recognised there too.
    static std::unique_ptr<ProtocolCheck> forFlow(const QString &protocol, Transport transport, const QString &via);

Q_SIGNALS:
    void finished(const ServiceOutcome &outcome);
    // Asks the probe for a nudge() after ms (when its deadline is later).
    void nudgeWanted(int ms);

protected:
    // label: the service's name in details and advice ("SMB", "LDAPS"); maxReplyBytes: bytes read at
    // most, over the whole exchange, before the check gives up on the reply.
    ProtocolCheck(const QString &label, qsizetype maxReplyBytes, QObject *parent);

    // Makes the connection go through a CONNECT tunnel (when ctx.via == "proxy" and tunnel is set)
    // and TLS (at once when tlsAtOnce, else on startTls()). Call from the constructor.
    void useChannel(bool tlsAtOnce, bool tunnel, const QList<QByteArray> &alpn);

    // Sent when the connection is ready (after the tunnel and TLS); may be empty (the server speaks first).
    virtual QByteArray request() = 0;
    // Everything received and not consumed yet; return an outcome to finish, nothing to read more.
    virtual std::optional<ServiceOutcome> received(QByteArray &buffer) = 0;
    // The peer closed before received() concluded; nothing keeps the check running (SMB's second try).
    virtual std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer);
    // The deadline passed with the connection ready: what was missing. buffer: the bytes not consumed.
    virtual ServiceOutcome unanswered(const QByteArray &buffer) const;
    // STARTTLS done: the check goes on over TLS (request() is not sent again).
    virtual void tlsReady() {}
    // The nudge asked for by nudgeAfterMs().
    virtual void nudged() {}
    // The connection broke (a reset) after the connect, outside TLS set-up: problem is the socket's error.
    virtual ServiceOutcome connectionBroken(const QString &problem) const;

    // The bound for the text and HTTP family: far more than a greeting, a RootDSE or a response head.
    static constexpr qsizetype MaxTextReply = 256 * 1024;

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

    void send(const QByteArray &data);
    void startTls(); // STARTTLS: encryption on the open connection; bytes read in clear text are dropped
    void finish(ServiceOutcome outcome);
    bool isFinished() const { return m_done; }
    const CheckContext &context() const { return m_ctx; }
    QString serviceLabel() const { return m_label; }
    qsizetype maxReplyBytes() const { return m_maxReplyBytes; }
    bool usesTls() const;
    bool viaProxy() const;
    QString endpoint() const; // "host:port" for messages
    // The first bytes of buffer, in hex, for a detail that says what came instead of the protocol.
    static QString firstBytesHex(const QByteArray &buffer);

    // Outcomes shared by every check, worded for the person reading the report.
    // Whatever answered instead, identified by its first bytes: "Not SMB: an SSH server answered (...)".
    ServiceOutcome otherService(QByteArrayView reply) const { return otherService(m_ctx, serviceLabel(), reply); }
    // For the text family: "an HTTP server answered on port 389, not LDAP" when bytes come from a web
    // server, else otherwise.
    ServiceOutcome webServerOr(const QByteArray &bytes, const ServiceOutcome &otherwise) const;
    ServiceOutcome closedWithoutAnswer() const;
    ServiceOutcome malformedReply(const QString &problem) const
    {
        return malformedReply(m_ctx, serviceLabel(), problem);
    }
    static ServiceOutcome otherService(const CheckContext &ctx, const QString &label, QByteArrayView reply);
    static ServiceOutcome malformedReply(const CheckContext &ctx, const QString &label, const QString &problem);

private:
    void opened();
    void readAvailable();
    void peerClosed();
    void socketFailed(QAbstractSocket::SocketError error);
    void releaseSocket();
    // The TLS set-up failed with outcome: a second, plain connection tells a listener from the rest.
    bool recheckForListener(const ServiceOutcome &outcome, const QString &problem);
    bool lookForListener();

    const QString m_label;
    const qsizetype m_maxReplyBytes;
    SecureChannel *m_channel = nullptr; // a child of this check
    QPointer<QTcpSocket> m_socket;
    CheckContext m_ctx;
    QByteArray m_buffer;
    qsizetype m_received = 0;
    bool m_done = false;
    bool m_firstBytes = true; // nothing but (a beginning of) a listener's banner read so far
    bool m_peerAlerted = false; // the peer sent a TLS alert: it speaks TLS
    ListenerRecheck *m_recheck = nullptr; // a child while it runs
    std::optional<ServiceOutcome> m_setUpFailure; // the TLS failure that stands when the recheck finds no listener
};
