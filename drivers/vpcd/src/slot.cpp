// SPDX-License-Identifier: MIT
#include "slot.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include <readerkit/version.hpp>

#include "slot_callbacks.hpp"

namespace readerkit::vpcd::detail {
namespace {

// Large enough for an extended APDU and its response with the SCARD_IO_REQUEST header.
constexpr std::size_t kIoBufferSize = 65550;

ReaderCapabilities vpcd_capabilities(const SlotEndpoint& endpoint) {
  ReaderCapabilities reader;
  reader.ifd_type = "vpcd";
  reader.ifd_version = kIfdVersion;
  reader.reader_type = ReaderType::SCARD_READER_TYPE_VENDOR;
  reader.channel = endpoint.port;  // like vsmartcard's CHANNELID, the slot's TCP port
  reader.protocol_types = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  return reader;
}

}  // namespace

Slot::Slot(SlotEndpoint endpoint, std::size_t index, const drivers::OpenOptions& options)
    : endpoint_(std::move(endpoint)), options_(options) {
  DeviceConfig config;
  config.unit = static_cast<std::uint32_t>(index);
  config.lenient_atr = options.lenient_atr;
  config.io_buffer_size = kIoBufferSize;
  config.log = options.log;
  config.trace = options.trace_of(index);
  device_ = std::make_unique<Device>(make_callbacks(*this), vpcd_capabilities(endpoint_), config);
}

Slot::~Slot() {
  device_->shutdown();
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

bool Slot::start(std::string& error) {
  std::array<int, 2> pipe_fds{};
  if (pipe2(pipe_fds.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
    error = "vpcd: cannot create the wake-up pipe";
    return false;
  }
  wake_read_ = Fd(pipe_fds[0]);
  wake_write_ = Fd(pipe_fds[1]);
  if (!endpoint_.reversed) {
    auto listener = listen_tcp(endpoint_.host, endpoint_.port, error);
    if (!listener) return false;
    listener_ = std::move(*listener);
    endpoint_.port = local_port(listener_.get());
  }
  // Reversed mode: the first connection attempt is made before the reader is handed out, so
  // the first presence check (pcscd's right after IFDHCreateChannel) already sees a card that
  // is listening. The attempt is bounded like every later one (try_connect).
  if (endpoint_.reversed) try_connect();
  thread_ = std::thread([this] { run(); });
  return true;
}

void Slot::wake() {
  const char byte = 0;
  if (wake_write_) [[maybe_unused]] auto n = ::write(wake_write_.get(), &byte, 1);
}

void Slot::log(LogLevel level, const std::string& message) const {
  options_.log(level, "vpcd slot port " + std::to_string(endpoint_.port) + ": " + message);
}

void Slot::run() {
  while (!stopping_) {
    if (endpoint_.reversed && link_fd_ < 0) try_connect();
    wait_for_events();
  }
  std::lock_guard lock(link_mutex_);
  link_.reset();
}

// One round of waiting: wake-up pipe, the card connection and the listener. In reversed mode
// without a card, waits the reconnect interval. Data on the connection belongs to the running
// exchange, which holds link_mutex_ until it has read its answer; so once the lock is ours,
// bytes still readable were sent unasked: a protocol violation that drops the card at once,
// not at the next request (where a flood could pass for an answer).
void Slot::wait_for_events() {
  std::array<pollfd, 3> fds{};
  fds[0] = {wake_read_.get(), POLLIN, 0};
  fds[1] = {link_fd_, POLLIN | POLLRDHUP, 0};  // poll ignores a negative descriptor
  fds[2] = {listener_ ? listener_.get() : -1, POLLIN, 0};
  const int timeout = endpoint_.reversed && link_fd_ < 0
                          ? static_cast<int>(endpoint_.reconnect.count())
                          : -1;
  if (poll(fds.data(), fds.size(), timeout) <= 0) return;
  if (fds[0].revents != 0) {
    std::array<char, 64> drain{};
    while (::read(wake_read_.get(), drain.data(), drain.size()) > 0) {
    }
  }
  bool broken = false;
  bool unsolicited = false;
  if (link_fd_ >= 0) {
    std::lock_guard lock(link_mutex_);  // waits for a running exchange to end
    broken = link_ && link_->broken();
    unsolicited = !broken && (fds[1].revents & POLLIN) != 0 && link_ && link_->unsolicited();
  }
  if (unsolicited) log(LogLevel::ERROR, "card sent data nobody asked for: link dropped");
  if (broken || unsolicited ||
      (fds[1].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0)
    drop_link();
  if ((fds[2].revents & POLLIN) != 0) accept_card();
}

void Slot::try_connect() {
  // Bounded so that closing the reader never waits long for an unreachable card.
  const auto limit = std::min(endpoint_.timeout, std::chrono::milliseconds(2000));
  auto fd = connect_tcp(endpoint_.host, endpoint_.port, limit);
  if (fd) attach(std::move(*fd));
}

void Slot::accept_card() {
  Fd fd = accept_tcp(listener_.get());
  if (!fd) {
    // Out of descriptors or the like: the connection stays queued and poll() would report it
    // again at once, so pause instead of spinning.
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return;
  }
  if (link_fd_ >= 0) {
    log(LogLevel::DRIVER, "refused a second card connection (one card per slot)");
    return;  // closing `fd` refuses the newcomer
  }
  attach(std::move(fd));
}

void Slot::attach(Fd fd) {
  link_fd_ = fd.get();
  {
    std::lock_guard lock(link_mutex_);
    link_.emplace(std::move(fd), endpoint_.timeout);
    t0_.clear();
  }
  log(LogLevel::DRIVER, "card connected");
  device_->card_inserted();
}

void Slot::drop_link() {
  if (link_fd_ < 0) return;
  bool reported = false;
  {
    std::unique_lock lock(link_mutex_);
    reported_.wait(lock, [this] { return !reporting_; });
    reported = link_ && link_->broken();  // report_broken() already told the Device
    link_.reset();
    t0_.clear();
  }
  link_fd_ = -1;
  if (reported) return;
  log(LogLevel::DRIVER, "card disconnected");
  device_->card_removed();
}

void Slot::report_broken(Status cause) {
  log(LogLevel::ERROR, "card dropped after " + std::string(status_name(cause)));
  device_->card_removed();
  {
    std::lock_guard lock(link_mutex_);
    reporting_ = false;
  }
  reported_.notify_all();
  wake();
}

}  // namespace readerkit::vpcd::detail
