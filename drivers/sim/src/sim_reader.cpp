#include "sim_reader_impl.hpp"

#include "card/sim_card.hpp"

namespace readerkit::sim {
namespace {

/// Request and reply buffers large enough for extended APDUs (65535 data + header + Le + SW).
constexpr std::size_t kIoBufferSize = 65536 + 512;

}  // namespace

ReaderCapabilities sim_reader_capabilities() {
  ReaderCapabilities r;
  r.vendor_name = "ReaderKit";
  r.ifd_type = "Simulated Reader";
  r.protocol_types = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  r.default_clk_khz = r.max_clk_khz = r.current_clk_khz = 3580;
  r.default_data_rate = 9600;
  r.max_data_rate = 344086;
  r.max_ifsd = 254;
  r.mechanics = 0;
  return r;
}

SimReaderImpl::SimReaderImpl(const SimOptions& options, const drivers::OpenOptions& open)
    : profile_name_(options.profile),
      driver_(
          line_, faults_,
          [this] {
            line_.remove();
            device_->card_removed();
          },
          open.log),
      log_(open.log) {
  DeviceConfig config;
  config.lenient_atr = open.lenient_atr;
  config.io_buffer_size = kIoBufferSize;
  config.log = open.log;
  device_ = std::make_unique<Device>(driver_.callbacks(), sim_reader_capabilities(), config);
}

SimReaderImpl::~SimReaderImpl() {
  control_.reset();
  device_->shutdown();
}

std::string SimReaderImpl::start(const SimOptions& options, Profile first_card) {
  if (options.card_present) {
    if (auto r = insert(std::move(first_card)); !r.ok) return r.message;
  }
  if (options.control_path.empty()) return "";
  control_ = std::make_unique<ControlServer>(
      options.control_path, [this](const std::vector<std::string>& w) { return command(w); });
  return control_->start();
}

Device& SimReaderImpl::slot(std::size_t index) {
  (void)index;  // one slot
  return *device_;
}

std::string SimReaderImpl::description() const {
  return "ReaderKit Simulated Reader (profile " + profile_name_ + ")";
}

void SimReaderImpl::set_trace(std::function<void(std::string_view)> sink) {
  line_.set_trace(std::move(sink));
}

CommandReply SimReaderImpl::command(const std::vector<std::string>& words) {
  std::lock_guard lock(command_mutex_);
  CommandReply reply{false,
                     "unknown command (expected: card insert [PROFILE] | card remove | "
                     "fault NAME [key=value ...] | fault clear)"};
  if (!words.empty() && words[0] == "card") reply = card_command(words);
  if (!words.empty() && words[0] == "fault") reply = fault_command(words);
  if (log_.enabled(LogLevel::DRIVER)) {
    std::string line = "sim:";
    for (const auto& w : words) line += " " + w;
    log_(LogLevel::DRIVER, line + (reply.ok ? " -> ok" : " -> error " + reply.message));
  }
  return reply;
}

CommandReply SimReaderImpl::card_command(const std::vector<std::string>& words) {
  if (words.size() >= 2 && words[1] == "remove" && words.size() == 2) return remove();
  if (words.size() < 2 || words[1] != "insert" || words.size() > 3) {
    return {false, "usage: card insert [PROFILE] | card remove"};
  }
  std::string error;
  auto profile = load_profile(words.size() == 3 ? words[2] : profile_name_, error);
  if (!profile) return {false, error};
  return insert(std::move(*profile));
}

CommandReply SimReaderImpl::fault_command(const std::vector<std::string>& words) {
  if (words.size() == 2 && words[1] == "clear") {
    faults_.clear();
    return {true, ""};
  }
  std::vector<std::string> rest(words.begin() + 1, words.end());
  if (auto e = faults_.apply(rest); !e.empty()) return {false, e};
  return {true, ""};
}

// The card goes into the slot first, then the library hears of it, as from an interrupt.
CommandReply SimReaderImpl::insert(Profile profile) {
  if (line_.present()) return {false, "a card is already inserted"};
  faults_.arm(profile.faults);
  line_.insert(std::make_shared<card::SimCard>(std::move(profile), faults_));
  device_->card_inserted();
  return {true, ""};
}

CommandReply SimReaderImpl::remove() {
  if (!line_.present()) return {false, "no card inserted"};
  line_.remove();
  device_->card_removed();
  return {true, ""};
}

}  // namespace readerkit::sim
