// SPDX-License-Identifier: MIT
// Result<T>: a value or a Status, for parsers and engines (docs/contract/style.md "Errors").
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "readerkit/status.hpp"

namespace readerkit {

/// Holds either a T or a failure Status. Construct from a T for success, from a Status for
/// failure. (std::expected is not usable with clang 14, which builds the fuzzers.)
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(status) { assert(status != Status::SUCCESS); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  Status status() const { return ok() ? Status::SUCCESS : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace readerkit
