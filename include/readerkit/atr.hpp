// SPDX-License-Identifier: MIT
// Answer-to-Reset decoding (ISO/IEC 7816-3 §8; docs/protocol.md "ATR").
// decode_atr() decodes whatever it can and classifies the first problem; parse_atr() applies the
// contract's strict or lenient acceptance rule on top (docs/contract/ioctl.md §6).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "readerkit/bytes.hpp"
#include "readerkit/inline_vector.hpp"
#include "readerkit/result.hpp"

namespace readerkit {

/// Longest answer to reset, TS included (ISO/IEC 7816-3 §8.2.1).
inline constexpr std::size_t ATR_MAX_LENGTH = 33;
/// Most historical bytes: K, their count, is the low nibble of T0 (ISO/IEC 7816-3 §8.2.2).
inline constexpr std::size_t ATR_MAX_HISTORICAL = 15;
/// Most interface byte groups an ATR of ATR_MAX_LENGTH holds: T0 and each TDi announce the
/// next group and each takes one of the 32 bytes after TS (§8.2.3).
inline constexpr std::size_t ATR_MAX_GROUPS = ATR_MAX_LENGTH - 1;
/// Most protocols a TD byte can name: T=0 to T=14 (T=15 names global bytes, §8.2.3).
inline constexpr std::size_t ATR_MAX_PROTOCOLS = 15;
/// Most problems one decoding reports: bad TS, too long, RFU Fi/Di, T=15 in TD1, three RFU
/// values (TC2, IFSC, BWI), one of truncated / TCK missing / TCK wrong, trailing bytes.
inline constexpr std::size_t ATR_MAX_ERRORS = 9;

/// First problem found in an ATR; names are the CLI's `error` codes (docs/contract/cli.md).
enum class AtrError {
  none,
  bad_ts,          // "bad-ts"
  truncated,       // "truncated"
  too_long,        // "too-long"
  trailing_bytes,  // "trailing-bytes"
  tck_missing,     // "tck-missing"
  tck_wrong,       // "tck-wrong"
  t15_in_td1,      // "t15-in-td1"
  rfu_fi_di,       // "rfu-fi-di"
  rfu_value,       // "rfu-value"
};

/// "bad-ts" etc.; empty for AtrError::none.
std::string_view atr_error_code(AtrError e);

enum class Convention { direct, inverse };
enum class Edc { lrc, crc };

/// One interface byte group i (TAi TBi TCi TDi), as present in the ATR.
struct AtrGroup {
  std::optional<std::uint8_t> ta, tb, tc, td;
  /// Protocol T announced by the TD that introduced this group (group 1: none).
  std::optional<std::uint8_t> protocol;
};

/// Everything an ATR says, decoded (fields follow docs/contract/cli.md's `atr` JSON). Every
/// sequence lives inside the object (InlineVector, capacities from ISO/IEC 7816-3), so
/// decoding allocates nothing. An answer longer than ATR_MAX_LENGTH (error `too_long`) is
/// still decoded whole, but `atr` keeps its first ATR_MAX_LENGTH bytes and `groups` its first
/// ATR_MAX_GROUPS groups.
struct AtrInfo {
  /// The ATR in logical byte values (inverse ATRs converted: 3F..), at most ATR_MAX_LENGTH.
  InlineVector<std::byte, ATR_MAX_LENGTH> atr;
  bool valid = false;
  AtrError error = AtrError::none;
  Convention convention = Convention::direct;
  std::uint8_t t0 = 0;
  InlineVector<AtrGroup, ATR_MAX_GROUPS> groups;  // group 1 first
  std::uint8_t fi_index = 1;                      // TA1 high nibble (default 1)
  std::uint8_t di_index = 1;                      // TA1 low nibble (default 1)
  std::optional<std::uint32_t> fi;                // F, nullopt when RFU
  std::optional<std::uint32_t> di;                // D, nullopt when RFU
  std::optional<std::uint32_t> fmax_khz;          // nullopt when RFU
  std::uint32_t n = 0;                            // TC1
  /// T values offered, in TD order without repeats (T=15 excluded; [0] without TD1).
  InlineVector<std::uint8_t, ATR_MAX_PROTOCOLS> protocols;
  std::optional<std::uint8_t> specific_protocol;  // TA2 low nibble when TA2 present
  bool specific_implicit = false;                 // TA2 bit 5: implicit parameters
  bool specific_cannot_change = false;            // TA2 bit 8
  std::uint32_t wi = 10;                          // TC2 or default
  // T=1 values (announced or default) when T=1 is offered; nullopt otherwise.
  std::optional<std::uint8_t> ifsc;  // raw byte, even when invalid 0x00/0xFF
  std::optional<std::uint8_t> bwi;
  std::optional<std::uint8_t> cwi;
  std::optional<Edc> edc;
  /// What is present, even when truncated.
  InlineVector<std::byte, ATR_MAX_HISTORICAL> historical_bytes;
  bool tck_present = false;
  std::uint8_t tck = 0;           // the TCK byte (logical value) when tck_present
  std::optional<bool> tck_valid;  // nullopt without TCK
  /// Every problem found, in byte order; `error` is the first of them.
  InlineVector<AtrError, ATR_MAX_ERRORS> errors;
  /// Number of bytes the ATR's own structure announces (TS to TCK), when not truncated.
  std::size_t declared_length = 0;

