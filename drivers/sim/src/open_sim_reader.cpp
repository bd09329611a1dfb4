// SPDX-License-Identifier: MIT
// open_sim_reader(): the `sim[:key=value]...` SPEC fields (docs/contract/cli.md "Invocation").
#include <array>
#include <string_view>

#include "sim_reader_impl.hpp"

namespace readerkit::sim {
namespace {

std::string set_profile(SimOptions& o, const std::string& v) {
  if (v.empty()) return "profile= needs a name or a path";
  o.profile = v;
  return "";
}
std::string set_card(SimOptions& o, const std::string& v) {
  if (v != "absent" && v != "present") return "card= must be absent or present";
  o.card_present = v == "present";
  return "";
}
std::string set_control(SimOptions& o, const std::string& v) {
  if (v.empty()) return "control= needs a socket path";
  o.control_path = v;
  return "";
}

std::string set_slots(SimOptions& o, const std::string& v) {
  if (v.size() != 1 || v[0] < '1' || v[0] > '0' + static_cast<int>(kMaxSlots)) {
    return "slots= must be 1.." + std::to_string(kMaxSlots);
  }
  o.slots = static_cast<std::size_t>(v[0] - '0');
  return "";
}

struct KeyRow {
  std::string_view key;
  std::string (*apply)(SimOptions&, const std::string&);
};
const std::array kKeys{KeyRow{"profile", set_profile}, KeyRow{"card", set_card},
                       KeyRow{"control", set_control}, KeyRow{"slots", set_slots}};

std::string parse_field(SimOptions& o, const std::string& field) {
  const auto eq = field.find('=');
  const std::string key = field.substr(0, eq);
  for (const auto& row : kKeys) {
    if (row.key != key) continue;
    if (eq == std::string::npos) return "sim option '" + key + "' needs a value (" + key + "=...)";
    return row.apply(o, field.substr(eq + 1));
  }
  return "unknown sim option '" + field +
         "' (known: profile=NAME|PATH, card=absent, control=PATH, slots=N)";
}

}  // namespace

std::unique_ptr<SimReader> open_sim_reader(const std::vector<std::string>& fields,
                                           const drivers::OpenOptions& options,
                                           std::string& error) {
  SimOptions o;
  for (const auto& field : fields) {
    if (field.empty()) continue;
    if (error = parse_field(o, field); !error.empty()) return nullptr;
  }
  auto profile = load_profile(o.profile, error);
  if (!profile) return nullptr;
  auto reader = std::make_unique<SimReaderImpl>(o, options, profile->pinpad);
  if (error = reader->start(o, std::move(*profile)); !error.empty()) return nullptr;
  return reader;
}

std::vector<std::string> sim_profile_names() {
  return builtin_profile_names();
}

}  // namespace readerkit::sim
