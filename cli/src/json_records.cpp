// SPDX-License-Identifier: MIT
#include "json_records.hpp"

#include <cstdio>
#include <span>

#include "readerkit/historical.hpp"

#include "readerkit/ioctl.hpp"
#include "readerkit/pinpad.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

Json optional_json(const auto& value) {
  if (!value) return nullptr;
  return Json(*value);
}

Json hex_json(std::span<const std::byte> bytes) {
  return to_hex(bytes);
}

// TRANSMIT output is the SCARD_IO_REQUEST header (8 bytes) then the response APDU.
void add_transmit_fields(Json& j, const RequestRecord& r) {
  std::span<const std::byte> out = r.output;
  std::span<const std::byte> response = out.size() >= 8 ? out.subspan(8) : out.subspan(0, 0);
  j["response"] = hex_json(response);
  j["sw"] = response.size() >= 2 ? Json(to_hex(response.subspan(response.size() - 2))) : Json();
}

// The answer of a PIN feature: its status word and what it means (docs/pinpad.md).
void add_pin_fields(Json& j, const RequestRecord& r) {
  std::span<const std::byte> out = r.output;
  const bool answered = r.status == Status::SUCCESS && out.size() >= 2;
  j["sw"] = answered ? Json(to_hex(out.subspan(out.size() - 2))) : Json();
  j["pin_result"] = answered ? Json(std::string(pin_result_name(out))) : Json();
}

}  // namespace

Json request_json(const RequestRecord& r) {
  Json j;
  j["cmd"] = r.cmd;
  std::string_view name = ioctl_name(r.code);
  j["ioctl"] = name.empty() ? Json() : Json(std::string(name));
  j["code"] = hex32(r.code);
  j["status"] = std::string(status_name(r.status));
  j["ntstatus"] = hex32(ntstatus(r.status));
  j["information"] = r.information;
  j["output"] = hex_json(r.output);
  if (r.code == IOCTL_SMARTCARD_TRANSMIT) add_transmit_fields(j, r);
  if (r.code == IOCTL_FEATURE_VERIFY_PIN_DIRECT || r.code == IOCTL_FEATURE_MODIFY_PIN_DIRECT)
    add_pin_fields(j, r);
  if (r.id) j["id"] = *r.id;
  if (r.automatic) j["auto"] = true;
  return j;
}

Json event_json(const EventRecord& e) {
  Json j;
  j["event"] = "completed";
  j["id"] = e.id;
  j["status"] = std::string(status_name(e.status));
  j["information"] = e.information;
  return j;
}

namespace {

// Upper-case hex of `digits` digits, without 0x: "C5", "9000", "F".
std::string hex_digits(unsigned value, int digits) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%0*X", digits, value);
  return buf;
}

Json status_indicator_json(const StatusIndicator& s) {
  Json j;
  j["lcs"] = s.lcs ? Json(hex_digits(*s.lcs, 2)) : Json();
  j["life_cycle"] = s.lcs ? Json(std::string(life_cycle_name(*s.lcs))) : Json();
  j["sw"] = s.sw ? Json(hex_digits(*s.sw, 4)) : Json();
  return j;
}

// The named bits of the objects that have them (card service data, card capabilities).
Json object_flags(const CompactTlvObject& o) {
  Json flags = Json::array();
  if (o.tag == static_cast<std::uint8_t>(CompactTag::card_service_data) && o.value.size() == 1)
    for (std::string_view f : card_service_data_flags(static_cast<std::uint8_t>(o.value[0])))
      flags.push_back(std::string(f));
  if (o.tag == static_cast<std::uint8_t>(CompactTag::card_capabilities))
    for (const std::string& f : card_capabilities_flags(o.value)) flags.push_back(f);
  return flags;
}

Json historical_json(const HistoricalBytes& h) {
  if (h.format == HistoricalFormat::absent) return Json();
  Json j;
  j["category"] = hex_digits(h.category, 2);
  j["format"] = std::string(historical_format_name(h.format));
  j["objects"] = Json::array();
  for (const CompactTlvObject& o : h.objects) {
    Json object;
    object["tag"] = hex_digits(o.tag, 1);
    object["name"] = std::string(compact_tag_name(o.tag));
    object["value"] = hex_json(o.value);
    object["flags"] = object_flags(o);
    j["objects"].push_back(std::move(object));
  }
  j["status_indicator"] = h.status ? status_indicator_json(*h.status) : Json();
  j["dir_data_reference"] =
      h.dir_data_reference ? Json(hex_digits(*h.dir_data_reference, 2)) : Json();
  j["malformed"] = h.malformed;
  return j;
}

