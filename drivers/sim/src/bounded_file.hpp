// SPDX-License-Identifier: MIT
// Reading a file a user named (a profile path given to `card insert` or `sim:profile=`) as
// untrusted input: the process may be pcscd, running as root, so the file is opened only if it
// is a regular file, never blocks (a FIFO), is read up to a size cap (/dev/zero), and errors
// say what is wrong with the file, never what is in it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace readerkit::sim {

/// Largest profile file accepted: the built-in profiles are under 2 KiB.
inline constexpr std::size_t kMaxProfileFile = 64 * 1024;

/// The whole content of the regular file at `path`, at most `cap` bytes; nullopt with `error`
/// set ("not a regular file", "larger than N bytes", the open error) otherwise.
std::optional<std::string> read_bounded_file(const std::string& path, std::size_t cap,
                                              std::string& error);

}  // namespace readerkit::sim
