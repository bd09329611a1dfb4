// SPDX-License-Identifier: MIT
// `bench --devices N`: N simulated readers in this process, each with a card tracking request
// (IS_PRESENT) pending, then a card inserted in each. It reports what an idle device costs (RSS
// growth per device, threads started) and how long inserting every card and completing every
// request take (docs/performance.md "Memory per device").
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>

#include "bench_devices.hpp"
#include "readerkit/drivers/registry.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/sim/sim_reader.hpp"

namespace readerkit::cli {
namespace {

using Clock = std::chrono::steady_clock;

/// How long the last insertion may take to complete every request before the bench gives up.
constexpr auto kCompletionTimeout = std::chrono::seconds(30);

/// A field of /proc/self/status ("VmRSS", "Threads") in its own unit (kB for sizes).
std::size_t proc_status(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stoul(line.substr(key.size() + 1));
  }
  return 0;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The session's sim: SPEC fields with the card left out, so that each device waits for one.
/// A control socket cannot be shared by N readers, and other kinds of reader cannot be opened
/// by the thousand: both are refused with the reason in `error`.
std::vector<std::string> idle_fields(const std::string& spec, std::string& error) {
  const drivers::ReaderSpec parsed = drivers::parse_reader_spec(spec);
  if (parsed.kind != "sim") {
    error = "--devices needs a sim reader (the reader is " + parsed.kind + ")";
    return {};
  }
  std::vector<std::string> fields;
  for (const std::string& field : parsed.fields) {
    if (field.rfind("control=", 0) == 0) {
      error = "--devices cannot give every device the same control socket";
      return {};
    }
    if (field.rfind("card=", 0) != 0) fields.push_back(field);
  }
  fields.emplace_back("card=absent");
  return fields;
}

/// Counts the tracking requests that completed; wait() returns when all have.
class Completions {
 public:
  void done(Status status) {
    std::lock_guard lock(mutex_);
    ++(status == Status::SUCCESS ? succeeded_ : failed_);
    changed_.notify_all();
  }
  bool wait(std::size_t total, Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return succeeded_ + failed_ >= total; });
  }
  std::size_t succeeded() const {
    std::lock_guard lock(mutex_);
    return succeeded_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t succeeded_ = 0;
  std::size_t failed_ = 0;
};

/// Opens the devices one by one, each with its IS_PRESENT request pending.
Status open_all(const std::vector<std::string>& fields, std::size_t count,
                std::vector<std::unique_ptr<sim::SimReader>>& readers, Completions& completions,
                std::string& error) {
  readers.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto reader = sim::open_sim_reader(fields, {}, error);
    if (!reader) return Status::INVALID_PARAMETER;
    const IoResult r = reader->slot(0).control(
        IOCTL_SMARTCARD_IS_PRESENT, {}, {},
        [&completions](IoResult done) { completions.done(done.status); });
    if (r.status != Status::PENDING) return r.status;
    readers.push_back(std::move(reader));
  }
  return Status::SUCCESS;
}

Status insert_all(std::vector<std::unique_ptr<sim::SimReader>>& readers, std::string& error) {
  for (auto& reader : readers) {
    const sim::CommandReply reply = reader->command({"card", "insert"});
    if (!reply.ok) {
      error = reply.message;
      return Status::INVALID_DEVICE_STATE;
    }
  }
  return Status::SUCCESS;
}

}  // namespace

Outcome run_bench_devices(Session& session, std::size_t count) {
  std::string error;
  const std::vector<std::string> fields = idle_fields(session.options().reader_spec, error);
  if (!error.empty()) return report_usage(session, "bench", error);
  BenchDevicesRecord b;
  Completions completions;
  std::vector<std::unique_ptr<sim::SimReader>> readers;
  const std::size_t rss_before = proc_status("VmRSS");
  const std::size_t threads_before = proc_status("Threads");
  auto start = Clock::now();
  b.status = open_all(fields, count, readers, completions, error);
  b.open_seconds = seconds_since(start);
  b.devices = readers.size();
  if (b.devices > 0) b.bytes_per_device = (proc_status("VmRSS") - rss_before) * 1024 / b.devices;
  b.threads_added = proc_status("Threads") - threads_before;
  if (b.status == Status::SUCCESS) {
    start = Clock::now();
    b.status = insert_all(readers, error);
    b.insert_seconds = seconds_since(start);
    if (!completions.wait(b.devices, Clock::now() + kCompletionTimeout) &&
        b.status == Status::SUCCESS) {
      b.status = Status::IO_TIMEOUT;
    }
    b.complete_seconds = seconds_since(start);
  }
  b.completed = completions.succeeded();
  if (!error.empty()) return report_error(session, "bench", error);
  session.printer().bench_devices(b);
  return b.status == Status::SUCCESS && b.completed == b.devices ? Outcome::success
                                                                 : Outcome::failure;
}

}  // namespace readerkit::cli
