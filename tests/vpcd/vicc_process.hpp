// SPDX-License-Identifier: MIT
// Runs Debian's vicc (vsmartcard's card emulator) for a test, with the Debian 12 quirks handled
// here and never by patching the package (docs/vpcd.md): PYTHONPATH
// holds the package's site-packages folder and a shim folder whose `Crypto` symlink points at
// python3-pycryptodome's Cryptodome (the build creates it: VICC_SHIM_DIR).
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdint>
#include <string>
#include <vector>

extern char** environ;

namespace readerkit::vpcd::test {

class ViccProcess {
 public:
  /// Starts `vicc -t iso7816 -H 127.0.0.1 -P port` (normal mode: vicc connects to us).
  explicit ViccProcess(std::uint16_t port) {
    std::vector<std::string> args{"/usr/bin/vicc", "-t", "iso7816", "-H", "127.0.0.1", "-P",
                                  std::to_string(port)};
    std::vector<std::string> env{"PYTHONPATH=/usr/lib/python3/site-packages/virtualsmartcard:" +
                                 std::string(VICC_SHIM_DIR)};
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string(*e).rfind("PYTHONPATH=", 0) != 0) env.emplace_back(*e);
    }
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    for (auto& e : env) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~ViccProcess() { kill(); }
  ViccProcess(const ViccProcess&) = delete;
  ViccProcess& operator=(const ViccProcess&) = delete;

  bool started() const { return pid_ > 0; }

  /// SIGKILL and reap: the card disappears without a goodbye, as a crashed emulator would.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace readerkit::vpcd::test
