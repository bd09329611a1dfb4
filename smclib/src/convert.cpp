// SPDX-License-Identifier: MIT
// The C structures of smclib.h seen from the core's: one function per direction.
#include <algorithm>
#include <cstring>
#include <string>

#include "bridge.hpp"
#include "readerkit/atr.hpp"
#include "readerkit/card.hpp"
#include "readerkit/status.hpp"

namespace readerkit::smclib {
namespace {

template <typename Field>
std::string text_of(const Field& f) {
  const std::size_t n = std::min<std::size_t>(f.Length, sizeof f.Buffer);
  return std::string(reinterpret_cast<const char*>(f.Buffer), n);
}

template <std::size_t N>
void copy_bytes(UCHAR (&out)[N], UCHAR& length, std::span<const std::byte> in) {
  const std::size_t n = std::min(in.size(), N);
  if (n != 0) std::memcpy(out, in.data(), n);  // an empty span may have no data pointer
  length = static_cast<UCHAR>(n);
}

ULONG ulong(std::uint64_t v) {
  return static_cast<ULONG>(std::min<std::uint64_t>(v, 0xFFFFFFFFu));
}

// The tables CardCapabilities.ClockRateConversion / BitRateAdjustment point to, indexed by
// Fl / Dl: the core's ISO 7816-3 tables (F and fmax in Hz; D as a fraction; RFU entries 0).
ULONG f_of(std::uint8_t i) {
  return fi_value(i).value_or(0);
}
ULONG fs_of(std::uint8_t i) {
  return ulong(std::uint64_t{fmax_khz_value(i).value_or(0)} * 1000);
}
ULONG d_of(std::uint8_t i) {
  return di_value(i).value_or(0);
}
#define READERKIT_CRC(i)  \
  CLOCK_RATE_CONVERSION { \
    f_of(i), fs_of(i)     \
  }
#define READERKIT_BRA(i)            \
  BIT_RATE_ADJUSTMENT {             \
    d_of(i), d_of(i) != 0 ? 1u : 0u \
  }
const CLOCK_RATE_CONVERSION kClockRateConversion[16] = {
    READERKIT_CRC(0),  READERKIT_CRC(1),  READERKIT_CRC(2),  READERKIT_CRC(3),
    READERKIT_CRC(4),  READERKIT_CRC(5),  READERKIT_CRC(6),  READERKIT_CRC(7),
    READERKIT_CRC(8),  READERKIT_CRC(9),  READERKIT_CRC(10), READERKIT_CRC(11),
    READERKIT_CRC(12), READERKIT_CRC(13), READERKIT_CRC(14), READERKIT_CRC(15)};
const BIT_RATE_ADJUSTMENT kBitRateAdjustment[16] = {
    READERKIT_BRA(0),  READERKIT_BRA(1),  READERKIT_BRA(2),  READERKIT_BRA(3),
    READERKIT_BRA(4),  READERKIT_BRA(5),  READERKIT_BRA(6),  READERKIT_BRA(7),
    READERKIT_BRA(8),  READERKIT_BRA(9),  READERKIT_BRA(10), READERKIT_BRA(11),
    READERKIT_BRA(12), READERKIT_BRA(13), READERKIT_BRA(14), READERKIT_BRA(15)};
#undef READERKIT_CRC
#undef READERKIT_BRA

}  // namespace

ReaderCapabilities reader_from_c(const SMARTCARD_EXTENSION& ext) {
  const VENDOR_ATTR& v = ext.VendorAttr;
  const SCARD_READER_CAPABILITIES& r = ext.ReaderCapabilities;
  ReaderCapabilities out;
  out.vendor_name = text_of(v.VendorName);
  out.ifd_type = text_of(v.IfdType);
  out.ifd_version = std::uint32_t{v.IfdVersion.VersionMajor} << 24 |
                    std::uint32_t{v.IfdVersion.VersionMinor} << 16 | v.IfdVersion.BuildNumber;
  out.serial_number = text_of(v.IfdSerialNo);
  out.reader_type = static_cast<ReaderType>(r.ReaderType);
  out.channel = r.Channel;
  out.protocol_types = r.SupportedProtocols;
  out.default_clk_khz = r.CLKFrequency.Default;
  out.max_clk_khz = std::max(r.CLKFrequency.Max, r.CLKFrequency.Default);
  out.current_clk_khz = r.CLKFrequency.Default;
  out.default_data_rate = r.DataRate.Default;
  out.max_data_rate = std::max(r.DataRate.Max, r.DataRate.Default);
  out.max_ifsd = r.MaxIFSD != 0 ? r.MaxIFSD : 254;
  out.power_mgmt_support = r.PowerMgmtSupport;
  out.mechanics = r.MechProperties;
  return out;
}

void card_to_c(const CardCapabilities& card, const ReaderCapabilities& reader,
               SCARD_CARD_CAPABILITIES& out) {
  copy_bytes(out.ATR.Buffer, out.ATR.Length, card.atr);
  out.HistoricalChars.Length = 0;
  out.InversConvention = card.inverse_convention ? 1 : 0;
  out.Protocol.Supported = card.protocol_types;
  out.Protocol.Selected = card.protocol_selected;
  const std::uint32_t clk = reader.current_clk_khz != 0 ? reader.current_clk_khz : 3580;
  out.etu = ulong(std::uint64_t{card.f} * 1000 / (std::uint64_t{card.d} * clk));
  out.N = static_cast<UCHAR>(card.n);
  out.T0.WI = static_cast<UCHAR>(card.wi);
  out.T0.WT = card.wt_us;
  out.T1.IFSC = static_cast<UCHAR>(card.ifsc);
  out.T1.EDC = card.edc == Edc::crc ? T1_CRC_CHECK : 0;
  out.T1.CWT = card.cwt_us;
  out.T1.BWT = card.bwt_us;
  out.Fl = 1;
  out.Dl = 1;
  out.ClockRateConversion = const_cast<PCLOCK_RATE_CONVERSION>(kClockRateConversion);
  out.BitRateAdjustment = const_cast<PBIT_RATE_ADJUSTMENT>(kBitRateAdjustment);
  if (!card.atr_info) return;
  const AtrInfo& info = *card.atr_info;
  copy_bytes(out.HistoricalChars.Buffer, out.HistoricalChars.Length, info.historical_bytes);
  out.Fl = info.fi_index;
  out.Dl = info.di_index;
  out.T1.CWI = info.cwi.value_or(13);
  out.T1.BWI = info.bwi.value_or(4);
  const AtrTiming timing = atr_timing(info, clk, card.f, card.d);
  out.GT = timing.gt_us;
  out.T1.BGT = timing.bgt_us;
}

void t1_to_c(const ProtocolState& protocol, T1_DATA& out) {
  const T1State& t1 = protocol.t1;
  out.IFSC = static_cast<UCHAR>(t1.ifsc);
  out.IFSD = static_cast<UCHAR>(t1.ifsd);
  out.BytesSent = ulong(t1.command_offset);
  out.BytesReceived = ulong(t1.response_length);
  out.NAD = protocol.nad;
  out.SSN = t1.ns;
  out.RSN = t1.nr;
  out.State = static_cast<ULONG>(t1.phase);
  out.Resend = t1.retries;
  out.Resynch = t1.resynchs;
  out.Wtx = protocol.wtx_multiplier > 1 ? static_cast<UCHAR>(protocol.wtx_multiplier) : 0;
  out.WaitForReply = t1.awaiting_reply ? 1 : 0;
}

void perf_to_c(const PerfCounters& perf, PERF_INFO& out) {
  out.NumTransmissions = perf.transmissions;
  out.BytesSent = perf.bytes_sent;
  out.BytesReceived = perf.bytes_received;
  out.IoTickCount.QuadPart = LONGLONG{perf.transmit_time_us} * 10;
}

Status to_status(NTSTATUS value) {
  const auto raw = static_cast<std::uint32_t>(value);
  if (auto known = status_from_ntstatus(raw)) return *known;
  if (raw == 0x00000102u) return Status::IO_TIMEOUT;  // STATUS_TIMEOUT
  return value < 0 ? Status::DEVICE_PROTOCOL_ERROR : Status::SUCCESS;
}

}  // namespace readerkit::smclib
