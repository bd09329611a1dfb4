// SPDX-License-Identifier: MIT
// The WDK constants (seen by header_check.c, which includes only the WDK headers) equal
// ReaderKit's C++ tables (seen here, which includes only the C++ headers): two name sets,
// one set of numbers.
#include <gtest/gtest.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>

#include "header_values.h"
#include "readerkit/attribute.hpp"
#include "readerkit/card.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/status.hpp"

namespace readerkit {
namespace {

std::map<std::string, unsigned long long> wdk() {
  std::map<std::string, unsigned long long> m;
  for (unsigned i = 0; i < readerkit_wdk_value_count; ++i)
    m[readerkit_wdk_values[i].name] = readerkit_wdk_values[i].value;
  return m;
}

/// Compares every WDK value whose name starts with one of `prefixes` with what `lookup` (a
/// C++ table's by-name lookup) gives; returns how many were compared.
template <typename Lookup>
int compare(std::initializer_list<const char*> prefixes, Lookup lookup) {
  int checked = 0;
  for (const auto& [name, value] : wdk()) {
    bool wanted = false;
    for (const char* p : prefixes) wanted = wanted || name.rfind(p, 0) == 0;
    if (!wanted) continue;
    const auto cxx = lookup(name);
    EXPECT_TRUE(cxx.has_value()) << name;
    if (cxx) {
      EXPECT_EQ(*cxx, value) << name;
    }
    ++checked;
  }
  return checked;
}

TEST(SmclibValues, IoctlsMatchTheIoctlTable) {
  EXPECT_EQ(compare({"IOCTL_"}, [](const std::string& n) { return ioctl_from_name(n); }), 13);
}

TEST(SmclibValues, AttributesMatchTheAttributeTable) {
  EXPECT_EQ(compare({"SCARD_ATTR_", "SCARD_PERF_"},
                    [](const std::string& n) { return attribute_from_name(n); }),
            34);
}

TEST(SmclibValues, StatusesMatchTheStatusTable) {
  // Every Status of the contract (§7).
  EXPECT_EQ(compare({"STATUS_"},
                    [](const std::string& n) -> std::optional<std::uint32_t> {
                      const auto s = status_from_name(n);
                      if (!s) return std::nullopt;
                      return ntstatus(*s);
                    }),
            17);
}

TEST(SmclibValues, StatesProtocolsActionsTypesAndSlots) {
  const auto m = wdk();
  for (std::uint32_t s = 0; s <= 6; ++s) {
    const std::string name(card_state_name(static_cast<CardState>(s)));
    EXPECT_EQ(m.at(name), s) << name;
  }
  for (std::uint32_t a = 0; a <= 2; ++a) EXPECT_EQ(m.at(std::string(power_action_name(a))), a);
  EXPECT_EQ(m.at("SCARD_PROTOCOL_UNDEFINED"), SCARD_PROTOCOL_UNDEFINED);
  EXPECT_EQ(m.at("SCARD_PROTOCOL_T0"), SCARD_PROTOCOL_T0);
  EXPECT_EQ(m.at("SCARD_PROTOCOL_T1"), SCARD_PROTOCOL_T1);
  EXPECT_EQ(m.at("SCARD_PROTOCOL_RAW"), SCARD_PROTOCOL_RAW);
  EXPECT_EQ(m.at("SCARD_PROTOCOL_DEFAULT"), SCARD_PROTOCOL_DEFAULT);
  EXPECT_EQ(m.at("SCARD_READER_SWALLOWS"), SCARD_READER_SWALLOWS);
  EXPECT_EQ(m.at("SCARD_READER_EJECTS"), SCARD_READER_EJECTS);
  EXPECT_EQ(m.at("SCARD_READER_CONFISCATES"), SCARD_READER_CONFISCATES);
  for (std::uint32_t t : {0x01u, 0x02u, 0x04u, 0x08u, 0x10u, 0x20u, 0x40u, 0x80u, 0xF0u}) {
    const std::string name(reader_type_name(static_cast<ReaderType>(t)));
    EXPECT_EQ(m.at(name), t) << name;
  }
  for (std::size_t slot = 0; slot <= 9; ++slot) {
    const std::string name(rdf_name(static_cast<Rdf>(slot)));
    EXPECT_EQ(m.at(name), slot) << name;
  }
}

}  // namespace
}  // namespace readerkit
