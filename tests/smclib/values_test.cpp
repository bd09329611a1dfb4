// The WDK constants (seen by header_check.c, which includes only the WDK headers) equal
// ReaderKit's C++ tables (seen here, which includes only the C++ headers): two name sets,
// one set of numbers.
#include <gtest/gtest.h>

#include <map>
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

TEST(SmclibValues, IoctlsMatchTheIoctlTable) {
  int checked = 0;
  for (const auto& [name, value] : wdk()) {
    if (name.rfind("IOCTL_", 0) != 0) continue;
    const auto code = ioctl_from_name(name);
    ASSERT_TRUE(code.has_value()) << name;
    EXPECT_EQ(*code, value) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 13);
}

TEST(SmclibValues, AttributesMatchTheAttributeTable) {
  int checked = 0;
  for (const auto& [name, value] : wdk()) {
    if (name.rfind("SCARD_ATTR_", 0) != 0 && name.rfind("SCARD_PERF_", 0) != 0) continue;
    const auto id = attribute_from_name(name);
    ASSERT_TRUE(id.has_value()) << name;
    EXPECT_EQ(*id, value) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 34);
}

TEST(SmclibValues, StatusesMatchTheStatusTable) {
  int checked = 0;
  for (const auto& [name, value] : wdk()) {
    if (name.rfind("STATUS_", 0) != 0) continue;
    const auto s = status_from_name(name);
    ASSERT_TRUE(s.has_value()) << name;
    EXPECT_EQ(ntstatus(*s), value) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 17);  // every Status of the contract (§7)
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
