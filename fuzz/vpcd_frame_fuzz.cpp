// SPDX-License-Identifier: MIT
// Fuzz target: what a vpcd card (vicc or any peer on the port) sends to the reader. The input
// is the peer's answers (length-prefixed frames, docs/vpcd.md), one chunk per request, cut
// anywhere; the reader side runs a fixed conversation over a socket pair: power on with ATR, APDUs,
// T=0 TPDUs through the GET RESPONSE emulation, a reset. Invariants: every exchange ends in a
// status without waiting for the timeout when the peer has gone; an ATR handed back has 1..33
// bytes; a response has SW1 SW2 and fits a frame; after a failure other than a refused request the
// link is broken.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <thread>

#include "card_link.hpp"
#include "readerkit/atr.hpp"
#include "t0_responses.hpp"

using namespace readerkit;
using namespace readerkit::vpcd::detail;

namespace {

[[noreturn]] void violated() {
  std::abort();
}

const Bytes kSelect{std::byte{0x00}, std::byte{0xA4}, std::byte{0x04}, std::byte{0x00},
                    std::byte{0x02}, std::byte{0x3F}, std::byte{0x00}, std::byte{0x00}};
const Bytes kRead{std::byte{0x00}, std::byte{0xB0}, std::byte{0x00}, std::byte{0x00},
                  std::byte{0x10}};
const Bytes kGetResponse{std::byte{0x00}, std::byte{0xC0}, std::byte{0x00}, std::byte{0x00},
                         std::byte{0x08}};

void check_atr(Status s, const Bytes& atr) {
  if (s == Status::SUCCESS && (atr.empty() || atr.size() > ATR_MAX_LENGTH)) violated();
}
void check_response(Status s, const Bytes& r) {
  if (s == Status::SUCCESS && (r.size() < kMinResponseApdu || r.size() > kMaxPayload + 2))
    violated();
}

void conversation(CardLink& link) {
  constexpr std::array on{VpcdControl::VPCD_CTRL_ON, VpcdControl::VPCD_CTRL_ATR};
  constexpr std::array reset{VpcdControl::VPCD_CTRL_RESET, VpcdControl::VPCD_CTRL_ATR};
  Bytes atr;
  Bytes response;
  check_atr(link.power(on, atr), atr);
  T0Responses t0;
  for (const Bytes* apdu : {&kSelect, &kRead, &kSelect, &kGetResponse, &kGetResponse}) {
    if (link.broken()) return;
    check_response(link.exchange(*apdu, response), response);
    if (link.broken()) return;
    check_response(t0.transmit(link, *apdu, response), response);
  }
  if (link.broken()) return;
  check_atr(link.power(reset, atr), atr);
  if (!link.broken()) check_response(link.exchange(kRead, response), response);
}

/// The card's side: answers each request (whatever the reader wrote in one go) with the next
/// chunk of the input, then closes. The input is a sequence of chunks, each a 2-byte
/// big-endian length and that many bytes (cut short at the end of the input): a chunk may hold
/// a partial frame, several frames or bytes after the answer (unsolicited). When the reader
/// sends nothing more for a moment (it waits for the rest of a partial frame), the peer closes.
void peer(int fd, std::span<const std::uint8_t> in) {
  std::array<std::uint8_t, 4096> request{};
  while (!in.empty()) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5) != 1 || read(fd, request.data(), request.size()) <= 0) break;
    std::size_t n = in.size() >= 2 ? std::size_t{in[0]} << 8 | in[1] : 0;
    in = in.subspan(std::min<std::size_t>(2, in.size()));
    n = std::min(n, in.size());
    if (n > 0 && write(fd, in.data(), n) < 0) break;
    in = in.subspan(n);
  }
  shutdown(fd, SHUT_WR);  // end of stream: the reader sees the card go
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) violated();
  std::thread card(peer, fds[1], std::span<const std::uint8_t>(data, size));
  {
    configure_stream(fds[0]);
    CardLink link(Fd(fds[0]), std::chrono::milliseconds(1000));
    conversation(link);
  }  // closing the reader's end ends the peer's wait
  card.join();
  close(fds[1]);
  return 0;
}
