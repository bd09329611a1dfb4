// SPDX-License-Identifier: MIT
// ATR decoding (ISO/IEC 7816-3 §8.2-8.3): one pass over the bytes, no heap allocation. The pass
// meets the problems in byte order (docs/protocol.md gives their positions), so each is appended
// to `errors` as it is found: bad TS, an answer over 33 bytes (a property of the whole answer,
// reported right after TS), RFU Fi/Di at TA1, RFU values and T=15 in TD1 at their bytes, then a
// missing or wrong TCK, trailing bytes, or the end of the input (truncated).
#include "readerkit/atr.hpp"

#include <algorithm>
#include <cstring>

#include "detail/atr_tables.hpp"
#include "readerkit/inverse.hpp"

namespace readerkit {
namespace {

constexpr std::uint8_t kTsDirect = 0x3B;
constexpr std::uint8_t kTsInverse = 0x3F;
constexpr std::uint8_t kTsInverseRaw = 0x03;  // 0x3F read in direct convention
constexpr std::uint8_t kT15 = 15;             // global interface bytes, not a protocol
constexpr std::uint16_t kT1Bit = 1u << 1;

/// Exclusive-OR of the bytes, eight at a time (an ATR is up to 33 bytes).
std::uint8_t xor_of(std::span<const std::byte> bytes) {
  std::uint64_t wide = 0;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    wide ^= word;
  }
  wide ^= wide >> 32;
  wide ^= wide >> 16;
  wide ^= wide >> 8;
  auto x = static_cast<std::uint8_t>(wide);
  for (; i < bytes.size(); ++i) x ^= static_cast<std::uint8_t>(bytes[i]);
  return x;
}

/// Decoding state: the logical bytes, the read position and what the pass has seen so far.
/// `kInvert` converts each byte as it is read: only for an over-long answer read in inverse
/// convention, whose bytes `info.atr` does not all hold (a separate instance, so the usual
/// decoding pays nothing for it).
template <bool kInvert>
class Decoder {
 public:
  /// `in` is the whole answer.
  Decoder(AtrInfo& info, std::span<const std::byte> in) : info_(info), in_(in) {}

  void run() {
    if (read_ts() && read_t0() && read_groups() && read_historical()) read_tck();
    finish();
  }

 private:
  std::uint8_t byte_at(std::size_t k) const {
    return static_cast<std::uint8_t>(kInvert ? invert_byte(in_[k]) : in_[k]);
  }
  std::optional<std::uint8_t> next() {
    if (pos_ >= in_.size()) return std::nullopt;
    return byte_at(pos_++);
  }
  // At most ATR_MAX_ERRORS problems exist (atr.hpp lists them), so none is refused.
  void problem(AtrError e) { info_.errors.push_back(e); }
  bool truncated() { return problem(AtrError::truncated), false; }

  bool read_ts() {
    auto ts = next();
    if (!ts) return truncated();
    if (*ts == kTsInverse)
      info_.convention = Convention::inverse;
    else if (*ts != kTsDirect)
      problem(AtrError::bad_ts);
    if (in_.size() > ATR_MAX_LENGTH) problem(AtrError::too_long);  // §8.2.1 (decided: after TS)
    return true;
  }

  bool read_t0() {
    auto t0 = next();
    if (!t0) return truncated();
    info_.t0 = *t0;
    return true;
  }

  /// Interface byte groups: Y(i) says which of TAi..TDi follow; TDi names the next T. Each
  /// group after the first costs its TD byte, so the loop ends with the input. A group is read
  /// in place in `groups` (a group past ATR_MAX_GROUPS, only in a too-long answer, is read into
  /// `spare` and not kept).
  bool read_groups() {
    std::uint8_t y = info_.t0 >> 4;
    std::optional<std::uint8_t> protocol;  // none for group 1
    std::optional<AtrGroup> spare;
    for (std::size_t i = 1;; ++i) {
      AtrGroup& g = info_.groups.push_back(AtrGroup{}) ? info_.groups.back() : spare.emplace();
      g.protocol = protocol;
      if (!read_group(i, y, g)) return truncated();
      if (!g.td) return true;
      y = *g.td >> 4;
      protocol = *g.td & 0x0F;
    }
  }

  /// The bytes of group i that Y announces, in the order TA TB TC TD; false when the answer
  /// ends first.
  bool read_group(std::size_t i, std::uint8_t y, AtrGroup& g) {
    return read_interface_byte<0>(i, y, g.ta, g) && read_interface_byte<1>(i, y, g.tb, g) &&
           read_interface_byte<2>(i, y, g.tc, g) && read_interface_byte<3>(i, y, g.td, g);
  }

  /// One of TAi..TDi (bit 0..3 of Y) when Y announces it.
  template <int bit>
  bool read_interface_byte(std::size_t i, std::uint8_t y, std::optional<std::uint8_t>& slot,
                           const AtrGroup& g) {
    if ((y >> bit & 1) == 0) return true;
    auto b = next();
    if (!b) return false;
    slot = *b;
    interpret(i, g, bit, *b);
    return true;
  }

  void interpret(std::size_t i, const AtrGroup& g, int bit, std::uint8_t b) {
    if (i == 1) return interpret_group1(bit, b);
    if (bit == 3) return interpret_td(i, b);
    if (i == 2) return interpret_group2(bit, b);
    if (g.protocol == 1) interpret_t1(bit, b);
  }

  void interpret_group1(int bit, std::uint8_t b) {
    if (bit == 0) {  // TA1: Fi / Di
      ta1_present_ = true;
      set_rates(b >> 4, b & 0x0F);
      if (!info_.fi || !info_.di) problem(AtrError::rfu_fi_di);
    } else if (bit == 2) {  // TC1: extra guard time N
      info_.n = b;
    } else if (bit == 3) {  // TD1
      interpret_td(1, b);
    }  // TB1: obsolete VPP, kept in groups only
  }

