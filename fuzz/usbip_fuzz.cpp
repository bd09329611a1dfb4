// SPDX-License-Identifier: MIT
// Fuzz target: USB/IP messages as a server or a client receives them (docs/usbip.md). The input
// is decoded as an op header, an import request's busid, a CMD_SUBMIT / CMD_UNLINK header,
// a RET header and a whole OP_REP_DEVLIST. Invariants: a decoded command header encodes back to
// the same 48 bytes (submit) or the same fields (unlink); a transfer length above 1 MiB is never
// accepted; a decoded device list encodes back to the input.
#include <cstdio>
#include <cstdlib>
#include <span>

#include "readerkit/usbip/protocol.hpp"

using namespace readerkit;
using namespace readerkit::usbip;

namespace {

[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "usbip_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  (void)decode_op_header(in);
  (void)decode_busid(in);
  (void)decode_return_header(in);
  if (auto h = decode_command_header(in)) {
    if (h->transfer_buffer_length > kMaxTransferLength) violated("oversized transfer accepted");
    if (h->basic.command == USBIP_CMD_SUBMIT) {
      const auto again = encode_submit(*h);
      if (!std::equal(again.begin(), again.end(), in.begin())) violated("submit round trip");
      (void)to_urb(*h, {});
    } else {
      const auto again = decode_command_header(encode_unlink(h->basic.seqnum, h->unlink_seqnum));
      if (!again || again->unlink_seqnum != h->unlink_seqnum) violated("unlink round trip");
    }
  }
  if (auto list = decode_devlist_reply(in)) {
    // Names are NUL-terminated on the wire: a name with bytes after its NUL comes back shorter,
    // so compare the decoded values, not the bytes.
    const auto again = decode_devlist_reply(encode_devlist_reply(*list));
    if (!again || again->size() != list->size()) violated("device list round trip");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto& a = (*list)[i];
      const auto& b = (*again)[i];
      // The encoder keeps one byte for the NUL: a 32-byte name comes back 31 bytes long.
      if (a.busid.substr(0, kBusIdSize - 1) != b.busid || a.idVendor != b.idVendor ||
          a.interfaces.size() != b.interfaces.size()) {
        violated("device fields round trip");
      }
    }
  }
  return 0;
}
