// gramvec: one binary, subcommands dispatched by CLI11.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "io/cleanup_on_signal.hpp"

namespace {

// The command's outcome, whatever it threw: every failure becomes one line and one exit code.
gramvec::Status run(const gramvec::cli::Action& action) {
  gramvec::Status status = gramvec::Status::ok();
  try {
    status = action();
  } catch (const std::bad_alloc&) {
    status = gramvec::Status::error("out of memory");
  } catch (const CLI::Error& error) {
    status = gramvec::Status::usage_error(error.what());
  } catch (const std::exception& error) {
    status = gramvec::Status::error(error.what());
  } catch (...) {
    status = gramvec::Status::error("unexpected internal error");
  }
  // Results already printed count only if they reached stdout: a full disk or a closed pipe is
  // a failure, not a success with output missing.
  errno = 0;
  bool flushed = std::fflush(stdout) == 0;
  int code = errno;
  if (!flushed || std::ferror(stdout) != 0) {
    // (This also replaces the message of an exception the failed write threw.)
    status = gramvec::Status::error(code != 0 ? fmt::format("write error on stdout: {}", std::strerror(code))
                                              : std::string("write error on stdout"));
  }
  return status;
}

int report(const gramvec::Status& status) {
  if (status.is_ok()) return 0;
  if (status.is_usage_error()) {
    fmt::print(stderr, "gramvec: usage error: {} (see --help)\n", status.message());
    return 2;
  }
  fmt::print(stderr, "gramvec: error: {}\n", status.message());
  return 1;
}

}  // namespace

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
  gramvec::cli::add_ngrams_command(app, action);
  gramvec::cli::add_lm_commands(app, action);
  gramvec::cli::add_w2v_commands(app, action);
  gramvec::cli::add_phrases_commands(app, action);
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
  return report(run(action));
}
