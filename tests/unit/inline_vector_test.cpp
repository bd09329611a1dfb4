// SPDX-License-Identifier: MIT
// InlineVector: a fixed-capacity vector stored in the object; adding past its capacity is
// refused and leaves it unchanged.
#include "readerkit/inline_vector.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

namespace readerkit {
namespace {

using Small = InlineVector<int, 3>;

int sum(std::span<const int> values) {
  int s = 0;
  for (int v : values) s += v;
  return s;
}

TEST(InlineVector, StartsEmpty) {
  const Small v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(v.begin(), v.end());
  static_assert(Small::capacity() == 3);
}

TEST(InlineVector, PushBackAppendsInOrder) {
  Small v;
  EXPECT_TRUE(v.push_back(4));
  EXPECT_TRUE(v.push_back(5));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], 4);
  EXPECT_EQ(v[1], 5);
  EXPECT_EQ(v.front(), 4);
  EXPECT_EQ(v.back(), 5);
  EXPECT_EQ(v.data(), &v[0]);
}

TEST(InlineVector, PushBackPastCapacityIsRefusedAndChangesNothing) {
  Small v{1, 2, 3};
  EXPECT_TRUE(v.full());
  EXPECT_FALSE(v.push_back(9));
  EXPECT_EQ(v, (std::vector<int>{1, 2, 3}));
}

TEST(InlineVector, AssignKeepsTheFirstCapacityValues) {
  Small v;
  const std::array<int, 5> five{1, 2, 3, 4, 5};
  EXPECT_FALSE(v.assign(five));
  EXPECT_EQ(v, (std::vector<int>{1, 2, 3}));
  const std::array<int, 1> one{7};
  EXPECT_TRUE(v.assign(one));
  EXPECT_EQ(v, (std::vector<int>{7}));
}

TEST(InlineVector, ConstructsFromSpanAndInitializerList) {
  const std::vector<int> source{8, 9};
  const Small from_span(std::span<const int>(source.data(), source.size()));
  const Small from_list{8, 9};
  EXPECT_EQ(from_span, from_list);
  const Small cut{1, 2, 3, 4};  // past capacity: the first three
  EXPECT_EQ(cut.size(), 3u);
}

TEST(InlineVector, ClearEmptiesAndAllowsReuse) {
  Small v{1, 2, 3};
  v.clear();
  EXPECT_TRUE(v.empty());
  EXPECT_TRUE(v.push_back(6));
  EXPECT_EQ(v, (std::vector<int>{6}));
}

static_assert(std::is_convertible_v<const Small&, std::span<const int>>);
static_assert(std::is_convertible_v<Small&, std::span<int>>);

TEST(InlineVector, ConvertsToSpan) {
  Small v{1, 2, 3};
  EXPECT_EQ(sum(v), 6);
  const std::span<int> mutable_view = v;
  mutable_view[0] = 10;
  EXPECT_EQ(v[0], 10);
}

TEST(InlineVector, EqualityComparesTheHeldValuesOnly) {
  Small a{1, 2};
  Small b{1, 2, 3};
  EXPECT_NE(a, b);
  b.clear();
  b.push_back(1);
  b.push_back(2);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, (std::array<int, 2>{1, 2}));
  EXPECT_NE(a, (std::vector<int>{1}));
  EXPECT_EQ((std::vector<int>{1, 2}), a);  // either side
}

TEST(InlineVector, CopiesAreIndependent) {
  Small a{1, 2};
  Small b = a;
  b.push_back(3);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(b, (std::vector<int>{1, 2, 3}));
  a = b;
  EXPECT_EQ(a, b);
}

TEST(InlineVector, IteratesWithRangeFor) {
  const Small v{3, 4, 5};
  int expected = 3;
  for (int x : v) EXPECT_EQ(x, expected++);
  EXPECT_EQ(expected, 6);
}

TEST(InlineVector, HoldsValuesWithoutATrivialDefaultConstructor) {
  // std::optional is not trivially default constructible: a fresh vector constructs none.
  InlineVector<std::optional<std::uint8_t>, 4> v;
  EXPECT_TRUE(v.push_back(std::nullopt));
  EXPECT_TRUE(v.push_back(std::uint8_t{7}));
  ASSERT_EQ(v.size(), 2u);
  EXPECT_FALSE(v[0].has_value());
  EXPECT_EQ(v[1], 7);
}

}  // namespace
}  // namespace readerkit
