// SPDX-License-Identifier: MIT
// T=1 block layout, LRC and CRC values, and the invalid-block classes (§11.6.3.1).
#include "readerkit/t1_frame.hpp"

#include <gtest/gtest.h>

#include "protocol_test_util.hpp"

namespace readerkit {
namespace {

using test::hex;

TEST(T1Frame, LrcIsXorOfAllBytes) {
  EXPECT_EQ(t1::lrc(hex("00 C1 01 FE")), 0x3E);
  EXPECT_EQ(t1::lrc({}), 0x00);
  Bytes many(1001);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<std::byte>(i * 7);
  std::uint8_t x = 0;
  for (std::byte b : many) x ^= static_cast<std::uint8_t>(b);
  EXPECT_EQ(t1::lrc(many), x);
}

// The LRC reads whole words and, for the last bytes, one word that ends at the end: every
// length and every alignment must give the bytewise XOR, and no byte outside the span counts.
TEST(T1Frame, LrcMatchesBytewiseXorAtEveryLengthAndOffset) {
  Bytes buffer(300 + 16, std::byte{0xA5});  // bytes outside each span are A5, not 00
  for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<std::byte>(i * 37 + 11);
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t n = 0; n <= 300; ++n) {
      const std::span<const std::byte> bytes(buffer.data() + offset, n);
      std::uint8_t x = 0;
      for (std::byte b : bytes) x ^= static_cast<std::uint8_t>(b);
      ASSERT_EQ(t1::lrc(bytes), x) << "offset " << offset << " length " << n;
    }
  }
}

TEST(T1Frame, CrcCheckValue) {
  // Reflected 0x8408, init FFFF, no final XOR: the "CRC-16/MCRF4XX" check value.
  EXPECT_EQ(t1::crc16(as_bytes_view("123456789")), 0x6F91);
}

TEST(T1Frame, BuildsPrologueInfEpilogue) {
  std::array<std::byte, t1::MAX_BLOCK> out{};
  const Bytes inf = hex("FE");
  const std::size_t n = t1::build_block(out, 0x00, t1::s_pcb(t1::SType::IFS, false), inf, Edc::lrc);
  EXPECT_EQ(to_hex(std::span(out).first(n)), "00C101FE3E");
  const std::size_t c = t1::build_block(out, 0x00, t1::r_pcb(1, t1::RError::none), {}, Edc::crc);
  EXPECT_EQ(c, 5u);
  const std::uint16_t crc = t1::crc16(hex("00 90 00"));
  EXPECT_EQ(static_cast<std::uint8_t>(out[3]), crc >> 8);
  EXPECT_EQ(static_cast<std::uint8_t>(out[4]), crc & 0xFF);
}

TEST(T1Frame, PcbEncoding) {
  EXPECT_EQ(t1::i_pcb(1, true), 0x60);
  EXPECT_EQ(t1::r_pcb(1, t1::RError::EDC), 0x91);
  EXPECT_EQ(t1::s_pcb(t1::SType::WTX, true), 0xE3);
  EXPECT_EQ(t1::block_type(0x40), t1::BlockType::I);
  EXPECT_EQ(t1::block_type(0x82), t1::BlockType::R);
  EXPECT_EQ(t1::block_type(0xC0), t1::BlockType::S);
}

struct Invalid {
  const char* block;
  t1::RError error;
};

class T1InvalidBlocks : public ::testing::TestWithParam<Invalid> {};

TEST_P(T1InvalidBlocks, AreClassified) {
  t1::Block b;
  EXPECT_EQ(t1::parse_block(hex(GetParam().block), Edc::lrc, b), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Classes, T1InvalidBlocks,
    ::testing::Values(Invalid{"00 00 02 90 00 92", t1::RError::none},
                      Invalid{"00 00 02 90 00 93", t1::RError::EDC},
                      Invalid{"00 00 03 90 00 92", t1::RError::OTHER},  // LEN vs size
                      Invalid{"00 00 FF 00", t1::RError::OTHER},        // LEN 255
                      Invalid{"00 01 00 01", t1::RError::OTHER},        // I-block RFU bits
                      Invalid{"00 A0 00 A0", t1::RError::OTHER},        // R-block bit 6
                      Invalid{"00 83 00 83", t1::RError::OTHER},        // R error code 3
                      Invalid{"00 C3 00 C3", t1::RError::OTHER},        // WTX without INF
                      Invalid{"00 C5 00 C5", t1::RError::OTHER},        // unknown S type
                      Invalid{"00 C0 01 00 C1", t1::RError::OTHER},     // RESYNCH with INF
                      Invalid{"00", t1::RError::OTHER}));

}  // namespace
}  // namespace readerkit
