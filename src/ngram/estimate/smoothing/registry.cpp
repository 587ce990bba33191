// The list of smoothing methods: a new method adds its file and one line here.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "ngram/estimate/smoothing/smoothing_method.hpp"

#define GRAMVEC_SMOOTHING_METHODS(X) \
  X(modified_kneser_ney)             \
  X(kneser_ney)                      \
  X(witten_bell)                     \
  X(absolute_discounting)            \
  X(katz)                            \
  X(add_k)                           \
  X(stupid_backoff)

namespace gramvec::ngram {

#define GRAMVEC_DECLARE_METHOD(name) const SmoothingMethod& name##_method();
GRAMVEC_SMOOTHING_METHODS(GRAMVEC_DECLARE_METHOD)
#undef GRAMVEC_DECLARE_METHOD

std::span<const SmoothingMethod* const> smoothing_methods() {
#define GRAMVEC_LIST_METHOD(name) &name##_method(),
  static const std::array methods{GRAMVEC_SMOOTHING_METHODS(GRAMVEC_LIST_METHOD)};
#undef GRAMVEC_LIST_METHOD
  return methods;
}

const SmoothingMethod* find_smoothing(std::string_view name) {
  for (const SmoothingMethod* method : smoothing_methods()) {
    if (method->name() == name) return method;
  }
  return nullptr;
}

Result<const SmoothingMethod*> smoothing_method(std::string_view name) {
  if (const SmoothingMethod* method = find_smoothing(name)) return method;
  return Status::error(fmt::format("unknown smoothing '{}' (expected {})", name, fmt::join(smoothing_names(), ", ")));
}

const SmoothingMethod& smoothing_of(const EstimationOptions& options) { return *find_smoothing(options.smoothing); }

std::vector<std::string_view> smoothing_names() {
  std::vector<std::string_view> names;
  for (const SmoothingMethod* method : smoothing_methods()) names.push_back(method->name());
  return names;
}

std::string smoothing_help() {
  std::string help;
  for (const SmoothingMethod* method : smoothing_methods()) {
    help += fmt::format("{}  {:<7} {}", help.empty() ? "" : "\n", method->name(), method->description());
  }
  return help;
}

bool is_normalised(std::string_view smoothing) {
  const SmoothingMethod* method = find_smoothing(smoothing);
  return method != nullptr && method->is_normalised();
}

}  // namespace gramvec::ngram
