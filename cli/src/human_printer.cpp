// SPDX-License-Identifier: MIT
// The human printer: aligned, labelled lines with names and decoded values.
#include <iomanip>
#include <ostream>
#include <sstream>

#include "human_text.hpp"
#include "printer.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

constexpr std::size_t kValueColumn = 20;

std::string status_text(Status s) {
  return std::string(status_name(s)) + " (" + hex32(ntstatus(s)) + ")";
}

// A status attribute in its unit when it is a known ULONG attribute ("3580 kHz").
std::string attribute_text(const std::string& name, const nlohmann::ordered_json& v) {
  auto id = attribute_from_name(name);
  if (!id || !v.is_number_unsigned()) return v.is_string() ? v.get<std::string>() : v.dump();
  return attribute_value_text(*id, le32_bytes(v.get<std::uint32_t>()));
}

std::string json_value_text(const nlohmann::ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "-";
  return v.dump();
}

class HumanPrinter final : public Printer {
 public:
  HumanPrinter(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  void request(const RequestRecord& r) override {
    std::string_view name = ioctl_name(r.code);
    line({std::string(name.empty() ? "IOCTL" : name),
          hex32(r.code) + (r.automatic ? " (automatic: " + r.cmd + " " + r.args + ")" : ""), 0});
    line({"status", status_text(r.status) + (r.id ? ", id " + std::to_string(*r.id) : "")});
    if (r.status != Status::PENDING)
      line({"information", std::to_string(r.information) + " bytes"});
    for (const TextLine& l : output_text(r)) line(l);
  }

  void event(const EventRecord& e) override {
    line({"completed #" + std::to_string(e.id),
          status_text(e.status) + ", " + std::to_string(e.information) + " bytes", 0});
  }

  void atr(const AtrRecord& a) override {
    for (const TextLine& l : atr_text(a)) line(l);
  }

  void note(const NoteRecord& n) override {
    line({n.cmd, n.status, 0});
    for (const auto& [key, value] : n.fields.items()) line({key, json_value_text(value)});
  }

  void status(const StatusRecord& s) override {
    line({"reader", s.reader, 0});
    line({"state", std::string(card_state_name(s.state)) + " (" +
                       std::to_string(static_cast<std::uint32_t>(s.state)) + ")"});
    line({"ATR", s.atr ? spaced_hex(*s.atr) : "-"});
    line({"protocol", s.protocol ? protocol_mask_name(*s.protocol) : "-"});
    line({"last error", std::string(status_name(s.last_error))});
    for (const auto& [key, value] : s.attributes.items()) line({key, attribute_text(key, value)});
  }

  void bench(const BenchRecord& b) override {
    std::ostringstream rate;
    rate << std::fixed << std::setprecision(1) << b.apdus_per_second << " APDU/s";
    line({"bench", status_text(b.status) +
                       (b.partial ? ", interrupted: partial figures" : ""), 0});
    line({"exchange", protocol_mask_name(b.protocol) + ", case " + std::to_string(b.apdu_case) +
                          ", " + std::to_string(b.length) + " data bytes"});
    std::ostringstream total;
    total << b.count << (b.partial ? " of " + std::to_string(b.requested) : "") << " in " << std::fixed << std::setprecision(3) << b.seconds << " s, "
          << b.errors << " errors";
    line({"APDUs", total.str()});
    line({"throughput", rate.str()});
    line({"latency",
          "median " + us(b.median_us) + ", p99 " + us(b.p99_us) + ", max " + us(b.max_us)});
    if (b.allocations_per_apdu) {
      std::ostringstream allocs;
      allocs << std::fixed << std::setprecision(3) << *b.allocations_per_apdu << " per APDU";
      line({"allocations", allocs.str()});
    }
  }

  void bench_devices(const BenchDevicesRecord& b) override {
    const auto seconds = [](double s) {
      std::ostringstream out;
      out << std::fixed << std::setprecision(3) << s << " s";
      return out.str();
    };
    line({"bench", status_text(b.status), 0});
    line({"devices", std::to_string(b.devices) + " simulated, a card tracking request pending on each"});
    line({"memory", std::to_string(b.bytes_per_device) + " bytes per idle device (RSS)"});
    line({"threads", std::to_string(b.threads_added) + " added"});
    line({"open all", seconds(b.open_seconds)});
    line({"insert all", seconds(b.insert_seconds)});
    line({"complete all", seconds(b.complete_seconds) + ", " + std::to_string(b.completed) + " of " +
                              std::to_string(b.devices) + " requests"});
  }

  // One line a record: number, seconds since the first, channel, direction, what it is.
  void trace_entry(const TraceEntryRecord& t) override {
    std::ostringstream s;
    s << std::setw(5) << t.number << "  +" << std::fixed << std::setprecision(6)
      << static_cast<double>(t.since_first_us) / 1e6 << "  ch" << t.channel << "  "
      << (t.direction == "to_card" ? "->" : t.direction == "from_card" ? "<-" : "--") << "  "
      << t.summary;
    if (!t.data.empty()) s << "  " << spaced_hex(t.data);
    if (t.hidden != 0) s << " [" << t.hidden << " bytes not shown]";
    out_ << s.str() << "\n" << std::flush;
  }

  void usage_error(std::string_view cmd, std::string_view message) override {
    err_ << "readerkit: " << cmd << ": " << message << "\n" << std::flush;
  }
  void error(std::string_view cmd, std::string_view message) override {
    err_ << "readerkit: " << cmd << ": error: " << message << "\n" << std::flush;
  }
  void script_line(std::string_view text) override {
    out_ << "\n> " << text << "\n" << std::flush;
    after_comment_ = false;
  }
  // Consecutive comment lines stay together as one paragraph.
  void comment(std::string_view text) override {
    if (text.empty()) {
      after_comment_ = false;
      return;
    }
    out_ << (after_comment_ ? "# " : "\n# ") << text << "\n" << std::flush;
    after_comment_ = true;
  }

 private:
  static std::string us(double v) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << v << " us";
    return s.str();
  }

  void line(const TextLine& l) {
    const std::size_t indent = static_cast<std::size_t>(l.indent) * 2;
    std::string text(indent, ' ');
    text += l.label;
    if (!l.value.empty()) {
      text.append(text.size() + 1 < kValueColumn ? kValueColumn - text.size() : 1, ' ');
      text += l.value;
    }
    out_ << text << "\n" << std::flush;
  }

  std::ostream& out_;
  std::ostream& err_;
  bool after_comment_ = false;
};

}  // namespace

std::unique_ptr<Printer> make_human_printer(std::ostream& out, std::ostream& err) {
  return std::make_unique<HumanPrinter>(out, err);
}

}  // namespace readerkit::cli
