#include "io/cleanup_on_signal.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace gramvec::io {

namespace {

// More names than this at once (only possible without O_TMPFILE) go unregistered: their owners
// still remove them, but an interrupt would leave them behind.
constexpr int kSlots = 256;

std::atomic<const char*> g_slots[kSlots];
std::atomic<bool> g_dying{false};
static_assert(std::atomic<const char*>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "the signal handler reads the registry: it must be lock-free");

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temporaries_and_die(int signal_number) {
  int saved_errno = errno;
  g_dying.store(true);
  for (auto& slot : g_slots) {
    if (const char* path = slot.load()) ::unlink(path);
  }
  // Default action, raised again: it is delivered when this handler returns (the signal is
  // blocked until then) and ends the process as the signal would have.
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
  errno = saved_errno;
}

}  // namespace

void install_signal_cleanup() {
  struct sigaction action {};
  action.sa_handler = remove_temporaries_and_die;
  sigemptyset(&action.sa_mask);
  for (int signal_number : kSignals) sigaddset(&action.sa_mask, signal_number);
  for (int signal_number : kSignals) {
    struct sigaction current {};
    if (::sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) continue;
    ::sigaction(signal_number, &action, nullptr);
  }
}

TemporaryName::TemporaryName(const std::string& path) {
  path_ = new char[path.size() + 1];
  std::memcpy(path_, path.c_str(), path.size() + 1);
  for (int slot = 0; slot < kSlots; ++slot) {
    const char* expected = nullptr;
    if (g_slots[slot].compare_exchange_strong(expected, path_)) {
      slot_ = slot;
      break;
    }
  }
  // The handler may have gone through the registry already: the process is ending.
  if (g_dying.load()) ::unlink(path_);
}

TemporaryName::~TemporaryName() { remove(); }

TemporaryName::TemporaryName(TemporaryName&& other) noexcept : path_(other.path_), slot_(other.slot_) {
  other.path_ = nullptr;
  other.slot_ = -1;
}

TemporaryName& TemporaryName::operator=(TemporaryName&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = other.path_;
    slot_ = other.slot_;
    other.path_ = nullptr;
    other.slot_ = -1;
  }
  return *this;
}

void TemporaryName::remove() {
  if (path_ == nullptr) return;
  // Unlinked before unregistering: an interrupt in between finds the name still registered.
  ::unlink(path_);
  unregister();
}

void TemporaryName::keep() {
  if (path_ != nullptr) unregister();
}

void TemporaryName::unregister() {
  if (slot_ >= 0) g_slots[slot_].store(nullptr);
  slot_ = -1;
  // Once the handler has started it may still be reading the string: leave it be.
  if (!g_dying.load()) delete[] path_;
  path_ = nullptr;
}

}  // namespace gramvec::io
