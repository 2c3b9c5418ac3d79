#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

// LDAPv3 over BER (RFC 4511 4.1.1, 4.5.1, 4.5.2; X.690 definite lengths only): the anonymous RootDSE
// search a probe sends and a bounded reader for the server's answers.
namespace LdapWire {

enum class Parse { NeedMore, Complete, Malformed };

// protocolOp tags (RFC 4511 4.2 - 4.12)
constexpr quint8 SearchRequestTag = 0x63;
constexpr quint8 SearchResultEntryTag = 0x64;
constexpr quint8 SearchResultDoneTag = 0x65;
constexpr quint8 SearchResultReferenceTag = 0x73;
constexpr quint8 ExtendedResponseTag = 0x78;

struct Message
{
    int messageId = -1;
    quint8 op = 0;      // the protocolOp's tag
    QByteArray opValue; // its contents (without tag and length)
};

// The RootDSE attributes asked for; Active Directory adds the last three.
QStringList rootDseAttributes();
// SearchRequest: baseObject "", scope base, derefAliases never, no limits, (objectClass=*).
QByteArray rootDseSearchRequest(int messageId);
QByteArray unbindRequest(int messageId);

// One LDAPMessage at the front of buffer. consumed is set on Complete. A message longer than
// maxMessageBytes is Malformed, so a hostile length never makes us wait for gigabytes.
Parse readMessage(const QByteArray &buffer, Message *message, int *consumed, int maxMessageBytes = 65536);

// SearchResultEntry contents -> attribute type -> values; false when the layout is wrong.
bool parseSearchResultEntry(const QByteArray &opValue, QString *objectName, QMap<QString, QStringList> *attributes);
// LDAPResult (SearchResultDone, BindResponse, ExtendedResponse): resultCode, or -1 when malformed.
int parseResultCode(const QByteArray &opValue, QString *diagnosticMessage = nullptr);

} // namespace LdapWire
