// SPDX-License-Identifier: MIT
// ATR decoding (ISO/IEC 7816-3 §8.2-8.3): one pass over the bytes, recording every problem with
// its position so that `error` is the first problem in byte order, after a bad TS and an
// answer over 33 bytes (docs/protocol.md).
#include "readerkit/atr.hpp"

#include <algorithm>
#include <utility>

#include "readerkit/inverse.hpp"

namespace readerkit {
namespace {

constexpr std::uint8_t kTsDirect = 0x3B;
constexpr std::uint8_t kTsInverse = 0x3F;
constexpr std::uint8_t kTsInverseRaw = 0x03;  // 0x3F read in direct convention
constexpr std::uint8_t kT15 = 15;             // global interface bytes, not a protocol

/// Decoding state: the logical bytes, the read position and the problems found so far.
class Decoder {
 public:
  explicit Decoder(AtrInfo& info) : info_(info), in_(info.atr) {}

  void run() {
    if (!read_ts() || !read_t0() || !read_groups() || !read_historical()) return finish();
    read_tck();
    finish();
  }

 private:
  std::optional<std::uint8_t> next() {
    if (pos_ >= in_.size()) return std::nullopt;
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  void problem(std::size_t at, AtrError e) { found_.emplace_back(at, e); }
  void truncated() { problem(in_.size(), AtrError::truncated); }

  bool read_ts() {
    auto ts = next();
    if (!ts) return truncated(), false;
    if (*ts == kTsInverse)
      info_.convention = Convention::inverse;
    else if (*ts != kTsDirect)
      problem(0, AtrError::bad_ts);
    return true;
  }

  bool read_t0() {
    auto t0 = next();
    if (!t0) return truncated(), false;
    info_.t0 = *t0;
    return true;
  }

  /// Interface byte groups: Y(i) says which of TAi..TDi follow; TDi names the next T.
  bool read_groups() {
    std::uint8_t y = info_.t0 >> 4;
    std::optional<std::uint8_t> protocol;
    for (std::size_t i = 1;; ++i) {
      AtrGroup g;
      g.protocol = protocol;
      std::optional<std::uint8_t>* slots[] = {&g.ta, &g.tb, &g.tc, &g.td};
      for (int bit = 0; bit < 4; ++bit) {
        if ((y >> bit & 1) == 0) continue;
        const std::size_t at = pos_;
        auto b = next();
        if (!b) return info_.groups.push_back(g), truncated(), false;
        *slots[bit] = *b;
        interpret(i, g, bit, *b, at);
      }
      info_.groups.push_back(g);
      if (!g.td) return true;
      y = *g.td >> 4;
      protocol = *g.td & 0x0F;
    }
  }

  void interpret(std::size_t i, const AtrGroup& g, int bit, std::uint8_t b, std::size_t at) {
    if (i == 1) return interpret_group1(bit, b, at);
    if (bit == 3) return interpret_td(i, b, at);
    if (i == 2) return interpret_group2(bit, b, at);
    if (g.protocol == 1) interpret_t1(bit, b, at);
  }

  void interpret_group1(int bit, std::uint8_t b, std::size_t at) {
    if (bit == 0) {  // TA1: Fi / Di
      info_.fi_index = b >> 4;
      info_.di_index = b & 0x0F;
    } else if (bit == 2) {  // TC1: extra guard time N
      info_.n = b;
    } else if (bit == 3) {  // TD1
      interpret_td(1, b, at);
    }  // TB1: obsolete VPP, kept in groups only
  }

  void interpret_td(std::size_t i, std::uint8_t td, std::size_t at) {
    const std::uint8_t t = td & 0x0F;
    if (t != 0) tck_required_ = true;  // §8.2.5: TCK absent only when T=0 alone is offered
    if (t == kT15) {
      if (i == 1) problem(at, AtrError::t15_in_td1);
      return;
    }
    if (std::find(info_.protocols.begin(), info_.protocols.end(), t) == info_.protocols.end())
      info_.protocols.push_back(t);
  }

  void interpret_group2(int bit, std::uint8_t b, std::size_t at) {
    if (bit == 0) {  // TA2: specific mode
      info_.specific_protocol = b & 0x0F;
      info_.specific_implicit = (b & 0x10) != 0;
      info_.specific_cannot_change = (b & 0x80) != 0;
    } else if (bit == 2) {  // TC2: WI for T=0; 0 is RFU
      info_.wi = b;
      if (b == 0) problem(at, AtrError::rfu_value);
    }
  }

  /// First TA/TB/TC of a group (i > 2) introduced by T=1: IFSC, BWI/CWI, EDC (§11.4).
  void interpret_t1(int bit, std::uint8_t b, std::size_t at) {
    if (bit == 0 && !info_.ifsc) {
      info_.ifsc = b;
      if (b == 0x00 || b == 0xFF) problem(at, AtrError::rfu_value);
    } else if (bit == 1 && !info_.bwi) {
      info_.bwi = static_cast<std::uint8_t>(b >> 4);
      info_.cwi = static_cast<std::uint8_t>(b & 0x0F);
      if (*info_.bwi > 9) problem(at, AtrError::rfu_value);
    } else if (bit == 2 && !info_.edc) {
      info_.edc = (b & 0x01) ? Edc::crc : Edc::lrc;
    }
  }

  bool read_historical() {
    const std::size_t k = info_.t0 & 0x0F;
    const std::size_t have = std::min(k, in_.size() - pos_);
    info_.historical_bytes.assign(in_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                  in_.begin() + static_cast<std::ptrdiff_t>(pos_ + have));
    pos_ += have;
    if (have < k) return truncated(), false;
    return true;
  }

  void read_tck() {
    if (tck_required_) {
      const std::size_t at = pos_;
      if (!next()) {
        problem(at, AtrError::tck_missing);
      } else {
        std::uint8_t x = 0;
        for (std::size_t j = 1; j < pos_; ++j) x ^= static_cast<std::uint8_t>(in_[j]);
        info_.tck_present = true;
        info_.tck_valid = x == 0;
        if (x != 0) problem(at, AtrError::tck_wrong);
      }
    }
    info_.declared_length = pos_;
    if (pos_ < in_.size()) problem(pos_, AtrError::trailing_bytes);
  }

  void finish() {
    // Over 33 bytes is a property of the whole answer: reported right after TS (decided).
    if (in_.size() > ATR_MAX_LENGTH) problem(0, AtrError::too_long);
    if (info_.protocols.empty()) info_.protocols.push_back(0);
    fill_derived();
    std::stable_sort(found_.begin(), found_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& f : found_) info_.errors.push_back(f.second);
    info_.error = found_.empty() ? AtrError::none : found_.front().second;
    info_.valid = found_.empty();
  }

  void fill_derived() {
    info_.fi = fi_value(info_.fi_index);
    info_.di = di_value(info_.di_index);
    info_.fmax_khz = fmax_khz_value(info_.fi_index);
    if ((!info_.fi || !info_.di) && has_ta1()) problem(ta1_pos(), AtrError::rfu_fi_di);
    if (!info_.offers(1)) {
      info_.ifsc.reset(), info_.bwi.reset(), info_.cwi.reset(), info_.edc.reset();
      return;
    }
    if (!info_.ifsc) info_.ifsc = 32;
    if (!info_.bwi) info_.bwi = 4, info_.cwi = 13;
    if (!info_.edc) info_.edc = Edc::lrc;
  }

  bool has_ta1() const { return !info_.groups.empty() && info_.groups[0].ta.has_value(); }
  static std::size_t ta1_pos() { return 2; }  // TS T0 TA1

  AtrInfo& info_;
  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
  bool tck_required_ = false;
  std::vector<std::pair<std::size_t, AtrError>> found_;
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
  info.atr.assign(atr.begin(), atr.end());
  // An inverse-convention ATR read in direct convention: convert everything first (§8.1).
  if (!atr.empty() && static_cast<std::uint8_t>(atr[0]) == kTsInverseRaw) invert_bytes(info.atr);
  Decoder(info).run();
  return info;
}

}  // namespace readerkit
