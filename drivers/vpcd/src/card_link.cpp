// SPDX-License-Identifier: MIT
#include "card_link.hpp"

#include <sys/socket.h>

#include "readerkit/atr.hpp"

namespace readerkit::vpcd::detail {

Status CardLink::fail(Status s) {
  broken_ = true;
  shut_down();
  return s;
}

void CardLink::shut_down() {
  if (fd_) ::shutdown(fd_.get(), SHUT_RDWR);
}

Status CardLink::send(std::span<const std::byte> frames, Clock::time_point deadline) {
  if (broken_) return Status::NO_MEDIA;
  // The card never speaks first: bytes waiting before a request are garbage (or the end of the
  // stream), and reading them as the answer would shift every later response by one.
  Status s = check_quiet(fd_.get());
  if (s != Status::SUCCESS) return fail(s);
  s = write_all(fd_.get(), frames, deadline);
  return s == Status::SUCCESS ? s : fail(s);
}

Status CardLink::receive(Bytes& payload, std::size_t min, std::size_t max,
                         Clock::time_point deadline) {
  std::array<std::byte, kLengthPrefixSize> prefix{};
  Status s = read_exact(fd_.get(), prefix, deadline);
  if (s != Status::SUCCESS) return fail(s);
  const std::size_t length = decode_length(prefix);
  // Check the announced length before reading the body: an oversized or undersized frame
  // means the peer does not speak the protocol, so nothing it sends next can be trusted.
  if (length < min || length > max) return fail(Status::DEVICE_PROTOCOL_ERROR);
  payload.resize(length);
  s = read_exact(fd_.get(), payload, deadline);
  if (s != Status::SUCCESS) return fail(s);
  // One request, one answer: bytes already queued behind the answer were sent unasked (a
  // flooding peer), so which frame answered the request cannot be known. A hang-up right
  // after the answer is not a violation: the answer stands and the I/O thread sees the close.
  return unsolicited() ? fail(Status::DEVICE_PROTOCOL_ERROR) : Status::SUCCESS;
}

bool CardLink::unsolicited() const {
  return check_quiet(fd_.get()) == Status::DEVICE_PROTOCOL_ERROR;
}

Status CardLink::power(std::span<const VpcdControl> commands, Bytes& atr) {
  const auto deadline = Clock::now() + timeout_;
  out_.clear();
  for (VpcdControl c : commands) append_control(out_, c);
  Status s = send(out_, deadline);
  if (s != Status::SUCCESS || commands.empty() || commands.back() != VpcdControl::VPCD_CTRL_ATR)
    return s;
  s = receive(atr, 0, ATR_MAX_LENGTH, deadline);
  if (s != Status::SUCCESS) return s;
  // vpcd's rule: a card is present when connected and its ATR is not empty; a peer without
  // an ATR is no card, so the slot lets it go like a removed one.
  return atr.empty() ? fail(Status::NO_MEDIA) : Status::SUCCESS;
}

Status CardLink::exchange(std::span<const std::byte> apdu, Bytes& response) {
  if (apdu.size() < kMinCommandApdu || apdu.size() > kMaxPayload)
    return Status::INVALID_PARAMETER;
  const auto deadline = Clock::now() + timeout_;
  out_.clear();
  append_frame(out_, apdu);
  Status s = send(out_, deadline);
  if (s != Status::SUCCESS) return s;
  return receive(response, kMinResponseApdu, kMaxPayload, deadline);
}

}  // namespace readerkit::vpcd::detail
