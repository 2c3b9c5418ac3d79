#pragma once

#include "protocolcheck.h"

// [MS-SMB2] 2.2.3 / 3.2.4.2.2.2: an SMB2 NEGOTIATE offering 2.0.2 to 3.1.1 with the 3.1.1 negotiate
// contexts. A server that drops it without a word gets a second connection with an SMB1 multi-protocol
// NEGOTIATE ([MS-CIFS] 2.2.4.52), to tell an SMB1-only filer from something that is not SMB at all.
class SmbCheck final : public ProtocolCheck
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmbCheck)

public:
    explicit SmbCheck(QObject *parent = nullptr);
    ~SmbCheck() override;

    void abort() override;

protected:
    QByteArray request() override;
    std::optional<ServiceOutcome> received(QByteArray &buffer) override;
    std::optional<ServiceOutcome> closedEarly(const QByteArray &buffer) override;

private:
    ServiceOutcome negotiated(QByteArrayView message) const;
    void smb1Read();
    void smb1Ended();
    ServiceOutcome smb1Outcome() const;
    void dropSmb1Socket();

    QTcpSocket *m_smb1Socket = nullptr;
    QByteArray m_smb1Buffer;
};
