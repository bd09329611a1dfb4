// SPDX-License-Identifier: MIT
// A simulated card profile for fuzz targets that drive a whole simulated reader: T=0 and T=1,
// and readertest time requests of 0 ms, so no input makes the card sleep. Written once per
// process to /tmp (profiles load from files) and removed at exit.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

/// "sim:profile=PATH" for the instant profile.
inline const std::string& instant_sim_spec() {
  static const std::string path =
      "/tmp/readerkit-fuzz-instant-" + std::to_string(getpid()) + ".json";
  static const std::string spec = [] {
    FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) std::abort();
    std::fputs(R"({"name": "instant", "protocols": [0, 1], "timing": {"unit_ms": 0}})", f);
    std::fclose(f);
    std::atexit([] { std::remove(path.c_str()); });
    return "sim:profile=" + path;
  }();
  return spec;
}
