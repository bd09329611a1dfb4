// SPDX-License-Identifier: MIT
// `usbip serve` and `usbip list` (docs/usbip.md): any reader exported as a USB CCID device
// over USB/IP, and what a USB/IP server exports. Needs no session reader: serve opens each
// --reader itself (the global --reader when none is given) and runs until SIGINT or SIGTERM.
// Human output: one line per export, then "listening on HOST:PORT"; JSON: one line
// {"cmd":"usbip serve","listen":...,"exports":[...]} at start, {"cmd":"usbip serve",
// "stopped":true} at the end. `usbip list` prints one line per device (JSON: "devices").
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "readerkit/drivers/registry.hpp"
#include "session.hpp"
#include "text.hpp"

#if __has_include("readerkit/ccid_device/ccid_device.hpp")
#include "readerkit/ccid_device/ccid_device.hpp"
#include "readerkit/usbip/server.hpp"
#define READERKIT_CLI_HAS_USBIP 1
#endif

namespace readerkit::cli {
namespace {

#ifdef READERKIT_CLI_HAS_USBIP
struct ServeOptions {
  std::vector<std::string> readers;
  std::string profile = "apdu";
  std::string listen = "127.0.0.1:3240";
  std::string usb_id;
};

/// VID:PID in hex; false for anything else.
bool parse_usb_id(const std::string& text, std::uint16_t& vid, std::uint16_t& pid) {
  unsigned v = 0, p = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4x:%4x%c", &v, &p, &tail) != 2) return false;
  vid = static_cast<std::uint16_t>(v);
  pid = static_cast<std::uint16_t>(p);
  return true;
}

/// One exported reader: the reader and the CCID device in front of it.
struct Export {
  std::string spec;
  std::unique_ptr<Reader> reader;
  std::shared_ptr<ccid_device::CcidDevice> device;
};

/// Blocks SIGINT and SIGTERM in every thread started from now on, so that sigwait() receives
/// them; the old mask comes back when the scope ends.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
  }
  ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;
  int wait() const {
    int signal = 0;
    sigwait(&set_, &signal);
    return signal;
  }

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

void print_exports(Session& session, const std::vector<Export>& exports, const std::string& listen,
                   const std::string& profile) {
  if (session.options().json) {
    nlohmann::ordered_json line;
    line["cmd"] = "usbip serve";
    line["listen"] = listen;
    line["exports"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < exports.size(); ++i) {
      const auto info = exports[i].device->info();
      line["exports"].push_back({{"busid", "1-" + std::to_string(i + 1)},
                                 {"spec", exports[i].spec},
                                 {"profile", profile},
                                 {"vendor_id", usb_id_hex(info.idVendor)},
                                 {"product_id", usb_id_hex(info.idProduct)},
                                 {"reader", exports[i].reader->description()}});
    }
    std::printf("%s\n", line.dump().c_str());
  } else {
    for (std::size_t i = 0; i < exports.size(); ++i) {
      const auto info = exports[i].device->info();
      std::printf("usbip: 1-%zu %s:%s profile %s: %s\n", i + 1, usb_id_hex(info.idVendor).c_str(),
                  usb_id_hex(info.idProduct).c_str(), profile.c_str(),
                  exports[i].reader->description().c_str());
    }
    std::printf("usbip: listening on %s\n", listen.c_str());
  }
  std::fflush(stdout);
}

Outcome serve(Session& session, const ServeOptions& o) {
  const auto profile = ccid_device::find_profile(o.profile);
  if (!profile) return report_usage(session, "usbip serve", "unknown profile '" + o.profile + "'");
  ccid_device::CcidDeviceOptions device_options;
  device_options.profile = *profile;
  device_options.log = stderr_log(session.options().log_mask);
  if (!o.usb_id.empty() &&
      !parse_usb_id(o.usb_id, device_options.vendor_id, device_options.product_id)) {
    return report_usage(session, "usbip serve", "--usb-id wants VID:PID in hex, e.g. 08e6:4433");
  }
  BlockedSignals signals;
  std::vector<Export> exports;
  auto specs = o.readers;
  if (specs.empty()) specs.push_back(session.options().reader_spec);
  drivers::OpenOptions open_options;
  open_options.log = device_options.log;
  for (const auto& spec : specs) {
    // With --pcap every export traces into the one file: export K's slot S is channel 16K + S.
    if (auto pcap = session.pcap()) {
      const auto base = static_cast<std::uint32_t>(16 * exports.size());
      open_options.trace = [pcap, spec, base](std::size_t slot) {
        return pcap->channel(base + static_cast<std::uint32_t>(slot),
                             spec + " slot " + std::to_string(slot));
      };
    }
    auto opened = drivers::open_reader(spec, open_options);
    if (!opened.reader) return report_error(session, "usbip serve", spec + ": " + opened.error);
    if (auto problem = ccid_device::export_problem(*opened.reader, *profile); !problem.empty()) {
      return report_error(session, "usbip serve", spec + ": " + problem);
    }
    device_options.serial = "RK" + std::to_string(exports.size() + 1);
    auto device = std::make_shared<ccid_device::CcidDevice>(*opened.reader, device_options);
    exports.push_back({spec, std::move(opened.reader), std::move(device)});
  }
  usbip::ServerOptions server_options;
  server_options.listen = o.listen;
  server_options.log = Log(
      [](LogLevel, std::string_view m) {
        std::fprintf(stderr, "%.*s\n", static_cast<int>(m.size()), m.data());
      },
      static_cast<std::uint32_t>(LogLevel::DRIVER) | static_cast<std::uint32_t>(LogLevel::ERROR));
  std::vector<std::shared_ptr<usbip::UsbDevice>> devices;
  for (const auto& e : exports) devices.push_back(e.device);
  usbip::Server server(devices, server_options);
  if (auto error = server.start(); !error.empty()) {
    return report_error(session, "usbip serve", error);
  }
  print_exports(session, exports, server.listen_address(), o.profile);
  signals.wait();
  server.stop();
  if (session.options().json)
    std::printf("{\"cmd\":\"usbip serve\",\"stopped\":true}\n");
  else
    std::printf("usbip: stopped\n");
  std::fflush(stdout);
  return Outcome::success;
}

Outcome list(Session& session, const std::string& remote) {
  auto devices = usbip::list_exported(remote);
  if (!devices) return report_error(session, "usbip list", remote + ": " + devices.error);
  if (session.options().json) {
    nlohmann::ordered_json line;
    line["cmd"] = "usbip list";
    line["remote"] = remote;
    line["devices"] = nlohmann::ordered_json::array();
    for (const auto& d : devices.devices) {
      nlohmann::ordered_json interfaces = nlohmann::ordered_json::array();
      for (const auto& i : d.interfaces) interfaces.push_back(i.bInterfaceClass);
      line["devices"].push_back({{"busid", d.busid},
                                 {"vendor_id", usb_id_hex(d.idVendor)},
                                 {"product_id", usb_id_hex(d.idProduct)},
                                 {"interface_classes", interfaces}});
    }
    std::printf("%s\n", line.dump().c_str());
  } else {
    if (devices.devices.empty()) std::printf("%s exports no device\n", remote.c_str());
    for (const auto& d : devices.devices) {
      const bool ccid = !d.interfaces.empty() && d.interfaces.front().bInterfaceClass == 0x0B;
      std::printf("%s %s:%s%s\n", d.busid.c_str(), usb_id_hex(d.idVendor).c_str(),
                  usb_id_hex(d.idProduct).c_str(), ccid ? " smart card reader (CCID)" : "");
    }
  }
  std::fflush(stdout);
  return Outcome::success;
}
#endif

}  // namespace

