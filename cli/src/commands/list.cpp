// SPDX-License-Identifier: MIT
// `list`: the USB CCID readers on this machine with their class descriptor decoded (issue 7),
// then the readers pcscd serves. Needs no open reader. JSON: one line
// {"cmd":"list","readers":[...],"pcsc":[...]}, each USB reader with its identity, the SPEC that
// opens it and the descriptor's fields ("ccid"); each PC/SC reader with its name and SPEC
// ("pcsc" is null, with "pcsc_error", when there is no PC/SC service). Exit 0 when the bus could
// be scanned (even with no reader), 1 otherwise.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "readerkit/pcsc/pcsc_reader.hpp"
#include "session.hpp"
#include "text.hpp"

#if __has_include("readerkit/ccid/ccid_reader.hpp")
#include "readerkit/ccid/ccid_reader.hpp"
#define READERKIT_CLI_HAS_CCID 1
#endif

namespace readerkit::cli {
namespace {

#ifdef READERKIT_CLI_HAS_CCID
// The SPEC that reopens this reader; a serial holding ':' cannot be a SPEC field.
std::string spec_of(const ccid::UsbIdentity& id) {
  std::string spec = "usb:" + usb_id_hex(id.vendor_id) + ":" + usb_id_hex(id.product_id);
  if (!id.serial.empty() && id.serial.find(':') == std::string::npos) spec += ":" + id.serial;
  return spec;
}

nlohmann::ordered_json to_json(const ccid::UsbReaderInfo& r) {
  const auto& id = r.identity;
  nlohmann::ordered_json j;
  j["spec"] = spec_of(id);
  j["vendor_id"] = usb_id_hex(id.vendor_id);
  j["product_id"] = usb_id_hex(id.product_id);
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
              id.product.c_str(), usb_id_hex(id.vendor_id).c_str(),
              usb_id_hex(id.product_id).c_str(), unsigned{id.bus}, unsigned{id.address},
              unsigned{id.interface_number});
  std::printf("  SPEC                    %s\n", spec_of(id).c_str());
  if (!id.serial.empty()) std::printf("  serial                  %s\n", id.serial.c_str());
  if (!r.quirks.name.empty()) {
    std::printf("  quirks                  %.*s\n", static_cast<int>(r.quirks.name.size()),
                r.quirks.name.data());
  }
  std::fputs(ccid::describe(r.descriptor).c_str(), stdout);
}
#endif

// The SPEC of a PC/SC reader: its name, cut before a ':' (a SPEC field cannot hold one; the
// name's start still picks it, by substring).
std::string pcsc_spec(const std::string& name) {
  return "pcsc:" + name.substr(0, name.find(':'));
}

struct PcscListing {
  std::vector<std::string> names;
  std::string error;  // no PC/SC service or client library
};

PcscListing pcsc_listing() {
  PcscListing l;
  if (!pcsc::list_pcsc_readers(l.names, l.error)) l.names.clear();
  return l;
}

void add_pcsc_json(nlohmann::ordered_json& line, const PcscListing& l) {
  if (!l.error.empty()) {
    line["pcsc"] = nullptr;
    line["pcsc_error"] = l.error;
    return;
  }
  line["pcsc"] = nlohmann::ordered_json::array();
  for (const std::string& name : l.names)
    line["pcsc"].push_back({{"name", name}, {"spec", pcsc_spec(name)}});
}

void print_pcsc_human(const PcscListing& l) {
  if (!l.error.empty()) {
    std::printf("PC/SC: %s\n", l.error.c_str());
    return;
  }
  if (l.names.empty()) std::printf("no PC/SC reader (pcscd serves none)\n");
  for (const std::string& name : l.names)
    std::printf("PC/SC reader %s\n  SPEC                    %s\n", name.c_str(),
                pcsc_spec(name).c_str());
}

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
    add_pcsc_json(line, pcsc_listing());
    std::printf("%s\n", line.dump().c_str());
  } else {
    if (readers.empty()) std::printf("no USB CCID reader found\n");
    for (const auto& r : readers) print_human(r);
    print_pcsc_human(pcsc_listing());
  }
  std::fflush(stdout);
  return Outcome::success;
#else
  return report_error(session, "list", "this build has no USB CCID driver (READERKIT_BUILD_CCID)");
#endif
}

}  // namespace

Action define_list(CLI::App&) {
  return run_list;
}

}  // namespace readerkit::cli
