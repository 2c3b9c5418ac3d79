// libFuzzer target: the LDAP BER reader and the RootDSE entry parser (LdapWire).
#include "ldapwire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray buffer(reinterpret_cast<const char *>(data), qsizetype(size));
    for (int messages = 0; messages < 64; ++messages) {
        LdapWire::Message message;
        int consumed = 0;
        if (LdapWire::readMessage(buffer, &message, &consumed, 4096) != LdapWire::Parse::Complete)
            break;
        if (consumed <= 0 || consumed > buffer.size())
            __builtin_trap();
        QString name;
        QMap<QString, QStringList> attributes;
        LdapWire::parseSearchResultEntry(message.opValue, &name, &attributes);
        QString diagnostic;
        LdapWire::parseResultCode(message.opValue, &diagnostic);
        buffer.remove(0, consumed);
    }
    return 0;
}
