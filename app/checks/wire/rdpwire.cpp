#include "rdpwire.h"

#include "bytereader.h"

#include <QtEndian>

namespace {

constexpr quint8 TpktVersion = 3;
constexpr quint8 ConnectionConfirm = 0xd0;

RdpConfirm malformed()
{
    RdpConfirm r;
    r.kind = RdpConfirm::Kind::Malformed;
    return r;
}

} // namespace

namespace RdpWire {

QByteArray connectionRequest(quint32 requestedProtocols)
{
    QByteArray x224;
    x224.append("\xe0\x00\x00\x00\x00\x00", 6); // CR, DST-REF, SRC-REF, class 0
    char negReq[8] = {0x01, 0x00, 0x08, 0x00};
    qToLittleEndian<quint32>(requestedProtocols, negReq + 4);
    x224.append(negReq, 8);
    x224.prepend(char(x224.size())); // length indicator: the octets after it
    QByteArray tpkt(4, '\0');
    tpkt[0] = char(TpktVersion);
    qToBigEndian<quint16>(quint16(4 + x224.size()), tpkt.data() + 2);
    return tpkt + x224;
}

FrameStatus tpktPacket(QByteArrayView buffer, QByteArrayView *packet)
{
    if (buffer.isEmpty())
        return FrameStatus::Incomplete;
    if (quint8(buffer.at(0)) != TpktVersion)
        return FrameStatus::Invalid;
    if (buffer.size() >= 2 && buffer.at(1) != '\0')
        return FrameStatus::Invalid;
    return selfSizedPacket(buffer, 7, MaxPacket, packet);
}

RdpConfirm parseConfirm(QByteArrayView p)
{
    RdpConfirm r;
    if (p.size() < 4 || quint8(p.at(0)) != TpktVersion || p.at(1) != '\0')
        return r;
    const quint16 length = qFromBigEndian<quint16>(p.data() + 2);
    if (length != p.size() || length < 11)
        return malformed();
    // X.224: length indicator, then the TPDU code in the high nibble (CC = 0xD0, credit in the low one)
    const int indicator = quint8(p.at(4));
    if ((quint8(p.at(5)) & 0xf0) != ConnectionConfirm)
        return r;
    if (indicator < 6 || 5 + indicator > p.size())
        return malformed();
    r.kind = RdpConfirm::Kind::Confirm;
    // the variable part after the 7 fixed octets holds RDP_NEG_RSP / RDP_NEG_FAILURE, 8 octets
    if (indicator >= 6 + 8) {
        ByteReader neg(p.sliced(11, 8));
        const quint8 type = neg.u8();
        const quint8 flags = neg.u8();
        const quint16 length = neg.u16le();
        const quint32 value = neg.u32le();
        if ((type != RdpConfirm::Response && type != RdpConfirm::Failure) || length != 8)
            return malformed();
        r.negotiation = type;
        r.flags = flags;
        if (type == RdpConfirm::Response)
            r.selectedProtocol = value;
        else
            r.failureCode = value;
    }
    return r;
}

} // namespace RdpWire
