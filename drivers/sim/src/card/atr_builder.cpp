// SPDX-License-Identifier: MIT
#include "card/atr_builder.hpp"

#include <optional>
#include <vector>

namespace readerkit::sim::card {
namespace {

/// One interface byte group as it will be emitted; TD is computed from the next group.
struct Group {
  std::optional<std::uint8_t> ta, tb, tc;
  std::uint8_t protocol = 0;  // T of the TD introducing the *next* group
};

std::uint8_t presence(const Group& g, bool has_td) {
  return static_cast<std::uint8_t>((g.ta ? 0x10 : 0) | (g.tb ? 0x20 : 0) | (g.tc ? 0x40 : 0) |
                                   (has_td ? 0x80 : 0));
}

std::uint8_t specific_byte(const SpecificMode& m) {
  return static_cast<std::uint8_t>(m.protocol | (m.implicit ? 0x10 : 0) |
                                   (m.can_change ? 0 : 0x80));
}

// Groups: 1 global (TA1, TC1); 2 after TD1 = first protocol (TA2 specific mode, TC2 WI);
// 3 after TD2 = T=1 when T=1 is offered (TA3 IFSC, TB3 BWI/CWI, TC3 EDC; §11.4).
std::vector<Group> groups_for(const Profile& p) {
  std::vector<Group> g(1);
  g[0].ta = p.ta1;
  g[0].tc = p.tc1;
  Group second;
  if (p.specific) second.ta = specific_byte(*p.specific);
  if (p.offers(0) && p.wi != 10) second.tc = p.wi;
  const bool needs_second = second.ta || second.tc;
  const bool t1 = p.offers(1);
  if (p.protocols.size() == 1 && p.protocols[0] == 0 && !needs_second) return g;
  g[0].protocol = p.protocols[0];
  g.push_back(second);
  if (t1) {
    g[1].protocol = 1;
    Group third;
    third.ta = p.ifsc;
    third.tb = static_cast<std::uint8_t>(p.bwi << 4 | p.cwi);
    if (p.edc == Edc::crc) third.tc = 0x01;
    g.push_back(third);
  }
  return g;
}

void put(Bytes& out, std::uint8_t v) {
  out.push_back(static_cast<std::byte>(v));
}

}  // namespace

Bytes build_atr(const Profile& p) {
  if (p.atr_override) return *p.atr_override;
  const std::vector<Group> g = groups_for(p);
  Bytes atr;
  put(atr, p.convention == Convention::inverse ? 0x3F : 0x3B);
  put(atr, static_cast<std::uint8_t>(presence(g[0], g.size() > 1) | (p.historical.size() & 0x0F)));
  for (std::size_t i = 0; i < g.size(); ++i) {
    const bool has_td = i + 1 < g.size();
    if (g[i].ta) put(atr, *g[i].ta);
    if (g[i].tb) put(atr, *g[i].tb);
    if (g[i].tc) put(atr, *g[i].tc);
    if (has_td)
      put(atr, static_cast<std::uint8_t>(presence(g[i + 1], i + 2 < g.size()) | g[i].protocol));
  }
  atr.insert(atr.end(), p.historical.begin(), p.historical.end());
  const bool tck = !(p.protocols.size() == 1 && p.protocols[0] == 0);
  if (tck) {
    std::uint8_t x = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) x ^= static_cast<std::uint8_t>(atr[i]);
    put(atr, x);
  }
  return atr;
}

Bytes garbage_atr() {
  return {std::byte{0x00}, std::byte{0x55}, std::byte{0xAA}, std::byte{0x12}, std::byte{0x34}};
}

}  // namespace readerkit::sim::card
