#include "smbcheck.h"

#include "smb2wire.h"

#include <QRandomGenerator>
#include <QTcpSocket>

namespace {

QByteArray randomBytes(int n)
{
    QByteArray bytes(n, '\0');
    for (char &c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

} // namespace

SmbCheck::SmbCheck(QObject *parent)
    : ProtocolCheck(tr("SMB"), 4 + Smb2Wire::MaxMessage, parent)
{}

SmbCheck::~SmbCheck() = default;

void SmbCheck::abort()
{
    dropSmb1Socket();
    ProtocolCheck::abort();
}

QByteArray SmbCheck::request()
{
    return Smb2Wire::negotiateRequest(randomBytes(16), randomBytes(32));
}

std::optional<ServiceOutcome> SmbCheck::received(QByteArray &buffer)
{
    return framed(buffer, &Smb2Wire::directTcpMessage, [this](QByteArrayView message) { return negotiated(message); });
}

ServiceOutcome SmbCheck::negotiated(QByteArrayView message) const
{
    const SmbNegotiateReply reply = Smb2Wire::parseNegotiateReply(message);
    switch (reply.kind) {
    case SmbNegotiateReply::Kind::NotSmb:
        return otherService(message);
    case SmbNegotiateReply::Kind::Malformed:
        return malformedReply(reply.problem);
    case SmbNegotiateReply::Kind::Smb1:
        return smb1Outcome();
    case SmbNegotiateReply::Kind::Smb2:
        break;
    }
    if (reply.status != 0)
        return ServiceOutcome::error(
            tr("SMB server refused the SMB 2/3 NEGOTIATE (status 0x%1)").arg(reply.status, 8, 16, QLatin1Char('0')),
            tr("The file server on %1 answers SMB2 but rejects negotiation of SMB 2.0.2 to 3.1.1: check its minimum "
               "and maximum SMB protocol settings and any SMB security policy.")
                .arg(context().host));
    const QString dialect = Smb2Wire::dialectName(reply.dialect);
    if (dialect.isEmpty())
        return malformedReply(tr("dialect 0x%1 was not offered").arg(reply.dialect, 4, 16, QLatin1Char('0')));
    return ServiceOutcome::ok(tr("SMB %1 negotiated").arg(dialect));
}

ServiceOutcome SmbCheck::smb1Outcome() const
{
    return ServiceOutcome::mismatch(
        tr("SMB1 only: the server refuses SMB 2 and 3"),
        tr("The Control Room needs SMB 2 or 3: enable SMB2/3 on the file server %1 (Windows: "
           "Set-SmbServerConfiguration -EnableSMB2Protocol $true; Samba: server max protocol = SMB3) or move the "
           "repository to a share that supports it.")
            .arg(context().host));
}

std::optional<ServiceOutcome> SmbCheck::closedEarly(const QByteArray &buffer)
{
    // Through a proxy there is no second path to try, and bytes that came back already tell what answered.
    if (!buffer.isEmpty() || !context().via.isEmpty() || m_smb1Socket)
        return ProtocolCheck::closedEarly(buffer);
    // An SMB1-only server closes an SMB2 NEGOTIATE without a word; ask again the SMB1 way.
    m_smb1Socket = new QTcpSocket(this);
    connect(m_smb1Socket, &QTcpSocket::connected, this,
            [this] { m_smb1Socket->write(Smb2Wire::smb1MultiProtocolNegotiate()); });
    connect(m_smb1Socket, &QTcpSocket::readyRead, this, &SmbCheck::smb1Read);
    connect(m_smb1Socket, &QTcpSocket::disconnected, this, &SmbCheck::smb1Ended);
    connect(m_smb1Socket, &QTcpSocket::errorOccurred, this, &SmbCheck::smb1Ended);
    m_smb1Socket->connectToHost(context().address, context().port);
    return std::nullopt;
}

void SmbCheck::smb1Read()
{
    if (!m_smb1Socket || isFinished())
        return;
    m_smb1Buffer.append(m_smb1Socket->read(qMax<qsizetype>(maxReplyBytes() - m_smb1Buffer.size(), 0)));
    QByteArrayView message;
    switch (Smb2Wire::directTcpMessage(m_smb1Buffer, &message)) {
    case FrameStatus::Incomplete:
        if (m_smb1Buffer.size() >= maxReplyBytes())
            smb1Ended();
        return;
    case FrameStatus::Invalid:
        dropSmb1Socket();
        finish(otherService(m_smb1Buffer));
        return;
    case FrameStatus::Complete:
        break;
    }
    const SmbNegotiateReply reply = Smb2Wire::parseNegotiateReply(message);
    dropSmb1Socket();
    if (reply.kind == SmbNegotiateReply::Kind::Smb1)
        finish(smb1Outcome());
    else if (reply.kind == SmbNegotiateReply::Kind::Smb2)
        // it speaks SMB2 when asked the old way, yet dropped a modern NEGOTIATE
        finish(ServiceOutcome::error(
            tr("SMB server closed the SMB 2/3 NEGOTIATE with 3.1.1 contexts"),
            tr("The file server on %1 speaks SMB2 but dropped the SMB 3.1.1 negotiation: update it or check a "
               "device in the path that inspects SMB.")
                .arg(context().host)));
    else
        finish(negotiated(message));
}

void SmbCheck::smb1Ended()
{
    if (!m_smb1Socket || isFinished())
        return;
    const QByteArray rest = m_smb1Buffer;
    dropSmb1Socket();
    finish(rest.isEmpty() ? closedWithoutAnswer() : otherService(rest));
}

void SmbCheck::dropSmb1Socket()
{
    if (!m_smb1Socket)
        return;
    m_smb1Socket->disconnect(this);
    m_smb1Socket->abort();
    m_smb1Socket->deleteLater();
    m_smb1Socket = nullptr;
}
