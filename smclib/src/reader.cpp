// SPDX-License-Identifier: MIT
// The smclib reader kind: dlopen, ReaderKitAddDevice, the device the library started for it,
// and the driver's optional ReaderKitDeviceControl in front of it (one IRP per request).
#include "readerkit/smclib/smclib_reader.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#include "bridge.hpp"
#include "readerkit/status.hpp"

namespace readerkit::smclib {
namespace {

/// One request on its way through the driver's dispatch routine (METHOD_BUFFERED: one system
/// buffer, the input copied in, the output copied out). Lives until the IRP completes.
struct HostIrp {
  IRP irp{};
  std::vector<std::byte> system;
  std::span<std::byte> output;
  std::mutex mutex;
  bool completed = false;
  bool pending = false;  // the routine returned STATUS_PENDING before completion
  Completion done;
};

IoResult result_of(HostIrp& h) {
  const Status status = to_status(h.irp.IoStatus.Status);
  if (is_failure(status)) return {status, 0};
  const std::size_t n = std::min<std::size_t>(h.irp.IoStatus.Information, h.output.size());
  std::copy_n(h.system.begin(), n, h.output.begin());
  return {status, n};
}

void on_irp_complete(PIRP irp, PVOID context) {
  auto* h = static_cast<HostIrp*>(context);
  (void)irp;
  std::unique_lock lock(h->mutex);
  h->completed = true;
  if (!h->pending) return;  // the routine is still running: it reads the result itself
  lock.unlock();
  const IoResult result = result_of(*h);
  Completion done = std::move(h->done);
  delete h;
  if (done) done(result);
}

/// Calls the driver's ReaderKitDeviceControl with one IRP.
IoResult call_dispatch(READERKIT_DEVICE_CONTROL* routine, PSMARTCARD_EXTENSION ext,
                       std::uint32_t code, std::span<const std::byte> input,
                       std::span<std::byte> output, Completion done) {
  auto* h = new HostIrp;
  h->system.assign(std::max(input.size(), output.size()), std::byte{0});
  std::copy(input.begin(), input.end(), h->system.begin());
  h->output = output;
  h->irp.AssociatedIrp.SystemBuffer = h->system.data();
  h->irp.CurrentStackLocation.MajorFunction = IRP_MJ_DEVICE_CONTROL;
  auto& p = h->irp.CurrentStackLocation.Parameters.DeviceIoControl;
  p.IoControlCode = code;
  p.InputBufferLength = static_cast<ULONG>(input.size());
  p.OutputBufferLength = static_cast<ULONG>(output.size());
  h->irp.IoStatus.Status = STATUS_PENDING;
  h->irp.ReaderKitCompletion = on_irp_complete;
  h->irp.ReaderKitContext = h;
  const NTSTATUS returned = routine(ext, &h->irp);
  std::unique_lock lock(h->mutex);
  if (!h->completed) {
    if (returned != STATUS_PENDING) {
      // A routine that neither completed the IRP nor pended it: its return value is the answer.
      lock.unlock();
      h->irp.IoStatus.Status = returned;
      h->irp.IoStatus.Information = 0;
      h->irp.ReaderKitCompletion = nullptr;
      const IoResult result = result_of(*h);
      delete h;
      return result;
    }
    h->pending = true;
    h->done = std::move(done);
    return {Status::PENDING, 0};
  }
  lock.unlock();
  const IoResult result = result_of(*h);
  delete h;
  return result;
}

class SmclibReader : public Reader {
 public:
  SmclibReader(void* handle, std::string path) : handle_(handle), path_(std::move(path)) {}
  ~SmclibReader() override {
    if (device_ != nullptr) device_->shutdown();
    if (remove_ != nullptr) remove_(&ext_);
    SmartcardExit(&ext_);  // nothing left to do when the driver already called it
    dlclose(handle_);
  }

  std::string open(const std::string& options, Log log, bool lenient_atr) {
    auto* add = reinterpret_cast<READERKIT_ADD_DEVICE*>(dlsym(handle_, "ReaderKitAddDevice"));
    if (add == nullptr) return "smclib: " + path_ + " does not export ReaderKitAddDevice";
    auto* remove =
        reinterpret_cast<READERKIT_REMOVE_DEVICE*>(dlsym(handle_, "ReaderKitRemoveDevice"));
    auto* routine =
        reinterpret_cast<READERKIT_DEVICE_CONTROL*>(dlsym(handle_, "ReaderKitDeviceControl"));
    const NTSTATUS s = add(&ext_, options.c_str());
    if (!NT_SUCCESS(s)) {
      const auto known = status_from_ntstatus(static_cast<std::uint32_t>(s));
      return "smclib: ReaderKitAddDevice of " + path_ + " failed with " +
             (known ? std::string(status_name(*known)) + " " : std::string()) + "0x" + hex(s);
    }
    remove_ = remove;
    HostConfig config{std::move(log), lenient_atr, {}};
    if (routine != nullptr) {
      config.device_control = [routine, this](std::uint32_t code, std::span<const std::byte> in,
                                              std::span<std::byte> out, Completion done) {
        return call_dispatch(routine, &ext_, code, in, out, std::move(done));
      };
    }
    device_ = start_device(&ext_, std::move(config));
    if (device_ == nullptr)
      return "smclib: ReaderKitAddDevice of " + path_ + " did not call SmartcardInitialize";
    SmartcardCompleteCardTracking(&ext_);  // the presence the driver found at start
    return {};
  }

  std::size_t slot_count() const override { return 1; }
  Device& slot(std::size_t) override { return *device_; }
  std::string description() const override {
    const ReaderCapabilities r = reader_from_c(ext_);
    return r.vendor_name + " " + r.ifd_type + " (smclib " + path_ + ")";
  }

 private:
  static std::string hex(NTSTATUS s) {
    char text[16];
    std::snprintf(text, sizeof text, "%08X", static_cast<unsigned>(s));
    return text;
  }

  void* handle_;
  std::string path_;
  SMARTCARD_EXTENSION ext_{};
  READERKIT_REMOVE_DEVICE* remove_ = nullptr;
  Device* device_ = nullptr;
};

}  // namespace

std::unique_ptr<Reader> open_smclib_reader(const std::vector<std::string>& fields, Log log,
                                           bool lenient_atr, std::string& error) {
  if (fields.empty() || fields[0].empty()) {
    error = "smclib: missing PATH (smclib:PATH.so[:OPTIONS])";
    return nullptr;
  }
  // dlopen searches the library path for a bare name; a SPEC names a file.
  std::string path = fields[0];
  if (path.find('/') == std::string::npos) path = "./" + path;
  std::string options;
  for (std::size_t i = 1; i < fields.size(); ++i) options += (i > 1 ? ":" : "") + fields[i];
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    error = "smclib: cannot load " + path + ": " + (why ? why : "unknown error");
    return nullptr;
  }
  auto reader = std::make_unique<SmclibReader>(handle, path);
  error = reader->open(options, std::move(log), lenient_atr);
  if (!error.empty()) return nullptr;
  return reader;
}

}  // namespace readerkit::smclib
