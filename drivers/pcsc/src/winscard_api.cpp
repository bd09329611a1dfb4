// SPDX-License-Identifier: MIT
#include "winscard_api.hpp"

#include <dlfcn.h>

#include <mutex>

namespace readerkit::pcsc::detail {
namespace {

constexpr const char* kLibrary = "libpcsclite.so.1";

template <class F>
bool resolve(void* library, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(library, name));
  return out != nullptr;
}

bool load(WinscardApi& api, std::string& error) {
  void* library = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    error = std::string("pcsc: cannot load ") + kLibrary + " (install libpcsclite1)";
    return false;
  }
  const bool ok = resolve(library, "SCardEstablishContext", api.establish_context) &&
                  resolve(library, "SCardReleaseContext", api.release_context) &&
                  resolve(library, "SCardListReaders", api.list_readers) &&
                  resolve(library, "SCardConnect", api.connect) &&
                  resolve(library, "SCardReconnect", api.reconnect) &&
                  resolve(library, "SCardDisconnect", api.disconnect) &&
                  resolve(library, "SCardStatus", api.status) &&
                  resolve(library, "SCardTransmit", api.transmit) &&
                  resolve(library, "SCardGetStatusChange", api.get_status_change) &&
                  resolve(library, "SCardCancel", api.cancel) &&
                  resolve(library, "SCardGetAttrib", api.get_attrib) &&
                  resolve(library, "SCardControl", api.control);
  if (!ok) error = std::string("pcsc: ") + kLibrary + " lacks a winscard function";
  return ok;  // the library stays loaded for the life of the process
}

}  // namespace

const WinscardApi* winscard_api(std::string& error) {
  static WinscardApi api{};
  static std::string load_error;
  static std::once_flag once;
  static bool loaded = false;
  std::call_once(once, [] { loaded = load(api, load_error); });
  if (!loaded) error = load_error;
  return loaded ? &api : nullptr;
}

}  // namespace readerkit::pcsc::detail
