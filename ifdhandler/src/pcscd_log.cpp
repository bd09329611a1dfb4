// SPDX-License-Identifier: MIT
#include "pcscd_log.hpp"

#include <dlfcn.h>

#include <array>
#include <climits>
#include <utility>

namespace readerkit::ifd {
namespace {

using LogMsgFn = void (*)(int priority, const char* format, ...);

LogMsgFn find_log_msg() {
  // Looked up once: the host's symbols do not change while it runs.
  static const LogMsgFn fn = reinterpret_cast<LogMsgFn>(dlsym(RTLD_DEFAULT, "log_msg"));
  return fn;
}

struct LevelPriority {
  LogLevel level;
  PcscLogPriority priority;
};

constexpr std::array kLevelPriorities{
    LevelPriority{LogLevel::IOCTL, PcscLogPriority::debug},
    LevelPriority{LogLevel::ATR, PcscLogPriority::debug},
    LevelPriority{LogLevel::PROTOCOL, PcscLogPriority::debug},
    LevelPriority{LogLevel::DRIVER, PcscLogPriority::info},
    LevelPriority{LogLevel::TRACE, PcscLogPriority::debug},
    LevelPriority{LogLevel::ERROR, PcscLogPriority::error},
};

}  // namespace

PcscLogPriority pcscd_priority(LogLevel level) {
  for (const auto& row : kLevelPriorities) {
    if (row.level == level) return row.priority;
  }
  return PcscLogPriority::debug;
}

void pcscd_log(PcscLogPriority priority, std::string_view message) {
  LogMsgFn fn = find_log_msg();
  if (fn == nullptr) return;
  const int length = message.size() > INT_MAX ? INT_MAX : static_cast<int>(message.size());
  fn(static_cast<int>(priority), "%.*s", length, message.data());
}

Log make_pcscd_log(std::string prefix, std::uint32_t mask) {
  if (find_log_msg() == nullptr) return Log{};
  auto sink = [prefix = std::move(prefix)](LogLevel level, std::string_view message) {
    const PcscLogPriority priority = pcscd_priority(level);
    std::string line = prefix;
    line += log_level_name(level);
    line += ": ";
    line += message;
    pcscd_log(priority, line);
  };
  return Log(std::move(sink), mask);
}

}  // namespace readerkit::ifd
