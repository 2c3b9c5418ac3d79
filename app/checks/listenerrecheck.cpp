#include "listenerrecheck.h"

#include "listenerbanner.h"
#include "listenerreply.h"

#include <QNetworkProxy>
#include <QTcpSocket>

#include <algorithm>

ListenerRecheck::ListenerRecheck(const CheckContext &ctx, QObject *parent)
    : QObject(parent)
    , m_ctx(ctx)
{}

ListenerRecheck::~ListenerRecheck()
{
    if (m_socket)
        m_socket->abort();
}

int ListenerRecheck::waitMs(const CheckContext &ctx)
{
    // a connect is one round trip and the banner a second one; twice that, and room for a busy machine
    return int(std::min<double>(ctx.timeoutMs, 4 * std::max(ctx.connectMs, 0.0) + 50));
}

void ListenerRecheck::start()
{
    auto *socket = new QTcpSocket(this);
    m_socket = socket;
    socket->setProxy(QNetworkProxy::NoProxy);
    connect(socket, &QTcpSocket::readyRead, this, &ListenerRecheck::readAvailable);
    connect(socket, &QTcpSocket::disconnected, this, [this] { conclude(nullptr); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket && m_socket->bytesAvailable() > 0)
            readAvailable();
        conclude(nullptr);
    });
    socket->connectToHost(m_ctx.address, m_ctx.port);
}

void ListenerRecheck::readAvailable()
{
    if (m_done || !m_socket)
        return;
    m_bytes += m_socket->read(ListenerBanner::MaxBytes - m_bytes.size());
    ServiceOutcome outcome;
    switch (ListenerReply::look(m_bytes, m_ctx, &outcome)) {
    case ListenerReply::Seen::ReadOn:
        if (m_bytes.size() < ListenerBanner::MaxBytes)
            return;
        conclude(nullptr);
        return;
    case ListenerReply::Seen::Other:
        conclude(nullptr);
        return;
    case ListenerReply::Seen::Listener:
        outcome.detail = tr("%1 (found on a second, plain connection: it does not speak TLS)").arg(outcome.detail);
        conclude(&outcome);
        return;
    }
}

void ListenerRecheck::conclude(const ServiceOutcome *outcome)
{
    if (m_done)
        return;
    m_done = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    if (outcome)
        Q_EMIT recognised(*outcome);
    else
        Q_EMIT notListener();
}
