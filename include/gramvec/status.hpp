// Errors as values: library code returns Status / Result<T> and never exits.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gramvec {

// A failed operation carries one human-readable line, already naming the file/line where relevant.
// A usage error is a failure caused by the command line itself (a bad option value, options that
// cannot go together): the CLI reports it as "gramvec: usage error: ..." with exit code 2.
class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message), false); }
  static Status usage_error(std::string message) { return Status(std::move(message), true); }

  bool is_ok() const { return !message_.has_value(); }
  bool is_usage_error() const { return usage_; }
  explicit operator bool() const { return is_ok(); }
  const std::string& message() const { return *message_; }

 private:
  Status(std::string message, bool usage) : message_(std::move(message)), usage_(usage) {}
  std::optional<std::string> message_;
  bool usage_ = false;
};

template <typename T>
class Result {
 public:
  Result(T value) : content_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : content_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool is_ok() const { return std::holds_alternative<T>(content_); }
  explicit operator bool() const { return is_ok(); }
  T& value() & { return std::get<T>(content_); }
  const T& value() const& { return std::get<T>(content_); }
  T&& value() && { return std::get<T>(std::move(content_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  Status status() const { return is_ok() ? Status::ok() : std::get<Status>(content_); }
  const std::string& message() const { return std::get<Status>(content_).message(); }

 private:
  std::variant<T, Status> content_;
};

}  // namespace gramvec

#define GRAMVEC_TRY(expr)                          \
  do {                                             \
    ::gramvec::Status gramvec_status_ = (expr);    \
    if (!gramvec_status_.is_ok()) return gramvec_status_; \
  } while (0)
