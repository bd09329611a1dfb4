// SPDX-License-Identifier: MIT
// GET_ATTRIBUTE / SET_ATTRIBUTE (docs/contract/ioctl.md §4, §5): a table from attribute id to
// getter (and setter for the settable ones). Ids the table does not know go to the vendor
// callback. Getters read the published state, so they never wait for a running callback.
#include <algorithm>
#include <array>

#include "detail/device_core.hpp"
#include "readerkit/attribute.hpp"

namespace readerkit::detail {
namespace {

/// What a getter may read; valid while `mutex` is held.
struct AttributeView {
  CardState state;
  const CardCapabilities& card;
  const ReaderCapabilities& reader;
  const DeviceCore& device;
};

/// Which card precondition an attribute has (checked after the output capacity, §4).
enum class Needs { nothing, card, specific };

using Getter = Result<Bytes> (*)(const AttributeView&);
using Setter = void (*)(DeviceCore&, std::uint32_t);

struct AttributeRow {
  std::uint32_t id;
  Needs needs;
  Getter get;
  Setter set = nullptr;  // settable attributes take a ULONG 0 or 1 (decided)
};

Result<Bytes> ulong(std::uint32_t v) {
  return le32_bytes(v);
}
Result<Bytes> byte(std::uint8_t v) {
  return Bytes{std::byte{v}};
}
Result<Bytes> text(const std::string& s) {
  const auto view = as_bytes_view(s);
  return Bytes(view.begin(), view.end());
}

std::uint8_t icc_presence(CardState s) {
  if (s <= CardState::SCARD_ABSENT) return 0;
  return s == CardState::SCARD_PRESENT ? 1 : 2;
}

using V = const AttributeView&;
const std::array<AttributeRow, 34> kAttributes{{
    {SCARD_ATTR_VENDOR_NAME, Needs::nothing, [](V v) { return text(v.reader.vendor_name); }},
    {SCARD_ATTR_VENDOR_IFD_TYPE, Needs::nothing, [](V v) { return text(v.reader.ifd_type); }},
    {SCARD_ATTR_VENDOR_IFD_VERSION, Needs::nothing,
     [](V v) { return ulong(v.reader.ifd_version); }},
    {SCARD_ATTR_VENDOR_IFD_SERIAL_NO, Needs::nothing,
     [](V v) {
       if (v.reader.serial_number.empty()) return Result<Bytes>(Status::NOT_SUPPORTED);
       return text(v.reader.serial_number);
     }},
    {SCARD_ATTR_CHANNEL_ID, Needs::nothing,
     [](V v) {
       return ulong(static_cast<std::uint32_t>(v.reader.reader_type) << 16 |
                    (v.reader.channel & 0xFFFF));
     }},
    {SCARD_ATTR_PROTOCOL_TYPES, Needs::nothing, [](V v) { return ulong(v.reader.protocol_types); }},
    {SCARD_ATTR_DEFAULT_CLK, Needs::nothing, [](V v) { return ulong(v.reader.default_clk_khz); }},
    {SCARD_ATTR_MAX_CLK, Needs::nothing, [](V v) { return ulong(v.reader.max_clk_khz); }},
    {SCARD_ATTR_DEFAULT_DATA_RATE, Needs::nothing,
     [](V v) { return ulong(v.reader.default_data_rate); }},
    {SCARD_ATTR_MAX_DATA_RATE, Needs::nothing, [](V v) { return ulong(v.reader.max_data_rate); }},
    {SCARD_ATTR_MAX_IFSD, Needs::nothing, [](V v) { return ulong(v.reader.max_ifsd); }},
    {SCARD_ATTR_POWER_MGMT_SUPPORT, Needs::nothing,
     [](V v) { return ulong(v.reader.power_mgmt_support); }},
    {SCARD_ATTR_CHARACTERISTICS, Needs::nothing, [](V v) { return ulong(v.reader.mechanics); }},
    {SCARD_ATTR_CURRENT_PROTOCOL_TYPE, Needs::specific,
     [](V v) { return ulong(v.card.protocol_selected); }},
    {SCARD_ATTR_CURRENT_CLK, Needs::card, [](V v) { return ulong(v.reader.current_clk_khz); }},
    {SCARD_ATTR_CURRENT_F, Needs::card, [](V v) { return ulong(v.card.f); }},
    {SCARD_ATTR_CURRENT_D, Needs::card, [](V v) { return ulong(v.card.d); }},
    {SCARD_ATTR_CURRENT_N, Needs::card, [](V v) { return ulong(v.card.n); }},
    {SCARD_ATTR_CURRENT_W, Needs::card, [](V v) { return ulong(v.card.wi); }},
    {SCARD_ATTR_CURRENT_IFSC, Needs::card, [](V v) { return ulong(v.card.ifsc); }},
    {SCARD_ATTR_CURRENT_IFSD, Needs::card, [](V v) { return ulong(v.card.ifsd); }},
    {SCARD_ATTR_CURRENT_BWT, Needs::card, [](V v) { return ulong(v.card.bwt_us); }},
    {SCARD_ATTR_CURRENT_CWT, Needs::card, [](V v) { return ulong(v.card.cwt_us); }},
    {SCARD_ATTR_CURRENT_EBC_ENCODING, Needs::card,
     [](V v) { return ulong(v.card.edc == Edc::crc ? 1u : 0u); }},
    {SCARD_ATTR_EXTENDED_BWT, Needs::card,
     [](V v) { return ulong(v.card.bwt_us * v.device.wtx_multiplier); }},
    {SCARD_ATTR_ICC_PRESENCE, Needs::nothing, [](V v) { return byte(icc_presence(v.state)); }},
    {SCARD_ATTR_ICC_INTERFACE_STATUS, Needs::nothing,
     [](V v) { return byte(v.state >= CardState::SCARD_POWERED ? 1 : 0); }},
    {SCARD_ATTR_ATR_STRING, Needs::card, [](V v) { return Result<Bytes>(v.card.atr); }},
    {SCARD_ATTR_DEVICE_UNIT, Needs::nothing, [](V v) { return ulong(v.device.unit); }},
    {SCARD_ATTR_DEVICE_IN_USE, Needs::nothing, [](V v) { return ulong(v.device.device_in_use); },
     [](DeviceCore& d, std::uint32_t value) { d.device_in_use = value; }},
    {SCARD_ATTR_SUPRESS_T1_IFS_REQUEST, Needs::nothing,
     [](V v) { return ulong(v.device.suppress_t1_ifs_request ? 1u : 0u); },
     [](DeviceCore& d, std::uint32_t value) { d.suppress_t1_ifs_request = value != 0; }},
    {SCARD_PERF_NUM_TRANSMISSIONS, Needs::nothing,
     [](V v) { return ulong(v.device.perf.snapshot().transmissions); }},
    {SCARD_PERF_BYTES_TRANSMITTED, Needs::nothing,
     [](V v) { return ulong(v.device.perf.snapshot().bytes_sent); }},
    {SCARD_PERF_TRANSMISSION_TIME, Needs::nothing,
     [](V v) { return ulong(v.device.perf.snapshot().transmit_time_us); }},
}};

const AttributeRow* find_attribute(std::uint32_t id) {
  for (const auto& row : kAttributes) {
    if (row.id == id) return &row;
  }
  return nullptr;
}

/// NO_MEDIA / INVALID_DEVICE_STATE for a card attribute the state cannot answer.
std::optional<Status> precondition(Needs needs, CardState state) {
  if (needs == Needs::nothing) return std::nullopt;
  if (state <= CardState::SCARD_ABSENT) return Status::NO_MEDIA;
  if (needs == Needs::specific && state != CardState::SCARD_SPECIFIC)
    return Status::INVALID_DEVICE_STATE;
  return std::nullopt;
}

}  // namespace

IoResult handle_get_attribute(DeviceCore& d, Request& r) {
  if (r.input.size() != 4) return fail(Status::INVALID_PARAMETER);
  const std::uint32_t id = load_le32(r.input);
  const AttributeRow* row = find_attribute(id);
  if (!row) return call_vendor(d, r, id);
  CardState state;
  Result<Bytes> value = Status::NOT_SUPPORTED;
  {
    std::lock_guard lock(d.mutex);
    state = d.state;
    value = row->get(AttributeView{state, d.card, d.reader_view, d});
  }
  if (!value) return fail(value.status());
  if (value->size() > r.output.size()) return fail(Status::BUFFER_TOO_SMALL);
  if (auto s = precondition(row->needs, state)) return fail(*s);
  std::copy(value->begin(), value->end(), r.output.begin());
  return {Status::SUCCESS, value->size()};
}

IoResult handle_set_attribute(DeviceCore& d, Request& r) {
  if (r.input.size() < 4) return fail(Status::INVALID_PARAMETER);
  const std::uint32_t id = load_le32(r.input);
  const AttributeRow* row = find_attribute(id);
  if (!row || !row->set) return call_vendor(d, r, id);
  const auto value = r.input.subspan(4);
  if (value.size() != 4 || load_le32(value) > 1) return fail(Status::INVALID_PARAMETER);
  std::lock_guard lock(d.mutex);
  row->set(d, load_le32(value));
  return {Status::SUCCESS, 0};
}

}  // namespace readerkit::detail