  void set_rates(std::uint8_t fi_index, std::uint8_t di_index) {
    info_.fi_index = fi_index;
    info_.di_index = di_index;
    info_.fi = detail::fi_of(fi_index);
    info_.di = detail::di_of(di_index);
    info_.fmax_khz = detail::fmax_khz_of(fi_index);
  }

  void interpret_td(std::size_t i, std::uint8_t td) {
    const std::uint8_t t = td & 0x0F;
    if (t != 0) tck_required_ = true;  // §8.2.5: TCK absent only when T=0 alone is offered
    if (t == kT15) {
      if (i == 1) problem(AtrError::t15_in_td1);
      return;
    }
    const auto bit = static_cast<std::uint16_t>(1u << t);
    if (offered_ & bit) return;
    offered_ |= bit;
    info_.protocols.push_back(t);  // T=0..14, each once: at most ATR_MAX_PROTOCOLS
  }

  void interpret_group2(int bit, std::uint8_t b) {
    if (bit == 0) {  // TA2: specific mode
      info_.specific_protocol = b & 0x0F;
      info_.specific_implicit = (b & 0x10) != 0;
      info_.specific_cannot_change = (b & 0x80) != 0;
    } else if (bit == 2) {  // TC2: WI for T=0; 0 is RFU
      info_.wi = b;
      if (b == 0) problem(AtrError::rfu_value);
    }
  }

  /// First TA/TB/TC of a group (i > 2) introduced by T=1: IFSC, BWI/CWI, EDC (§11.4).
  void interpret_t1(int bit, std::uint8_t b) {
    if (bit == 0 && !info_.ifsc) {
      info_.ifsc = b;
      if (b == 0x00 || b == 0xFF) problem(AtrError::rfu_value);
    } else if (bit == 1 && !info_.bwi) {
      info_.bwi = static_cast<std::uint8_t>(b >> 4);
      info_.cwi = static_cast<std::uint8_t>(b & 0x0F);
      if (*info_.bwi > 9) problem(AtrError::rfu_value);
    } else if (bit == 2 && !info_.edc) {
      info_.edc = (b & 0x01) ? Edc::crc : Edc::lrc;
    }
  }

  bool read_historical() {
    const std::size_t k = info_.t0 & 0x0F;
    const std::size_t have = std::min(k, in_.size() - pos_);
    if constexpr (kInvert) {
      for (std::size_t j = pos_; j < pos_ + have; ++j)
        info_.historical_bytes.push_back(std::byte{byte_at(j)});
    } else {
      info_.historical_bytes.assign(in_.subspan(pos_, have));
    }
    pos_ += have;
    if (have < k) return truncated();
    return true;
  }

  void read_tck() {
    if (tck_required_) {
      if (auto tck = next())
        check_tck(*tck);
      else
        problem(AtrError::tck_missing);
    }
    info_.declared_length = pos_;
    if (pos_ < in_.size()) problem(AtrError::trailing_bytes);
  }

  /// §8.2.5: T0 to TCK exclusive-ORed give 0.
  void check_tck(std::uint8_t tck) {
    std::uint8_t x = 0;
    if constexpr (kInvert)
      for (std::size_t j = 1; j < pos_; ++j) x ^= byte_at(j);
    else
      x = xor_of(in_.subspan(1, pos_ - 1));
    info_.tck_present = true;
    info_.tck = tck;
    info_.tck_valid = x == 0;
    if (x != 0) problem(AtrError::tck_wrong);
  }

  void finish() {
    if (info_.protocols.empty()) info_.protocols.push_back(0);
    if (!ta1_present_) set_rates(info_.fi_index, info_.di_index);
    fill_t1_defaults();
    info_.error = info_.errors.empty() ? AtrError::none : info_.errors.front();
    info_.valid = info_.errors.empty();
  }

  /// T=1 values not announced take their defaults when T=1 is offered (§11.4).
  void fill_t1_defaults() {
    if ((offered_ & kT1Bit) == 0) return;  // then none was set: only T=1 groups set them
    if (!info_.ifsc) info_.ifsc = 32;
    if (!info_.bwi) info_.bwi = 4, info_.cwi = 13;
    if (!info_.edc) info_.edc = Edc::lrc;
  }

  AtrInfo& info_;
  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
  bool tck_required_ = false;
  bool ta1_present_ = false;
  std::uint16_t offered_ = 0;  // bit T set once a TD offered T
};

}  // namespace

bool AtrInfo::offers(std::uint8_t protocol) const {
  return std::find(protocols.begin(), protocols.end(), protocol) != protocols.end();
}

bool AtrInfo::has_error(AtrError e) const {
  return std::find(errors.begin(), errors.end(), e) != errors.end();
}

AtrInfo decode_atr(std::span<const std::byte> atr) {
  AtrInfo info;
  info.atr.assign(atr);  // the first ATR_MAX_LENGTH bytes
  // An inverse-convention ATR read in direct convention is converted first (§8.1).
  const bool raw_inverse = !atr.empty() && atr[0] == std::byte{kTsInverseRaw};
  if (raw_inverse) invert_bytes(info.atr);
  // info.atr holds the whole answer unless it is too long; then the input is decoded itself.
  const bool whole = atr.size() <= ATR_MAX_LENGTH;
  if (raw_inverse && !whole)
    Decoder<true>(info, atr).run();
  else
    Decoder<false>(info, raw_inverse ? std::span<const std::byte>(info.atr) : atr).run();
  return info;
}

}  // namespace readerkit
