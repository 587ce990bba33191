// The gramvec subcommands: each adds itself to the CLI11 app and, when chosen, sets the action
// that main() runs after parsing.
#pragma once

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

#include <CLI/CLI.hpp>

#include "gramvec/status.hpp"

namespace gramvec::cli {

using Action = std::function<Status()>;

// Rejects a combination of options that parsing alone accepts, by throwing a CLI11 error (a
// usage error).
template <typename Arguments>
using ArgumentsCheck = void (*)(const Arguments& arguments, const CLI::App& command);

// Adds subcommand `name` to `parent`; the caller binds its options to the fields of the returned
// Arguments, which the action shares (it runs after parsing). When the subcommand is chosen,
// `check` (if any) sees the options given and `action` becomes run(arguments).
template <typename Arguments>
std::pair<CLI::App*, std::shared_ptr<Arguments>> add_subcommand(
    CLI::App& parent, const std::string& name, const std::string& description, Action& action,
    Status (*run)(const Arguments&), std::type_identity_t<ArgumentsCheck<Arguments>> check = nullptr) {
  auto arguments = std::make_shared<Arguments>();
  CLI::App* command = parent.add_subcommand(name, description);
  command->callback([arguments, command, run, check, &action] {
    if (check != nullptr) check(*arguments, *command);
    action = [arguments, run] { return run(*arguments); };
  });
  return {command, arguments};
}

void add_tokenize_command(CLI::App& app, Action& action);
void add_vocab_command(CLI::App& app, Action& action);
void add_ngrams_command(CLI::App& app, Action& action);
void add_lm_commands(CLI::App& app, Action& action);
// Parts of `gramvec lm`: train; count and merge; score, eval and generate; convert; interpolate; prune;
// predict.
void add_lm_train_command(CLI::App& lm, Action& action);
void add_lm_count_commands(CLI::App& lm, Action& action);
void add_lm_query_commands(CLI::App& lm, Action& action);
void add_lm_convert_command(CLI::App& lm, Action& action);
void add_lm_interpolate_command(CLI::App& lm, Action& action);
void add_lm_prune_command(CLI::App& lm, Action& action);
void add_lm_predict_command(CLI::App& lm, Action& action);
void add_w2v_commands(CLI::App& app, Action& action);
void add_phrases_commands(CLI::App& app, Action& action);

}  // namespace gramvec::cli
