// SPDX-License-Identifier: MIT
// The human ATR decode: every byte named and explained (ISO/IEC 7816-3 §8.2-8.3).
#include <cstdio>
#include <string>

#include "human_text.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

std::string byte_hex(std::uint8_t b) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02X", b);
  return buf;
}

std::string opt_num(const std::optional<std::uint32_t>& v) {
  return v ? std::to_string(*v) : std::string("RFU");
}

// Y(i+1): which interface bytes follow a TD (or T0) byte.
std::string y_text(std::uint8_t y) {
  static constexpr const char* kNames[] = {"TA", "TB", "TC", "TD"};
  std::string out;
  for (int bit = 0; bit < 4; ++bit) {
    if ((y >> bit & 1) == 0) continue;
    out += (out.empty() ? "" : " ") + std::string(kNames[bit]);
  }
  return out.empty() ? "no interface bytes" : out + " follow";
}

std::string ta1_text(std::uint8_t b) {
  const auto fi = static_cast<std::uint8_t>(b >> 4);
  const auto di = static_cast<std::uint8_t>(b & 0x0F);
  auto fmax = fmax_khz_value(fi);
  std::string out = "Fi=" + opt_num(fi_value(fi)) + " Di=" + opt_num(di_value(di));
  out += fmax ? " fmax=" + std::to_string(*fmax / 1000.0).substr(0, 4) + " MHz" : " fmax=RFU";
  if (auto f = fi_value(fi), d = di_value(di); f && d)
    out += ", " + std::to_string(*f / *d) + " cycles/etu";
  return out;
}

std::string ta2_text(std::uint8_t b) {
  std::string out = "specific mode, T=" + std::to_string(b & 0x0F);
  out += (b & 0x80) ? ", cannot change" : ", may change";
  out += (b & 0x10) ? ", implicit parameters" : ", parameters from TA1";
  return out;
}

std::string ta15_text(std::uint8_t b) {
  static constexpr const char* kClockStop[] = {"not supported", "state L", "state H",
                                               "no preference"};
  std::string classes;
  static constexpr const char* kClass[] = {"A (5 V)", "B (3 V)", "C (1.8 V)"};
  for (int i = 0; i < 3; ++i)
    if ((b >> i & 1) != 0) classes += (classes.empty() ? "" : ", ") + std::string(kClass[i]);
  return std::string("clock stop ") + kClockStop[b >> 6] + "; classes " +
         (classes.empty() ? "none" : classes);
}

// The meaning of TAi/TBi/TCi for i >= 3: depends on the T of the TD that introduced the group.
std::string later_text(char which, std::uint8_t b, std::optional<std::uint8_t> t) {
  if (t == 1) {
    if (which == 'A') return "IFSC=" + std::to_string(b) + (b == 0 || b == 0xFF ? " (RFU)" : "");
    if (which == 'B') return "BWI=" + std::to_string(b >> 4) + " CWI=" + std::to_string(b & 0x0F);
    if (which == 'C') return std::string("EDC ") + ((b & 1) ? "CRC" : "LRC");
  }
  if (t == 15 && which == 'A') return ta15_text(b);
  if (t == 15 && which == 'B') return "SPU " + byte_hex(b);
  return "T=" + (t ? std::to_string(*t) : std::string("?")) + " specific";
}

std::string interface_text(std::size_t i, char which, std::uint8_t b, const AtrGroup& g) {
  if (which == 'D')
    return "Y=" + y_text(static_cast<std::uint8_t>(b >> 4)) + "; T=" + std::to_string(b & 0x0F) +
           ((b & 0x0F) == 15 ? " (global)" : "");
  if (i == 1) {
    if (which == 'A') return ta1_text(b);
    if (which == 'B') return "VPP (deprecated)";
    return "N=" + std::to_string(b) + " extra guard etu" + (b == 255 ? " (minimum)" : "");
  }
  if (i == 2) {
    if (which == 'A') return ta2_text(b);
    if (which == 'B') return "PI2 (deprecated)";
    return "WI=" + std::to_string(b) + " (T=0 work waiting integer)";
  }
  return later_text(which, b, g.protocol);
}

