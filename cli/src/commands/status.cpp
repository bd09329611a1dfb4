// SPDX-License-Identifier: MIT
// `status`: the reader and the card as the device holds them. It reads the device's state
// directly instead of issuing IOCTLs, so it never changes the last error or the counters.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/attribute.hpp"
#include "session.hpp"

namespace readerkit::cli {
namespace {

void add_reader_attributes(StatusRecord& s, const ReaderCapabilities& r) {
  auto& a = s.attributes;
  a["VENDOR_NAME"] = r.vendor_name;
  a["VENDOR_IFD_TYPE"] = r.ifd_type;
  a["CHANNEL_ID"] =
      std::string(reader_type_name(r.reader_type)) + ", channel " + std::to_string(r.channel);
  a["PROTOCOL_TYPES"] = protocol_mask_name(r.protocol_types);
  a["DEFAULT_CLK"] = r.default_clk_khz;
  a["MAX_CLK"] = r.max_clk_khz;
  a["DEFAULT_DATA_RATE"] = r.default_data_rate;
  a["MAX_DATA_RATE"] = r.max_data_rate;
  a["MAX_IFSD"] = r.max_ifsd;
  a["CURRENT_CLK"] = r.current_clk_khz;
}

// Values in use once a protocol is selected (docs/contract/ioctl.md §5 CURRENT_*).
void add_card_attributes(StatusRecord& s, const CardCapabilities& c) {
  auto& a = s.attributes;
  a["CURRENT_F"] = c.f;
  a["CURRENT_D"] = c.d;
  a["CURRENT_N"] = c.n;
  a["CURRENT_W"] = c.wi;
  if (c.protocol_selected == SCARD_PROTOCOL_T1) {
    a["CURRENT_IFSC"] = c.ifsc;
    a["CURRENT_IFSD"] = c.ifsd;
    a["CURRENT_BWT"] = c.bwt_us;
    a["CURRENT_CWT"] = c.cwt_us;
    a["CURRENT_EBC_ENCODING"] = c.edc == Edc::lrc ? "LRC" : "CRC";
  }
}

}  // namespace

Action define_status(CLI::App&) {
  return [](Session& session) {
    std::string error;
    Device* device = session.device(error);
    if (device == nullptr) return report_error(session, "status", error);
    StatusRecord s;
    s.reader = session.reader_description();
    s.state = device->state();
    s.last_error = device->last_error();
    const CardCapabilities card = device->card();
    if (s.state >= CardState::SCARD_POWERED && !card.atr.empty()) s.atr = card.atr;
    if (s.state == CardState::SCARD_SPECIFIC) s.protocol = card.protocol_selected;
    add_reader_attributes(s, device->reader());
    if (s.state == CardState::SCARD_SPECIFIC) add_card_attributes(s, card);
    session.printer().status(s);
    return Outcome::success;
  };
}

}  // namespace readerkit::cli
