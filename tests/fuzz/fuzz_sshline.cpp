// libFuzzer target: the SSH identification line reader and the "what else answered" recogniser.
#include "foreignreply.h"
#include "sshwire.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const SshIdentification id = SshWire::parseIdentification(bytes);
    id.supportsSsh2();
    ForeignReply::identify(bytes);
    return 0;
}
