// SPDX-License-Identifier: MIT
// Profile files are untrusted input (issue: `card insert PATH` reads any file the process, maybe
// pcscd as root, can open): only regular files, bounded size, never blocking, and errors that
// never echo what the file holds.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include "bounded_file.hpp"
#include "profile.hpp"

namespace readerkit::sim {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("rk-profile-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return path / name;
  }
};

std::string load_error(const std::string& path) {
  std::string error;
  auto profile = load_profile(path, error);
  EXPECT_FALSE(profile) << path;
  return error;
}

TEST(SimProfileFile, DevZeroIsRefusedWithoutReadingIt) {
  const std::string error = load_error("/dev/zero");
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
}

TEST(SimProfileFile, AFifoNeverBlocks) {
  TempDir dir;
  const fs::path fifo = dir.path / "profile.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto done = std::async(std::launch::async, [&] { return load_error(fifo.string()); });
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready) << "load_profile blocked on a FIFO";
  EXPECT_NE(done.get().find("not a regular file"), std::string::npos);
}

TEST(SimProfileFile, ADirectoryIsNotAProfile) {
  TempDir dir;
  EXPECT_NE(load_error(dir.path.string() + "/").find("not a regular file"), std::string::npos);
}

TEST(SimProfileFile, AnOversizedFileIsRefused) {
  TempDir dir;
  const fs::path big = dir.write("big.json", std::string(kMaxProfileFile + 1, ' '));
  EXPECT_NE(load_error(big.string()).find("larger than 65536 bytes"), std::string::npos);
}

TEST(SimProfileFile, AFileAtTheCapIsRead) {
  TempDir dir;
  const fs::path f = dir.write("cap.json", std::string(kMaxProfileFile, ' '));
  std::string error;
  auto text = read_bounded_file(f.string(), kMaxProfileFile, error);
  ASSERT_TRUE(text) << error;
  EXPECT_EQ(text->size(), kMaxProfileFile);
}

TEST(SimProfileFile, ParseErrorsNeverEchoTheFile) {
  TempDir dir;
  const fs::path secret = dir.write("shadow.json", "root:$6$SECRETHASH:19000:0:99999:7:::\n");
  const std::string error = load_error(secret.string());
  EXPECT_EQ(error.find("root"), std::string::npos) << error;
  EXPECT_EQ(error.find("SECRET"), std::string::npos) << error;
  EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
}

TEST(SimProfileFile, AValidFileStillLoads) {
  std::string error;
  auto profile = load_profile(READERKIT_SIM_PROFILES "/t1.json", error);
  EXPECT_TRUE(profile) << error;
}

}  // namespace
}  // namespace readerkit::sim
