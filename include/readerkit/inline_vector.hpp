// SPDX-License-Identifier: MIT
// InlineVector<T, N>: a vector whose elements live inside the object, for decoded values whose
// size a standard bounds (an ATR's 33 bytes, its 15 historical bytes): filling one never
// allocates, so a decoder that returns it does no heap allocation (docs/performance.md).
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <type_traits>

namespace readerkit {

/// Up to N values of T stored in the object itself. Only trivially copyable T: copying the
/// vector copies its storage as raw bytes and nothing needs destroying.
///
/// It converts implicitly to std::span<const T> (and, when not const, std::span<T>) through
/// std::span's constructor from a contiguous sized range: data(), size() and pointer iterators.
///
/// Capacity contract: adding beyond N is refused, never undefined: push_back() returns false
/// and leaves the vector unchanged, assign() keeps the first N values and returns false.
/// Users size N from the bound their specification gives, so a refusal means input past that
/// bound (documented by each user).
template <class T, std::size_t N>
class InlineVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "InlineVector holds trivially copyable values only");
  static_assert(N > 0, "InlineVector needs room for one value");

 public:
  using value_type = T;
  using size_type = std::size_t;
  using reference = T&;
  using const_reference = const T&;
  using iterator = T*;
  using const_iterator = const T*;

  InlineVector() noexcept {}  // storage stays unconstructed: nothing is written until added
  InlineVector(std::initializer_list<T> values) noexcept {
    assign(std::span<const T>(values.begin(), values.size()));
  }
  explicit InlineVector(std::span<const T> values) noexcept { assign(values); }

  /// The most values it holds.
  static constexpr size_type capacity() noexcept { return N; }
  size_type size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  bool full() const noexcept { return size_ == N; }

  T* data() noexcept { return items_; }
  const T* data() const noexcept { return items_; }
  iterator begin() noexcept { return items_; }
  iterator end() noexcept { return items_ + size_; }
  const_iterator begin() const noexcept { return items_; }
  const_iterator end() const noexcept { return items_ + size_; }

  /// Element i; i < size().
  T& operator[](size_type i) noexcept { return assert(i < size_), items_[i]; }
  const T& operator[](size_type i) const noexcept { return assert(i < size_), items_[i]; }
  /// First / last element; the vector is not empty.
  T& front() noexcept { return (*this)[0]; }
  const T& front() const noexcept { return (*this)[0]; }
  T& back() noexcept { return (*this)[size_ - 1]; }
  const T& back() const noexcept { return (*this)[size_ - 1]; }

  /// Appends v; false (and nothing added) when the vector is full.
  bool push_back(const T& v) noexcept {
    if (size_ == N) return false;
    std::construct_at(items_ + size_, v);
    ++size_;
    return true;
  }

  /// Replaces the contents with the first min(values.size(), N) values; false when some did
  /// not fit.
  bool assign(std::span<const T> values) noexcept {
    size_ = std::min(values.size(), N);
    std::copy_n(values.data(), size_, items_);
    return size_ == values.size();
  }

  void clear() noexcept { size_ = 0; }

  friend bool operator==(const InlineVector& a, const InlineVector& b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  /// Same values as any contiguous sequence of T (a std::vector, an array, a span).
  friend bool operator==(const InlineVector& a, std::span<const T> b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  // An anonymous union: its elements are not constructed with the vector, so a fresh vector
  // costs a size of 0 and no writes to the storage.
  union {
    T items_[N];
  };
  size_type size_ = 0;
};

}  // namespace readerkit