void add_card_names(Json& j, const CardNames& names) {
  j["card_list"] = names.list_path.empty() ? Json() : Json(names.list_path);
  j["cards"] = Json::array();
  for (const CardListMatch& m : names.matches)
    j["cards"].push_back(Json{{"pattern", m.pattern}, {"description", m.description}});
}

}  // namespace

Json atr_json(const AtrRecord& a) {
  const AtrInfo& i = a.info;
  Json j;
  j["cmd"] = "atr";  // like every other command's line
  j["atr"] = hex_json(a.input);
  j["valid"] = i.valid;
  j["error"] = i.error == AtrError::none ? Json() : Json(std::string(atr_error_code(i.error)));
  j["convention"] = i.convention == Convention::direct ? "direct" : "inverse";
  j["fi"] = optional_json(i.fi);
  j["di"] = optional_json(i.di);
  j["fmax_khz"] = optional_json(i.fmax_khz);
  j["n"] = i.n;
  j["protocols"] = Json::array();
  for (std::uint8_t t : i.protocols) j["protocols"].push_back(t);
  j["specific_protocol"] = optional_json(i.specific_protocol);
  j["wi"] = i.wi;
  j["ifsc"] = optional_json(i.ifsc);
  j["bwi"] = optional_json(i.bwi);
  j["cwi"] = optional_json(i.cwi);
  j["edc"] = i.edc ? Json(*i.edc == Edc::lrc ? "lrc" : "crc") : Json();
  j["historical_bytes"] = hex_json(i.historical_bytes);
  j["tck_present"] = i.tck_present;
  j["tck_valid"] = optional_json(i.tck_valid);
  j["historical"] = historical_json(decode_historical_bytes(i.historical_bytes));
  if (a.names) add_card_names(j, *a.names);
  return j;
}

Json note_json(const NoteRecord& n) {
  Json j;
  j["cmd"] = n.cmd;
  j["status"] = n.status;
  for (const auto& [key, value] : n.fields.items()) j[key] = value;
  return j;
}

Json status_json(const StatusRecord& s) {
  Json j;
  j["cmd"] = "status";
  j["status"] = std::string(status_name(Status::SUCCESS));
  j["reader"] = s.reader;
  j["state"] = std::string(card_state_name(s.state));
  j["state_value"] = static_cast<std::uint32_t>(s.state);
  j["atr"] = s.atr ? Json(to_hex(*s.atr)) : Json();
  j["protocol"] = s.protocol ? Json(protocol_mask_name(*s.protocol)) : Json();
  j["last_error"] = std::string(status_name(s.last_error));
  j["attributes"] = s.attributes;
  return j;
}

Json trace_entry_json(const TraceEntryRecord& t) {
  Json j;
  j["cmd"] = "trace";
  j["number"] = t.number;
  j["time_us"] = t.time_us;
  j["since_first_us"] = t.since_first_us;
  j["channel"] = t.channel;
  j["event"] = t.event;
  if (!t.direction.empty()) j["direction"] = t.direction;
  j["summary"] = t.summary;
  j["data"] = to_hex(t.data);
  if (t.hidden != 0) j["hidden"] = t.hidden;
  for (const auto& [key, value] : t.fields.items()) j[key] = value;
  return j;
}

Json bench_json(const BenchRecord& b) {
  Json j;
  j["cmd"] = "bench";
  j["status"] = std::string(status_name(b.status));
  j["protocol"] = protocol_mask_name(b.protocol);
  j["case"] = b.apdu_case;
  j["count"] = b.count;
  j["length"] = b.length;
  j["errors"] = b.errors;
  j["seconds"] = b.seconds;
  j["apdus_per_s"] = b.apdus_per_second;
  j["median_us"] = b.median_us;
  j["p99_us"] = b.p99_us;
  j["max_us"] = b.max_us;
  if (b.allocations_per_apdu) j["allocs_per_apdu"] = *b.allocations_per_apdu;
  if (b.partial) {
    j["partial"] = true;
    j["requested"] = b.requested;
  }
  return j;
}

Json bench_devices_json(const BenchDevicesRecord& b) {
  Json j;
  j["cmd"] = "bench";
  j["status"] = std::string(status_name(b.status));
  j["devices"] = b.devices;
  j["bytes_per_device"] = b.bytes_per_device;
  j["threads_added"] = b.threads_added;
  j["open_s"] = b.open_seconds;
  j["insert_all_s"] = b.insert_seconds;
  j["complete_all_s"] = b.complete_seconds;
  j["completed"] = b.completed;
  return j;
}

}  // namespace readerkit::cli
