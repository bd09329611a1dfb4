// SPDX-License-Identifier: MIT
// Human and JSON decodes of the CCID class descriptor, for `readerkit list` and docs.
#include <array>
#include <nlohmann/json.hpp>
#include <sstream>

#include "readerkit/ccid/descriptor.hpp"

namespace readerkit::ccid {
namespace {

struct BitName {
  std::uint32_t bit;
  const char* name;
};

constexpr std::array kVoltages{BitName{0x01, "5.0V"}, BitName{0x02, "3.0V"},
                               BitName{0x04, "1.8V"}};
constexpr std::array kProtocols{BitName{0x01, "T=0"}, BitName{0x02, "T=1"}};
constexpr std::array kPinSupport{BitName{0x01, "verification"}, BitName{0x02, "modification"}};
constexpr std::array kMechanical{BitName{0x01, "accept"}, BitName{0x02, "eject"},
                                 BitName{0x04, "capture"}, BitName{0x08, "lock/unlock"}};

template <std::size_t N>
std::vector<std::string> names(std::uint32_t value, const std::array<BitName, N>& table) {
  std::vector<std::string> out;
  for (const auto& row : table) {
    if ((value & row.bit) != 0) out.emplace_back(row.name);
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string hex(std::uint32_t v, int width) {
  std::ostringstream s;
  s << "0x" << std::hex << std::uppercase;
  s.width(width);
  s.fill('0');
  s << v;
  return s.str();
}

std::string bcd_version(std::uint16_t bcd) {
  return std::to_string(bcd >> 8) + "." + hex(bcd & 0xFFu, 2).substr(2);
}

}  // namespace

std::string describe(const ClassDescriptor& d) {
  std::ostringstream s;
  auto line = [&s](const char* label, const std::string& value) {
    s << "  " << label;
    for (std::size_t i = std::char_traits<char>::length(label); i < 24; ++i) s << ' ';
    s << value << '\n';
  };
  line("bcdCCID", bcd_version(d.bcdCCID));
  line("bMaxSlotIndex", std::to_string(d.bMaxSlotIndex) + " (" +
                            std::to_string(d.slot_count()) + " slot(s))");
  line("bVoltageSupport", hex(d.bVoltageSupport, 2) + " " + join(names(d.bVoltageSupport, kVoltages)));
  line("dwProtocols", hex(d.dwProtocols, 8) + " " + join(names(d.dwProtocols, kProtocols)));
  line("dwDefaultClock", std::to_string(d.dwDefaultClock) + " kHz");
  line("dwMaximumClock", std::to_string(d.dwMaximumClock) + " kHz");
  line("bNumClockSupported", std::to_string(d.bNumClockSupported));
  line("dwDataRate", std::to_string(d.dwDataRate) + " bps");
  line("dwMaxDataRate", std::to_string(d.dwMaxDataRate) + " bps");
  line("bNumDataRatesSupp.", std::to_string(d.bNumDataRatesSupported));
  line("dwMaxIFSD", std::to_string(d.dwMaxIFSD));
  line("dwSynchProtocols", hex(d.dwSynchProtocols, 8));
  line("dwMechanical", hex(d.dwMechanical, 8) + " " + join(names(d.dwMechanical, kMechanical)));
  line("dwFeatures", hex(d.dwFeatures, 8));
  for (const auto& f : feature_names(d.dwFeatures)) line("", "- " + f);
  line("exchange level", std::string(exchange_level_name(d.exchange_level())));
  line("dwMaxCCIDMessageLength", std::to_string(d.dwMaxCCIDMessageLength));
  line("bClassGetResponse", hex(d.bClassGetResponse, 2));
  line("bClassEnvelope", hex(d.bClassEnvelope, 2));
  line("wLcdLayout", hex(d.wLcdLayout, 4));
  line("bPINSupport", hex(d.bPINSupport, 2) + " " + join(names(d.bPINSupport, kPinSupport)));
  line("bMaxCCIDBusySlots", std::to_string(d.bMaxCCIDBusySlots));
  return s.str();
}

std::string to_json(const ClassDescriptor& d) {
  nlohmann::ordered_json j;
  j["bcdCCID"] = bcd_version(d.bcdCCID);
  j["bMaxSlotIndex"] = d.bMaxSlotIndex;
  j["bVoltageSupport"] = d.bVoltageSupport;
  j["voltages"] = names(d.bVoltageSupport, kVoltages);
  j["dwProtocols"] = d.dwProtocols;
  j["protocols"] = names(d.dwProtocols, kProtocols);
  j["dwDefaultClock"] = d.dwDefaultClock;
  j["dwMaximumClock"] = d.dwMaximumClock;
  j["bNumClockSupported"] = d.bNumClockSupported;
  j["dwDataRate"] = d.dwDataRate;
  j["dwMaxDataRate"] = d.dwMaxDataRate;
  j["bNumDataRatesSupported"] = d.bNumDataRatesSupported;
  j["dwMaxIFSD"] = d.dwMaxIFSD;
  j["dwSynchProtocols"] = d.dwSynchProtocols;
  j["dwMechanical"] = d.dwMechanical;
  j["dwFeatures"] = hex(d.dwFeatures, 8);
  j["features"] = feature_names(d.dwFeatures);
  j["exchange_level"] = exchange_level_name(d.exchange_level());
  j["dwMaxCCIDMessageLength"] = d.dwMaxCCIDMessageLength;
  j["bClassGetResponse"] = d.bClassGetResponse;
  j["bClassEnvelope"] = d.bClassEnvelope;
  j["wLcdLayout"] = d.wLcdLayout;
  j["bPINSupport"] = d.bPINSupport;
  j["pin_support"] = names(d.bPINSupport, kPinSupport);
  j["bMaxCCIDBusySlots"] = d.bMaxCCIDBusySlots;
  return j.dump();
}

}  // namespace readerkit::ccid
