// Drives a ProtocolCheck through a real loopback connection whose server side sends the fuzz input, so
// that the check's stateful reader (received() over a growing buffer, closedEarly()) meets the bytes
// split the way the input says. Shared by the fuzz targets of the stream checks; not a test on its own.
//
// Input layout: byte 0 = how the server sends the rest. Low 7 bits: 0 = one write, N = writes of N
// bytes each (each read by the check before the next is sent); high bit: end with a reset instead of
// a FIN. "{accept}" in the rest becomes the Sec-WebSocket-Accept for the key of the check's request.
#pragma once

#include "protocolcheck.h"
#include "websocketwire.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>

namespace CheckStream {

inline QCoreApplication *application()
{
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    return &app;
}

inline bool spinUntil(const std::function<bool()> &done, int ms)
{
    const QDeadlineTimer deadline(ms);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    }
    return true;
}

[[noreturn]] inline void finding(const char *what)
{
    fprintf(stderr, "checkstream: %s\n", what);
    std::abort();
}

// The request is in once its head is complete (HTTP) or the HTTP/2 preface and SETTINGS arrived.
inline bool requestComplete(const QByteArray &request)
{
    if (request.startsWith("PRI * HTTP/2.0"))
        return request.size() >= 24 + 9;
    return request.contains("\r\n\r\n");
}

// Runs one input against a fresh check; returns its single outcome. Aborts (a finding) when the check
// finishes twice, never finishes after the server closed, or concludes with an empty detail.
inline ServiceOutcome run(const std::function<std::unique_ptr<ProtocolCheck>()> &make, const uint8_t *data,
                          size_t size)
{
    application();
    static QTcpServer server;
    if (!server.isListening() && !server.listen(QHostAddress::LocalHost))
        finding("cannot listen on 127.0.0.1");
    const int chunk = size > 0 ? data[0] & 0x7f : 0;
    const bool reset = size > 0 && (data[0] & 0x80);
    QByteArray answer = size > 1 ? QByteArray(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1))
                                 : QByteArray();

    std::unique_ptr<ProtocolCheck> check = make();
    int finishedCount = 0;
    ServiceOutcome outcome;
    QObject::connect(check.get(), &ProtocolCheck::finished, check.get(), [&](const ServiceOutcome &out) {
        ++finishedCount;
        outcome = out;
    });
    QTcpSocket *socket = check->createSocket();
    CheckContext ctx;
    ctx.host = QStringLiteral("cr.example.test");
    ctx.address = QHostAddress::LocalHost;
    ctx.port = server.serverPort();
    ctx.timeoutMs = 3000;
    QObject::connect(socket, &QAbstractSocket::connected, check.get(),
                     [&check, socket, &ctx] { check->start(socket, ctx); });
    socket->connectToHost(ctx.address, ctx.port);
    if (!server.waitForNewConnection(2000))
        finding("no connection on loopback");
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    QByteArray request;
    if (!spinUntil(
            [&] {
                request += peer->readAll();
                return requestComplete(request) || finishedCount > 0;
            },
            2000))
        finding("the check sent no complete request");
    const qsizetype key = request.indexOf("Sec-WebSocket-Key: ");
    if (key >= 0) {
        const qsizetype end = request.indexOf('\r', key);
        answer.replace("{accept}", WebSocketWire::acceptFor(request.mid(key + 19, end - key - 19)));
    }
    for (qsizetype at = 0; at < answer.size() && finishedCount == 0;) {
        const qsizetype n = chunk == 0 ? answer.size() - at : qMin<qsizetype>(chunk, answer.size() - at);
        peer->write(answer.constData() + at, n);
        peer->flush();
        at += n;
        // the check reads this piece before the next one is sent
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    }
    if (reset)
        peer->abort();
    else
        peer->disconnectFromHost();
    if (!spinUntil([&] { return finishedCount > 0; }, 3000)) {
        const ServiceOutcome late = check->timedOut(); // what the engine's deadline would record
        check->abort();
        fprintf(stderr, "checkstream: still waiting after the close: %s\n", qPrintable(late.detail));
        finding("the check never finished after the server closed the connection");
    }
    // nothing more may arrive after the one outcome
    QCoreApplication::processEvents(QEventLoop::AllEvents);
    if (finishedCount != 1)
        finding("the check finished more than once");
    if (outcome.service == ServiceStatus::Unchecked || outcome.detail.trimmed().isEmpty())
        finding("an outcome without a service status or a detail");
    if (outcome.detail.size() > 4096 || outcome.advice.size() > 4096)
        finding("a detail or advice longer than 4096 characters (server bytes copied without a bound?)");
    check.reset();
    peer.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return outcome;
}

} // namespace CheckStream
