// SPDX-License-Identifier: MIT
#include "atr_reader.hpp"

#include "readerkit/atr.hpp"
#include "readerkit/inverse.hpp"

namespace readerkit::sim {
namespace {

constexpr std::byte TS_DIRECT{0x3B}, TS_INVERSE_RAW{0x03};

/// Reads one byte; nullopt on timeout. Other failures end the read through `status`.
std::optional<std::byte> next(ByteTransport& line, Status& status) {
  std::byte b{};
  status = line.receive({&b, 1}, kAtrCharTimeoutUs);
  if (status != Status::SUCCESS) return std::nullopt;
  return b;
}

}  // namespace

Result<Bytes> read_atr(ByteTransport& line) {
  Status s = Status::SUCCESS;
  Bytes atr;
  auto ts = next(line, s);
  if (!ts) return s;
  atr.push_back(*ts);
  const bool inverse = *ts == TS_INVERSE_RAW;
  if (*ts != TS_DIRECT && !inverse) {  // not an ATR: take what comes until silence
    while (atr.size() < ATR_MAX_LENGTH) {
      auto b = next(line, s);
      if (!b) break;
      atr.push_back(*b);
    }
    return s == Status::NO_MEDIA ? Result<Bytes>(s) : Result<Bytes>(atr);
  }
  const auto logical = [inverse](std::byte b) {
    return static_cast<std::uint8_t>(inverse ? invert_byte(b) : b);
  };
  auto t0 = next(line, s);
  if (!t0) return s == Status::NO_MEDIA ? Result<Bytes>(s) : Result<Bytes>(atr);
  atr.push_back(*t0);
  // Interface bytes group by group (Y nibble of T0 / TDi), then K historical bytes and TCK
  // when a TDi named a protocol other than T=0.
  const auto read_into = [&](std::size_t n) {
    for (std::size_t i = 0; i < n && atr.size() < ATR_MAX_LENGTH; ++i) {
      auto b = next(line, s);
      if (!b) return false;
      atr.push_back(*b);
    }
    return true;
  };
  std::uint8_t y = logical(*t0) & 0xF0;
  const std::size_t k = logical(*t0) & 0x0F;
  bool tck = false;
  while (y != 0 && atr.size() < ATR_MAX_LENGTH) {
    const std::size_t n = ((y >> 4) & 1u) + ((y >> 5) & 1u) + ((y >> 6) & 1u);
    if (!read_into(n)) break;
    if ((y & 0x80) == 0 || !read_into(1)) {
      y = 0;
      break;
    }
    const std::uint8_t td = logical(atr.back());
    y = td & 0xF0;
    if ((td & 0x0F) != 0) tck = true;
  }
  if (s == Status::SUCCESS) (void)read_into(k + (tck ? 1 : 0));
  if (s == Status::NO_MEDIA) return s;
  return atr;
}

}  // namespace readerkit::sim
