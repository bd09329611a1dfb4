// SPDX-License-Identifier: MIT
// The vpcd reader: one Slot per configured slot (slot i on PORT+i, as vsmartcard's vpcd).
#include "readerkit/vpcd/vpcd_reader.hpp"

#include <vector>

#include "slot.hpp"

namespace readerkit::vpcd {
namespace {

class VpcdReaderImpl final : public VpcdReader {
 public:
  explicit VpcdReaderImpl(const VpcdConfig& config) : config_(config) {}

  bool start(const drivers::OpenOptions& options, std::string& error) {
    for (std::size_t i = 0; i < config_.slots; ++i) {
      detail::SlotEndpoint endpoint{config_.host,
                                    static_cast<std::uint16_t>(config_.port == 0 ? 0 : config_.port + i),
                                    config_.reversed, config_.timeout, config_.reconnect};
      slots_.push_back(std::make_unique<detail::Slot>(std::move(endpoint), i, options));
      if (!slots_.back()->start(error)) return false;
    }
    return true;
  }

  std::size_t slot_count() const override { return slots_.size(); }
  Device& slot(std::size_t index) override { return slots_.at(index)->device(); }
  std::uint16_t port(std::size_t index) const override { return slots_.at(index)->port(); }

  std::string description() const override {
    std::string where = config_.host + ":" + std::to_string(slots_.empty() ? 0 : port(0));
    return std::string("ReaderKit vpcd reader (") + (config_.reversed ? "connect to " : "listen on ") +
           where + ")";
  }

 private:
  VpcdConfig config_;
  std::vector<std::unique_ptr<detail::Slot>> slots_;
};

}  // namespace

std::unique_ptr<VpcdReader> open_vpcd_reader(const VpcdConfig& config,
                                             const drivers::OpenOptions& options,
                                             std::string& error) {
  auto reader = std::make_unique<VpcdReaderImpl>(config);
  if (!reader->start(options, error)) return nullptr;
  return reader;
}

std::unique_ptr<VpcdReader> open_vpcd_reader(const std::vector<std::string>& fields,
                                             const drivers::OpenOptions& options,
                                             std::string& error) {
  VpcdConfig config;
  if (!parse_vpcd_fields(fields, config, error)) return nullptr;
  return open_vpcd_reader(config, options, error);
}

}  // namespace readerkit::vpcd
