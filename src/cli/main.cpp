// gramvec: one binary, subcommands dispatched by CLI11.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "io/cleanup_on_signal.hpp"

int main(int argc, char** argv) {
  // SIGINT, SIGTERM and SIGHUP remove named temporary files and end the process as the signal
  // would (exit status 128 + signal number); see io/cleanup_on_signal.hpp.
  gramvec::io::install_signal_cleanup();
  CLI::App app{"gramvec: n-gram language models and word embeddings", "gramvec"};
  app.set_version_flag("--version", std::string("gramvec ") + GRAMVEC_VERSION);
  app.require_subcommand(1);
  gramvec::cli::Action action;
  gramvec::cli::add_tokenize_command(app, action);
  gramvec::cli::add_vocab_command(app, action);
  gramvec::cli::add_lm_commands(app, action);
  gramvec::cli::add_w2v_commands(app, action);
  if (argc == 1) {
    fmt::print(stderr, "{}", app.help());
    return 2;
  }
  if (std::string_view first = argv[1]; !first.starts_with("-")) {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(command->get_name());
    if (std::find(names.begin(), names.end(), first) == names.end()) {
      fmt::print(stderr, "gramvec: usage error: unknown command '{}' (expected one of: {})\n", first, fmt::join(names, ", "));
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    fmt::print(stderr, "gramvec: usage error: {} (see --help)\n", error.what());
    return 2;
  }
  if (!action) return 0;
  gramvec::Status status = action();
  if (!status.is_ok()) {
    std::fflush(stdout);
    if (status.is_usage_error()) {
      fmt::print(stderr, "gramvec: usage error: {} (see --help)\n", status.message());
      return 2;
    }
    fmt::print(stderr, "gramvec: error: {}\n", status.message());
    return 1;
  }
  return 0;
}
