// SPDX-License-Identifier: MIT
// Requests the library answers from the shared state alone: GET_STATE, GET_LAST_ERROR,
// GET_PERF_CNTR (docs/contract/ioctl.md §4). They never wait for a running callback.
#include <array>

#include "detail/device_core.hpp"

namespace readerkit::detail {
namespace {

/// Writes ULONGs to the output, or BUFFER_TOO_SMALL when they do not fit.
template <std::size_t N>
IoResult write_ulongs(Request& r, const std::array<std::uint32_t, N>& values) {
  if (r.output.size() < 4 * N) return fail(Status::BUFFER_TOO_SMALL);
  for (std::size_t i = 0; i < N; ++i) store_le32(r.output.subspan(4 * i), values[i]);
  return {Status::SUCCESS, 4 * N};
}

}  // namespace

IoResult handle_get_state(DeviceCore& d, Request& r) {
  if (r.output.size() < 4) return fail(Status::BUFFER_TOO_SMALL);
  std::uint32_t state = 0;
  {
    std::lock_guard lock(d.mutex);
    state = static_cast<std::uint32_t>(d.state);
  }
  return write_ulongs<1>(r, {state});
}

IoResult handle_get_last_error(DeviceCore& d, Request& r) {
  if (r.output.size() < 4) return fail(Status::BUFFER_TOO_SMALL);
  std::uint32_t last = 0;
  {
    std::lock_guard lock(d.mutex);
    last = ntstatus(d.last_error);
  }
  return write_ulongs<1>(r, {last});
}

IoResult handle_get_perf_counters(DeviceCore& d, Request& r) {
  if (r.output.size() < 16) return fail(Status::BUFFER_TOO_SMALL);
  const PerfCounters p = d.perf.snapshot();
  return write_ulongs<4>(r, {p.transmissions, p.bytes_sent, p.bytes_received, p.transmit_time_us});
}

}  // namespace readerkit::detail
