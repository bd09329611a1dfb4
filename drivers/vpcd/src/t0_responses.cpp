// SPDX-License-Identifier: MIT
#include "t0_responses.hpp"

#include <algorithm>

#include "readerkit/t0.hpp"

namespace readerkit::vpcd::detail {
namespace {

constexpr std::byte kInsGetResponse{0xC0};
constexpr std::byte kSw1MoreData{0x61};
constexpr std::byte kSw1WrongLength{0x6C};
constexpr std::size_t kHeader = 5;  // CLA INS P1 P2 P3

std::size_t p3_length(std::byte p3) {
  const auto n = static_cast<std::size_t>(p3);
  return n == 0 ? 256 : n;  // ISO/IEC 7816-3 §12.2.2: P3 = 00 asks for 256 bytes
}

bool is_get_response(std::span<const std::byte> tpdu) {
  return tpdu.size() == kHeader && tpdu[1] == kInsGetResponse && tpdu[2] == std::byte{0} &&
         tpdu[3] == std::byte{0};
}

void set_status(Bytes& response, std::byte sw1, std::size_t count) {
  response.assign({sw1, static_cast<std::byte>(count & 0xFF)});  // 256 and more read as 00
}

}  // namespace

Status T0Responses::transmit(CardLink& link, std::span<const std::byte> tpdu, Bytes& response) {
  if (!held_.empty() && is_get_response(tpdu)) {
    serve_get_response(p3_length(tpdu[4]), response);
    return Status::SUCCESS;
  }
  held_.clear();
  // The library's T=0 rules decide what the card sees, as for every driver: a case 4S command
  // goes as its case 3 TPDU, and a command that is no TPDU never reaches the card.
  const auto parsed = parse_tpdu(tpdu);
  if (!parsed) return parsed.status();
  const bool case3 = !parsed->data.empty();
  Bytes sent(parsed->header.begin(), parsed->header.end());
  if (tpdu.size() == 4) sent.pop_back();  // case 1 without P3 goes to the card as it came
  sent.insert(sent.end(), parsed->data.begin(), parsed->data.end());
  Status s = link.exchange(sent, response);
  if (s != Status::SUCCESS || !case3 || response.size() <= 2) return s;
  held_ = std::move(response);
  set_status(response, kSw1MoreData, held_.size() - 2);
  return Status::SUCCESS;
}

void T0Responses::serve_get_response(std::size_t le, Bytes& response) {
  const std::size_t available = held_.size() - 2;
  if (le > available) {
    set_status(response, kSw1WrongLength, available);  // resend with P3 = available
    return;
  }
  response.assign(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(le));
  held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(le));
  if (held_.size() > 2) {
    response.push_back(kSw1MoreData);
    response.push_back(static_cast<std::byte>(std::min<std::size_t>(held_.size() - 2, 256) & 0xFF));
    return;
  }
  response.insert(response.end(), held_.begin(), held_.end());  // the card's own SW1 SW2
  held_.clear();
}

}  // namespace readerkit::vpcd::detail
