// SPDX-License-Identifier: MIT
// Profile loader: the "filesystem" section (files by path below the MF, the PIN).
#include "card/file_tree.hpp"
#include "profile_json.hpp"

namespace readerkit::sim::detail {
namespace {

using nlohmann::json;

std::vector<std::uint16_t> parse_path(const std::string& text) {
  std::vector<std::uint16_t> path;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('/', start);
    if (end == std::string::npos) end = text.size();
    auto fid = from_hex(text.substr(start, end - start));
    if (!fid || fid->size() != 2) throw ProfileError{"filesystem: bad path '" + text + "'"};
    path.push_back(static_cast<std::uint16_t>(static_cast<std::uint8_t>((*fid)[0]) << 8 |
                                              static_cast<std::uint8_t>((*fid)[1])));
    start = end + 1;
  }
  if (!path.empty() && path.front() == 0x3F00) path.erase(path.begin());
  if (path.empty())
    throw ProfileError{"filesystem: path '" + text + "' names no file below the MF"};
  return path;
}

card::FileNode parse_file(const json& f) {
  check_keys(f, "filesystem.files[]", {"path", "type", "name", "data", "records", "update"});
  card::FileNode node;
  const std::string type = get_string(f.value("type", json("transparent")), "type");
  if (type == "df")
    node.kind = card::FileKind::df;
  else if (type == "transparent")
    node.kind = card::FileKind::transparent;
  else if (type == "linear")
    node.kind = card::FileKind::linear;
  else
    throw ProfileError{"filesystem: type must be df, transparent or linear"};
  if (f.contains("name")) node.name = get_hex(f["name"], "name");
  if (f.contains("data")) node.data = get_hex(f["data"], "data");
  if (f.contains("records")) {
    for (const auto& r : f["records"]) node.records.push_back(get_hex(r, "records[]"));
  }
  const std::string update = get_string(f.value("update", json("always")), "update");
  if (update != "always" && update != "pin") throw ProfileError{"update: always or pin"};
  node.update_needs_pin = update == "pin";
  return node;
}

}  // namespace

card::FileTree parse_filesystem(const json& j) {
  check_keys(j, "filesystem", {"pin", "files", "mf_name"});
  card::FileTree tree;
  if (j.contains("mf_name")) tree.files[0].name = get_hex(j["mf_name"], "mf_name");
  if (j.contains("pin")) {
    const json& pin = j["pin"];
    check_keys(pin, "filesystem.pin", {"reference", "value", "retries"});
    if (pin.contains("reference"))
      tree.pin.reference =
          static_cast<std::uint8_t>(get_uint(pin["reference"], "pin.reference", 255));
    if (pin.contains("value")) tree.pin.value = get_hex(pin["value"], "pin.value");
    if (pin.contains("retries"))
      tree.pin.retries = static_cast<std::uint8_t>(get_uint(pin["retries"], "pin.retries", 15));
  }
  for (const auto& f : j.value("files", json::array())) {
    const std::string path = get_string(f.value("path", json("")), "path");
    if (!tree.add(parse_path(path), parse_file(f))) {
      throw ProfileError{"filesystem: cannot add '" + path + "' (parent missing or FID taken)"};
    }
  }
  return tree;
}

}  // namespace readerkit::sim::detail
