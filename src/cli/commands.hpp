// The gramvec subcommands: each adds itself to the CLI11 app and, when chosen, sets the action
// that main() runs after parsing.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "gramvec/status.hpp"

namespace gramvec::cli {

using Action = std::function<Status()>;

void add_tokenize_command(CLI::App& app, Action& action);
void add_vocab_command(CLI::App& app, Action& action);
void add_lm_commands(CLI::App& app, Action& action);
// Parts of `gramvec lm`: train; count and merge; score, eval and generate; convert.
void add_lm_train_command(CLI::App& lm, Action& action);
void add_lm_count_commands(CLI::App& lm, Action& action);
void add_lm_query_commands(CLI::App& lm, Action& action);
void add_lm_convert_command(CLI::App& lm, Action& action);
void add_w2v_commands(CLI::App& app, Action& action);

}  // namespace gramvec::cli
