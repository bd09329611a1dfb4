// SPDX-License-Identifier: MIT
// The pcsc: reader: picks the PC/SC reader, builds its Device over the connection's callbacks
// and feeds card events from the status-change thread.
#include "readerkit/pcsc/pcsc_reader.hpp"

#include <readerkit/version.hpp>

#include "card_connection.hpp"
#include "pcsc_callbacks.hpp"
#include "pcsc_status.hpp"
#include "status_watch.hpp"
#include "winscard_api.hpp"

namespace readerkit::pcsc {
namespace {

using detail::WinscardApi;

// Large enough for an extended APDU and its response with the SCARD_IO_REQUEST header.
constexpr std::size_t kIoBufferSize = 65550;

// pcsc-lite's multi-string: names separated by NULs, ended by an empty one.
std::vector<std::string> split_multistring(const std::string& text) {
  std::vector<std::string> names;
  for (std::size_t pos = 0; pos < text.size() && text[pos] != '\0';) {
    const std::size_t end = text.find('\0', pos);
    names.push_back(text.substr(pos, end - pos));
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  return names;
}

bool reader_names(const WinscardApi& api, std::vector<std::string>& names, std::string& error) {
  SCARDCONTEXT context = 0;
  LONG rv = api.establish_context(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
  if (rv != SCARD_S_SUCCESS) {
    error = "pcsc: the PC/SC service is not available (" +
            std::string(pcsc_result_name(rv)) + ")";
    return false;
  }
  DWORD length = 0;
  rv = api.list_readers(context, nullptr, nullptr, &length);
  std::string text(rv == SCARD_S_SUCCESS ? length : 0, '\0');
  if (rv == SCARD_S_SUCCESS) rv = api.list_readers(context, nullptr, text.data(), &length);
  api.release_context(context);
  if (rv == SCARD_E_NO_READERS_AVAILABLE) return names.clear(), true;
  if (rv != SCARD_S_SUCCESS) {
    error = "pcsc: cannot list readers (" + std::string(pcsc_result_name(rv)) + ")";
    return false;
  }
  names = split_multistring(text);
  return true;
}

ReaderCapabilities pcsc_capabilities(std::uint32_t protocols) {
  ReaderCapabilities reader;
  reader.ifd_type = "pcsc";
  reader.ifd_version = kIfdVersion;
  reader.reader_type = ReaderType::SCARD_READER_TYPE_VENDOR;
  reader.protocol_types = protocols;
  return reader;
}

class PcscReader final : public Reader {
 public:
  PcscReader(const WinscardApi& api, std::string name, const PcscConfig& config,
             const drivers::OpenOptions& options)
      : name_(std::move(name)),
        connection_(api, name_, config.exclusive, config.protocols),
        watch_(api, name_, [this](bool present) { on_card(present); }) {
    DeviceConfig device_config;
    device_config.lenient_atr = options.lenient_atr;
    device_config.io_buffer_size = kIoBufferSize;
    device_config.log = options.log;
    device_config.trace = options.trace_of(0);
    device_ = std::make_unique<Device>(detail::make_callbacks(connection_, config.vendor_allowed),
                                       pcsc_capabilities(config.protocols), device_config);
  }

  ~PcscReader() override {
    device_->shutdown();  // no callback runs after this
    watch_.stop();
  }

  bool start(std::string& error) {
    if (!connection_.open(error)) return false;
    watch_.start();
    return true;
  }

  std::size_t slot_count() const override { return 1; }
  Device& slot(std::size_t index) override {
    if (index != 0) throw std::out_of_range("pcsc reader has one slot");
    return *device_;
  }
  std::string description() const override { return "PC/SC reader \"" + name_ + "\""; }

 private:
  void on_card(bool present) {
    if (present) {
      device_->card_inserted();
    } else {
      connection_.card_gone();
      device_->card_removed();
    }
  }

  std::string name_;
  detail::CardConnection connection_;
  std::unique_ptr<Device> device_;
  detail::StatusWatch watch_;
};

}  // namespace

bool list_pcsc_readers(std::vector<std::string>& names, std::string& error) {
  const WinscardApi* api = detail::winscard_api(error);
  return api != nullptr && reader_names(*api, names, error);
}

std::unique_ptr<Reader> open_pcsc_reader(const std::vector<std::string>& fields,
                                         const drivers::OpenOptions& options,
                                         std::string& error) {
  if (options.host_is_pcscd) {
    error = "pcsc: a pcsc: reader cannot be served by pcscd itself (it would talk to the "
            "daemon that loads it)";
    return nullptr;
  }
  PcscConfig config;
  if (!parse_pcsc_fields(fields, config, error)) return nullptr;
  const WinscardApi* api = detail::winscard_api(error);
  std::vector<std::string> names;
  if (api == nullptr || !reader_names(*api, names, error)) return nullptr;
  for (const std::string& name : names) {
    if (name.find(config.name_substring) == std::string::npos) continue;
    auto reader = std::make_unique<PcscReader>(*api, name, config, options);
    if (!reader->start(error)) return nullptr;
    return reader;
  }
  error = "pcsc: no PC/SC reader name contains '" + config.name_substring + "' (" +
          std::to_string(names.size()) + " reader(s))";
  return nullptr;
}

}  // namespace readerkit::pcsc