void add_interface_bytes(TextBlock& t, const AtrInfo& info) {
  for (std::size_t i = 0; i < info.groups.size(); ++i) {
    const AtrGroup& g = info.groups[i];
    const std::optional<std::uint8_t>* bytes[] = {&g.ta, &g.tb, &g.tc, &g.td};
    static constexpr char kWhich[] = {'A', 'B', 'C', 'D'};
    for (int k = 0; k < 4; ++k) {
      if (!*bytes[k]) continue;
      std::string label =
          std::string("T") + kWhich[k] + std::to_string(i + 1) + " = " + byte_hex(**bytes[k]);
      t.push_back({label, interface_text(i + 1, kWhich[k], **bytes[k], g), 2});
    }
  }
}

std::string protocols_text(const AtrInfo& info) {
  std::string out;
  for (std::uint8_t p : info.protocols) out += (out.empty() ? "T=" : ", T=") + std::to_string(p);
  return out.empty() ? "none" : out;
}

void add_summary(TextBlock& t, const AtrInfo& info) {
  t.push_back({"protocols", protocols_text(info)});
  t.push_back({"Fi / Di", opt_num(info.fi) + " / " + opt_num(info.di)});
  t.push_back({"fmax", info.fmax_khz ? std::to_string(*info.fmax_khz) + " kHz" : "RFU"});
  t.push_back({"N / WI", std::to_string(info.n) + " / " + std::to_string(info.wi)});
  if (info.specific_protocol)
    t.push_back({"specific mode", "T=" + std::to_string(*info.specific_protocol)});
  if (info.ifsc) {
    std::string t1 = "IFSC=" + std::to_string(*info.ifsc) + " BWI=" + std::to_string(*info.bwi) +
                     " CWI=" + std::to_string(*info.cwi) +
                     (info.edc == Edc::crc ? " EDC=CRC" : " EDC=LRC");
    t.push_back({"T=1", t1});
  }
}

std::string tck_text(const AtrInfo& info) {
  if (!info.tck_present)
    return info.has_error(AtrError::tck_missing) ? "missing" : "absent (T=0 only)";
  return info.tck_valid == true ? "correct checksum" : "WRONG checksum";
}

std::string errors_text(const AtrInfo& info) {
  std::string out;
  for (AtrError e : info.errors) out += (out.empty() ? "" : ", ") + std::string(atr_error_code(e));
  return out;
}

}  // namespace

TextBlock atr_text(const AtrRecord& a) {
  const AtrInfo& info = a.info;
  TextBlock t;
  t.push_back({"ATR", spaced_hex(a.input), 0});
  t.push_back({"valid", info.valid ? "yes" : "no: " + errors_text(info)});
  if (!info.atr.empty()) {
    const auto ts = static_cast<std::uint8_t>(info.atr[0]);
    std::string conv =
        info.convention == Convention::direct ? "direct convention" : "inverse convention";
    if (info.has_error(AtrError::bad_ts)) conv = "not an ATR start byte";
    t.push_back({"TS = " + byte_hex(ts), conv, 2});
  }
  if (info.atr.size() >= 2) {
    t.push_back({"T0 = " + byte_hex(info.t0),
                 "Y=" + y_text(info.t0 >> 4) + "; K=" + std::to_string(info.t0 & 0x0F) +
                     " historical bytes",
                 2});
  }
  add_interface_bytes(t, info);
  if (!info.historical_bytes.empty()) {
    t.push_back({"historical", spaced_hex(info.historical_bytes), 2});
    t.push_back({"", "\"" + ascii_of(info.historical_bytes) + "\"", 2});
    add_historical_text(t, info.historical_bytes);
  }
  std::string tck_label = "TCK";
  if (info.tck_present) tck_label += " = " + byte_hex(info.tck);
  t.push_back({tck_label, tck_text(info), 2});
  add_summary(t, info);
  if (a.names) add_card_names_text(t, *a.names);
  return t;
}

}  // namespace readerkit::cli
