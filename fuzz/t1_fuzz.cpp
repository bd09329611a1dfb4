// SPDX-License-Identifier: MIT
// Fuzz target: the T=1 engine with the card's blocks as input. Byte 0 picks the settings
// (EDC, IFSC, initial S(IFS)); the rest is a sequence of [length][block] records, length 0
// meaning silence. The exchange must end (bounded recovery) with a documented status.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "readerkit/card.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/t1.hpp"

using namespace readerkit;

namespace {

class FuzzCard : public BlockTransport {
 public:
  explicit FuzzCard(std::span<const std::byte> script) : script_(script) {}
  Status send_block(std::span<const std::byte> block) override {
    return block.size() <= t1::MAX_BLOCK ? Status::SUCCESS : Status::INVALID_PARAMETER;
  }
  Result<std::size_t> receive_block(std::span<std::byte> out, std::uint32_t,
                                    std::uint32_t) override {
    if (++rounds_ > 100000) std::abort();  // the engine must give up long before
    if (script_.empty()) return Status::IO_TIMEOUT;
    const std::size_t n =
        std::min<std::size_t>(static_cast<std::uint8_t>(script_[0]), script_.size() - 1);
    const std::size_t len = std::min(n, out.size());
    std::copy_n(script_.begin() + 1, len, out.begin());
    script_ = script_.subspan(1 + n);
    if (n == 0) return Status::IO_TIMEOUT;
    return len;
  }

 private:
  std::span<const std::byte> script_;
  int rounds_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  CardCapabilities card;
  ReaderCapabilities reader;
  ProtocolState protocol;
  card.edc = (data[0] & 1) ? Edc::crc : Edc::lrc;
  card.ifsc = 1u + ((data[0] >> 1) & 0x3F);
  protocol.suppress_t1_ifs_request = (data[0] & 0x80) != 0;
  const Bytes input =
      transmit_request(SCARD_PROTOCOL_T1, Bytes(300, std::byte{0x5A}));  // needs chaining
  Bytes output(70000);
  std::size_t returned = 0;
  CallbackParams params;
  params.request = input;
  params.reply = output;
  params.bytes_returned = &returned;
  params.card = &card;
  params.reader = &reader;
  params.protocol = &protocol;
  FuzzCard transport({reinterpret_cast<const std::byte*>(data) + 1, size - 1});
  const Status s = t1_transmit(params, transport);
  const bool documented = s == Status::SUCCESS || s == Status::DEVICE_PROTOCOL_ERROR ||
                          s == Status::IO_TIMEOUT || s == Status::BUFFER_TOO_SMALL;
  if (!documented || protocol.t1.phase != T1Phase::idle) std::abort();
  if (s == Status::SUCCESS && returned > output.size()) std::abort();
  return 0;
}
