// SPDX-License-Identifier: MIT
// The quirks table: rows found by VID:PID, unknown readers get no quirk.
#include "readerkit/ccid/quirks.hpp"

#include <gtest/gtest.h>

namespace readerkit::ccid {
namespace {

TEST(CcidQuirks, QemuReaderHasItsObservedQuirks) {
  const Quirks q = find_quirks(0x08E6, 0x4433);
  EXPECT_EQ(q.name, "QEMU USB CCID");
  EXPECT_TRUE(q.has(quirk::NO_ESCAPE));
  EXPECT_TRUE(q.has(quirk::SPURIOUS_ZLP));
  EXPECT_TRUE(q.has(quirk::SKIP_SET_PARAMETERS));
  EXPECT_FALSE(q.has(quirk::POWER_AUTOMATIC_ONLY));
}

TEST(CcidQuirks, UnknownReaderHasNone) {
  const Quirks q = find_quirks(0x1234, 0x4433);
  EXPECT_EQ(q.vendor_id, 0x1234);
  EXPECT_EQ(q.product_id, 0x4433);
  EXPECT_EQ(q.flags, 0u);
  EXPECT_TRUE(q.name.empty());
}

}  // namespace
}  // namespace readerkit::ccid