  /// True when a TD byte offers protocol T (T=0 also when there is no TD1).
  bool offers(std::uint8_t protocol) const;
  /// True when `errors` holds e.
  bool has_error(AtrError e) const;
};

/// Decodes an ATR given in direct-convention byte order as read from the line (an inverse
/// convention ATR starts with 0x03 in that order, 0x3F once converted). Never fails: problems
/// are reported in `valid` / `error` with every decodable field filled in.
AtrInfo decode_atr(std::span<const std::byte> atr);

/// Acceptance options of "update card capabilities" (docs/contract/ioctl.md §6).
struct AtrParseOptions {
  /// Accept a wrong or missing TCK and RFU Fi/Di (treated as 372/1), with a logged warning.
  bool lenient = false;
};

/// decode_atr() then the acceptance rule: UNRECOGNIZED_MEDIA for an ATR that is not ISO
/// (bad TS, truncated, RFU Fi/Di, TCK wrong or missing, ...) unless lenient allows it.
Result<AtrInfo> parse_atr(std::span<const std::byte> atr, const AtrParseOptions& options = {});

/// Timing derived from an ATR for a given clock (docs/protocol.md): microseconds.
struct AtrTiming {
  double etu_us = 0;
  std::uint32_t wt_us = 0;     // T=0 work waiting time
  std::uint32_t bwt_us = 0;    // T=1 block waiting time
  std::uint32_t cwt_us = 0;    // T=1 character waiting time
  std::uint32_t gt_etu = 12;   // guard time in etu (12 + N; N = 255: 12 for T=0, 11 for T=1)
  std::uint32_t bgt_etu = 22;  // T=1 block guard time
  std::uint32_t gt_us = 0;     // guard time (character to character), µs, rounded up
  std::uint32_t bgt_us = 0;    // block guard time, µs, rounded up
};

/// F (clock rate conversion integer) for a TA1 high nibble; nullopt when RFU (ISO/IEC 7816-3
/// table 7).
std::optional<std::uint32_t> fi_value(std::uint8_t fi_index);
/// fmax in kHz for a TA1 high nibble; nullopt when RFU.
std::optional<std::uint32_t> fmax_khz_value(std::uint8_t fi_index);
/// D (baud rate adjustment integer) for a TA1 low nibble; nullopt when RFU (table 8).
std::optional<std::uint32_t> di_value(std::uint8_t di_index);
/// Computes etu, WT (from WI), BWT/CWT (from BWI/CWI or their defaults) and GT for the clock
/// `clock_khz` and the F/D in use.
AtrTiming atr_timing(const AtrInfo& info, std::uint32_t clock_khz, std::uint32_t f,
                     std::uint32_t d);

}  // namespace readerkit