Action define_usbip(CLI::App& sub) {
#ifdef READERKIT_CLI_HAS_USBIP
  auto serve_options = std::make_shared<ServeOptions>();
  auto remote = std::make_shared<std::string>("127.0.0.1:3240");
  // The action runs after the parser (and its subcommand objects) are gone: it keeps only what
  // their callbacks recorded.
  auto serving = std::make_shared<bool>(false);
  auto* serve_cmd = sub.add_subcommand("serve", "export readers as USB CCID devices over USB/IP");
  serve_cmd->callback([serving] { *serving = true; });
  serve_cmd->add_option("--reader", serve_options->readers,
                        "reader SPEC to export (repeat for more; default: the global --reader)");
  serve_cmd->add_option("--profile", serve_options->profile, "CCID device profile (docs/usbip.md)");
  serve_cmd->add_option("--listen", serve_options->listen, "HOST:PORT to listen on");
  serve_cmd->add_option("--usb-id", serve_options->usb_id, "VID:PID the device announces");
  auto* list_cmd = sub.add_subcommand("list", "devices a USB/IP server exports");
  list_cmd->add_option("--remote", *remote, "HOST:PORT of the server");
  sub.require_subcommand(1);
  return [serve_options, remote, serving](Session& session) {
    if (*serving) return serve(session, *serve_options);
    return list(session, *remote);
  };
#else
  (void)sub;
  return [](Session& session) {
    return report_error(session, "usbip",
                        "this build has no USB CCID device (READERKIT_BUILD_CCID)");
  };
#endif
}

}  // namespace readerkit::cli
