// SPDX-License-Identifier: MIT
// `list`: the USB CCID readers on this machine with their class descriptor decoded (issue 7).
// Needs no open reader. JSON: one line {"cmd":"list","readers":[...]}, each reader with its
// identity, the SPEC that opens it and the descriptor's fields ("ccid"). Exit 0 when the bus
// could be scanned (even with no reader), 1 otherwise.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "session.hpp"

#if __has_include("readerkit/ccid/ccid_reader.hpp")
#include "readerkit/ccid/ccid_reader.hpp"
#define READERKIT_CLI_HAS_CCID 1
#endif

namespace readerkit::cli {
namespace {

#ifdef READERKIT_CLI_HAS_CCID
std::string hex4(std::uint16_t v) {
  char text[5];
  std::snprintf(text, sizeof text, "%04x", v);
  return text;
}

// The SPEC that reopens this reader; a serial holding ':' cannot be a SPEC field.
std::string spec_of(const ccid::UsbIdentity& id) {
  std::string spec = "usb:" + hex4(id.vendor_id) + ":" + hex4(id.product_id);
  if (!id.serial.empty() && id.serial.find(':') == std::string::npos) spec += ":" + id.serial;
  return spec;
}

nlohmann::ordered_json to_json(const ccid::UsbReaderInfo& r) {
  const auto& id = r.identity;
  nlohmann::ordered_json j;
  j["spec"] = spec_of(id);
  j["vendor_id"] = hex4(id.vendor_id);
  j["product_id"] = hex4(id.product_id);
  j["bus"] = id.bus;
  j["address"] = id.address;
  j["interface"] = id.interface_number;
  j["manufacturer"] = id.manufacturer;
  j["product"] = id.product;
  j["serial"] = id.serial;
  j["quirks"] = std::string(r.quirks.name);
  j["ccid"] = nlohmann::ordered_json::parse(ccid::to_json(r.descriptor));
  return j;
}

void print_human(const ccid::UsbReaderInfo& r) {
  const auto& id = r.identity;
  std::printf("%s %s (%s:%s) bus %u address %u interface %u\n", id.manufacturer.c_str(),
              id.product.c_str(), hex4(id.vendor_id).c_str(), hex4(id.product_id).c_str(),
              unsigned{id.bus}, unsigned{id.address}, unsigned{id.interface_number});
  std::printf("  SPEC                    %s\n", spec_of(id).c_str());
  if (!id.serial.empty()) std::printf("  serial                  %s\n", id.serial.c_str());
  if (!r.quirks.name.empty()) {
    std::printf("  quirks                  %.*s\n", static_cast<int>(r.quirks.name.size()),
                r.quirks.name.data());
  }
  std::fputs(ccid::describe(r.descriptor).c_str(), stdout);
}
#endif

Outcome run_list(Session& session) {
#ifdef READERKIT_CLI_HAS_CCID
  std::string error;
  auto readers = ccid::list_usb_readers(error);
  if (!error.empty()) return report_error(session, "list", error);
  if (session.options().json) {
    nlohmann::ordered_json line;
    line["cmd"] = "list";
    line["readers"] = nlohmann::ordered_json::array();
    for (const auto& r : readers) line["readers"].push_back(to_json(r));
    std::printf("%s\n", line.dump().c_str());
  } else {
    if (readers.empty()) std::printf("no USB CCID reader found\n");
    for (const auto& r : readers) print_human(r);
  }
  std::fflush(stdout);
  return Outcome::success;
#else
  return report_error(session, "list", "this build has no USB CCID driver (READERKIT_BUILD_CCID)");
#endif
}

}  // namespace

Action define_list(CLI::App&) { return run_list; }

}  // namespace readerkit::cli
