// gramvec w2v train / nearest / analogy / eval: word embeddings on the shared vocabulary.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/json_output.hpp"
#include "cli/output_checks.hpp"
#include "cli/tokenizer_flags.hpp"
#include "cli/validators.hpp"
#include "gramvec/embed/evaluation.hpp"
#include "gramvec/embed/search.hpp"
#include "gramvec/embed/trainer.hpp"
#include "gramvec/embed/vectors.hpp"
#include "util/progress.hpp"

namespace gramvec::cli {

namespace {

// ---------------------------------------------------------------------------------------------
// train

struct TrainArguments {
  std::vector<std::string> inputs;
  std::string output;
  std::string model = "skipgram";
  std::string loss = "ns";
  std::string subsampling;  // empty: the model's default
  embed::TrainingSettings settings;  // the numeric options are bound to its fields
  std::size_t threads = 0;
  std::string vocabulary_path;
  std::string format;
  std::string save_state;
  std::string resume;
  TokenizerFlags tokenizer;
  bool quiet = false;
  bool json = false;
  // Options that define the model and therefore come from the state with --resume.
  std::vector<CLI::Option*> model_options;
  CLI::Option* epochs_option = nullptr;
};

// Before any work: the vectors and the state are neither inputs nor one file, and can be
// written. The state may be saved where training resumed from (it goes on from there); the
// vectors may not replace it.
Status check_train_files(const TrainArguments& arguments) {
  std::vector<io::CommandFile> inputs = input_files(arguments.inputs, "input");
  if (!arguments.vocabulary_path.empty()) inputs.push_back({arguments.vocabulary_path, "--vocab"});
  std::vector<io::CommandFile> outputs{{arguments.output, "-o"}};
  if (!arguments.save_state.empty()) outputs.push_back({arguments.save_state, "--save-state"});
  GRAMVEC_TRY(check_outputs(inputs, outputs));
  if (arguments.resume.empty()) return Status::ok();
  return io::check_distinct_outputs({{arguments.resume, "--resume"}}, {outputs.front()});
}

Status run_train(const TrainArguments& arguments) {
  GRAMVEC_TRY(check_train_files(arguments));
  embed::VectorFormat format = embed::format_for_path(arguments.output);
  if (!arguments.format.empty()) {
    auto parsed = embed::parse_vector_format(arguments.format);
    if (!parsed) return as_usage_error(parsed.status());
    format = *parsed;
  }
  embed::TrainerOptions options;
  options.threads = arguments.threads;
  options.show_progress = !arguments.quiet && util::Progress::stderr_is_terminal();
  options.save_state_path = arguments.save_state;
  auto policy = text::parse_invalid_policy(arguments.tokenizer.on_invalid);
  if (!policy) return as_usage_error(policy.status());
  options.on_invalid = *policy;

  embed::TrainingState state;
  if (!arguments.resume.empty()) {
    for (const CLI::Option* option : arguments.model_options) {
      if (option->count() > 0) {
        return Status::usage_error(fmt::format(
            "{} cannot be changed when resuming: it comes from the training state {}", option->get_name(),
            arguments.resume));
      }
    }
    auto loaded = embed::TrainingState::load(arguments.resume);
    if (!loaded) return loaded.status();
    state = std::move(*loaded);
    // The state records its user dictionary; only --user-dict may stand in for it.
    TokenizerFlags dictionary_only;
    dictionary_only.user_dicts = arguments.tokenizer.user_dicts;
    auto tokenizer = dictionary_only.resolve_like(state.settings.tokenizer, "the training state", "w2v train",
                                                  arguments.quiet, TokenizerFlags::Recorded::require);
    if (!tokenizer) return tokenizer.status();
    state.settings.tokenizer = *tokenizer;
    if (arguments.epochs_option->count() > 0) state.settings.epochs = arguments.settings.epochs;
    GRAMVEC_TRY(as_usage_error(state.settings.validate()));
    if (state.epochs_done >= state.settings.epochs) {
      return Status::usage_error(fmt::format("the training state {} has done {} of {} epoch(s): nothing left to train "
                                             "(raise --epochs)",
                                             arguments.resume, state.epochs_done, state.settings.epochs));
    }
  } else {
    embed::TrainingSettings settings = arguments.settings;
    auto model = embed::parse_model_kind(arguments.model);
    if (!model) return as_usage_error(model.status());
    auto loss = embed::parse_loss_kind(arguments.loss);
    if (!loss) return as_usage_error(loss.status());
    settings.model = *model;
    settings.loss = *loss;
    if (!arguments.subsampling.empty()) {
      auto subsampling = embed::parse_subsampling_rule(arguments.subsampling);
      if (!subsampling) return as_usage_error(subsampling.status());
      settings.subsampling = *subsampling;
    }
    settings.split_sentences = arguments.tokenizer.sentences;
    GRAMVEC_TRY(as_usage_error(settings.validate()));
    std::optional<vocab::Vocabulary> vocabulary;
    text::TokenizerOptions tokenizer_defaults;
    if (!arguments.vocabulary_path.empty()) {
      auto loaded = vocab::Vocabulary::load(arguments.vocabulary_path);
      if (!loaded) return loaded.status();
      tokenizer_defaults = loaded->tokenizer;
      vocabulary = std::move(*loaded);
    }
    auto tokenizer = vocabulary ? arguments.tokenizer.resolve_like(tokenizer_defaults, "the vocabulary", "w2v train",
                                                                   arguments.quiet, TokenizerFlags::Recorded::require)
                                : arguments.tokenizer.resolve(tokenizer_defaults);
    if (!tokenizer) return tokenizer.status();
    settings.tokenizer = *tokenizer;
    if (vocabulary && !same_but_user_dictionary(vocabulary->tokenizer, settings.tokenizer) && !arguments.quiet) {
      fmt::print(stderr, "gramvec w2v train: warning: the vocabulary was built with {}, training uses {}\n",
                 vocabulary->tokenizer.describe(), settings.tokenizer.describe());
    }
    auto initial = embed::initial_training_state(arguments.inputs, settings, std::move(vocabulary), options);
    if (!initial) return initial.status();
    state = std::move(*initial);
  }
  auto summary = embed::train(state, arguments.inputs, options);
  if (!summary) return summary.status();
  embed::WordVectors vectors = embed::trained_vectors(state);
  GRAMVEC_TRY(vectors.save(arguments.output, format));

  const auto& settings = state.settings;
  double rate = summary->seconds > 0 ? static_cast<double>(summary->words_processed) / summary->seconds : 0.0;
  if (arguments.json) {
    print_json(Json{{"model", embed::model_kind_name(settings.model)},
                    {"loss", embed::loss_kind_name(settings.loss)},
                    {"dim", settings.dimension},
                    {"window", settings.window},
                    {"negative", settings.negative},
                    {"ns_exponent", settings.ns_exponent},
                    {"sample", settings.sample},
                    {"subsampling", embed::subsampling_rule_name(settings.effective_subsampling())},
                    {"alpha", settings.effective_alpha()},
                    {"epochs", settings.epochs},
                    {"words", vectors.size()},
                    {"corpus_words", state.vocabulary.total_count()},
                    {"words_processed", summary->words_processed},
                    {"threads", summary->threads},
                    {"seconds", json_seconds(summary->seconds)},
                    {"words_per_second", std::llround(rate)},
                    {"average_loss", summary->average_loss},
                    {"output", arguments.output}});
  } else if (!arguments.quiet) {
    fmt::print(stderr,
               "gramvec w2v train: {} {} dim {}, {} words ({} corpus words per epoch), {} of {} epoch(s) done, "
               "{} thread(s), {:.2f}s ({:.0f} words/s), loss {:.4f} -> {}\n",
               embed::model_kind_name(settings.model), embed::loss_kind_name(settings.loss), settings.dimension,
               vectors.size(), state.vocabulary.total_count(), state.epochs_done, settings.epochs, summary->threads,
               summary->seconds, rate, summary->average_loss, arguments.output);
  }
  if (!arguments.quiet) {
    if (summary->replaced_characters > 0) {
      fmt::print(stderr, "gramvec w2v train: replaced {} invalid UTF-8 sequence(s) with U+FFFD\n",
                 summary->replaced_characters);
    }
    if (summary->skipped_lines > 0) {
      fmt::print(stderr, "gramvec w2v train: skipped {} line(s) with invalid UTF-8\n", summary->skipped_lines);
    }
  }
  return Status::ok();
}

// ---------------------------------------------------------------------------------------------
// queries

Result<embed::WordVectors> load_unit_vectors(const std::string& path) {
  auto vectors = embed::WordVectors::load(path);
  if (!vectors) return vectors.status();
  vectors->normalize_rows();
  return std::move(*vectors);
}

Json neighbors_json(const embed::WordVectors& vectors, const std::vector<embed::Neighbor>& neighbors) {
  Json list = Json::array();
  for (const auto& neighbor : neighbors) {
    list.push_back(Json{{"word", vectors.word(neighbor.row)}, {"score", neighbor.score}});
  }
  return list;
}

void append_neighbors_text(std::string& out, const embed::WordVectors& vectors,
                           const std::vector<embed::Neighbor>& neighbors) {
  for (const auto& neighbor : neighbors) {
    fmt::format_to(std::back_inserter(out), "{}\t{:.6f}\n", vectors.word(neighbor.row), neighbor.score);
  }
}

struct NearestArguments {
  std::string model_path;
  std::vector<std::string> words;
  std::size_t k = 10;
  bool json = false;
  bool quiet = false;
};

// Answers a batch of query texts; counts answered queries and those with unknown words.
class NearestPrinter {
 public:
  NearestPrinter(const embed::WordVectors& vectors, const NearestArguments& arguments, bool with_headers)
      : vectors_(vectors), arguments_(arguments), with_headers_(with_headers) {}

  Status answer(const std::vector<std::string>& texts) {
    std::vector<embed::SearchQuery> queries;
    std::vector<std::string> shown;
    for (const auto& text : texts) {
      auto terms = embed::parse_expression(text);
      if (!terms) {
        ++failed_;
        fmt::print(stderr, "gramvec w2v nearest: '{}': {}\n", text, terms.message());
        continue;
      }
      auto resolved = embed::resolve_expression(vectors_, *terms);
      if (!resolved.unknown.empty()) {
        ++failed_;
        std::vector<std::string> quoted;
        for (const auto& word : resolved.unknown) quoted.push_back("'" + word + "'");
        fmt::print(stderr, "gramvec w2v nearest: unknown word{} {}{}\n", quoted.size() > 1 ? "s" : "",
                   fmt::join(quoted, ", "), terms->size() > 1 ? fmt::format(" in '{}'", text) : "");
        continue;
      }
      queries.push_back(std::move(resolved.query));
      shown.push_back(text);
    }
    auto results = embed::nearest(vectors_, queries, arguments_.k);
    std::string out;
    for (std::size_t index = 0; index < results.size(); ++index) {
      ++answered_;
      if (arguments_.json) {
        append_json_line(out, Json{{"query", shown[index]}, {"neighbors", neighbors_json(vectors_, results[index])}});
      } else {
        if (with_headers_) fmt::format_to(std::back_inserter(out), "{}query: {}\n", answered_ > 1 ? "\n" : "", shown[index]);
        append_neighbors_text(out, vectors_, results[index]);
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    return Status::ok();
  }

  std::size_t answered() const { return answered_; }
  std::size_t failed() const { return failed_; }

 private:
  const embed::WordVectors& vectors_;
  const NearestArguments& arguments_;
  bool with_headers_;
  std::size_t answered_ = 0;
  std::size_t failed_ = 0;
};

bool is_operator(const std::string& word) { return word == "+" || word == "-"; }

Status run_nearest(const NearestArguments& arguments) {
  auto vectors = load_unit_vectors(arguments.model_path);
  if (!vectors) return vectors.status();
  std::vector<std::string> texts;
  if (std::any_of(arguments.words.begin(), arguments.words.end(), is_operator)) {
    texts.push_back(fmt::format("{}", fmt::join(arguments.words, " ")));  // one expression in several arguments
  } else {
    texts = arguments.words;
  }
  if (!texts.empty()) {
    NearestPrinter printer(*vectors, arguments, texts.size() > 1);
    GRAMVEC_TRY(printer.answer(texts));
    if (printer.answered() == 0) return Status::error("no query could be answered (unknown words)");
    return Status::ok();
  }
  bool interactive = ::isatty(STDIN_FILENO) == 1;
  NearestPrinter printer(*vectors, arguments, !interactive);
  std::string line;
  std::vector<std::string> batch;
  if (interactive && !arguments.quiet) {
    fmt::print(stderr, "{} words, dimension {}. Enter a word or an expression such as 'king - man + woman' "
                       "(Ctrl-D to quit).\n", vectors->size(), vectors->dimension());
  }
  while (true) {
    if (interactive) {
      fmt::print(stderr, "query> ");
      std::fflush(stderr);
    }
    if (!std::getline(std::cin, line)) break;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    batch.push_back(line);
    if (interactive || batch.size() >= 256) {
      GRAMVEC_TRY(printer.answer(batch));
      batch.clear();
    }
  }
  if (interactive) fmt::print(stderr, "\n");
  GRAMVEC_TRY(printer.answer(batch));
  if (printer.answered() == 0 && printer.failed() > 0) {
    return Status::error("no query could be answered (unknown words)");
  }
  return Status::ok();
}

struct AnalogyArguments {
  std::string model_path;
  std::vector<std::string> words;
  std::size_t k = 10;
  std::string method = "add";
  bool json = false;
};

Status run_analogy(const AnalogyArguments& arguments) {
  auto method = embed::parse_analogy_method(arguments.method);
  if (!method) return as_usage_error(method.status());
  auto vectors = load_unit_vectors(arguments.model_path);
  if (!vectors) return vectors.status();
  std::vector<std::size_t> rows;
  std::vector<std::string> unknown;
  for (const auto& word : arguments.words) {
    auto row = vectors->find(word);
    if (row) {
      rows.push_back(*row);
    } else {
      unknown.push_back("'" + word + "'");
    }
  }
  if (!unknown.empty()) {
    return Status::error(fmt::format("{}: unknown word{} {}", arguments.model_path, unknown.size() > 1 ? "s" : "",
                                     fmt::join(unknown, ", ")));
  }
  embed::AnalogyQuery query{rows[0], rows[1], rows[2], {rows[0], rows[1], rows[2]}};
  auto results = embed::analogies(*vectors, std::span(&query, 1), *method, arguments.k);
  if (arguments.json) {
    print_json(Json{{"a", arguments.words[0]},
                    {"b", arguments.words[1]},
                    {"c", arguments.words[2]},
                    {"method", arguments.method},
                    {"answers", neighbors_json(*vectors, results[0])}});
  } else {
    std::string out;
    append_neighbors_text(out, *vectors, results[0]);
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return Status::ok();
}

struct EvalArguments {
  std::string model_path;
  std::string analogies;
  std::vector<std::string> similarity;
  std::size_t restrict_vocab = 0;
  std::size_t similarity_restrict_vocab = 0;
  std::string method = "add";
  bool case_sensitive = false;
  bool json = false;
};

Json section_json(const embed::AnalogySection& section) {
  return Json{{"name", section.name},
              {"questions", section.questions},
              {"seen", section.seen},
              {"correct", section.correct},
              {"accuracy", section.accuracy()}};
}

std::string section_line(const embed::AnalogySection& section) {
  std::string accuracy = section.seen > 0 ? fmt::format("{:6.2f}%", 100.0 * section.accuracy()) : "    n/a";
  return fmt::format("  {:<30} {}  {:>6}/{:<6} answered of {:>6} ({} skipped)\n", section.name, accuracy,
                     section.correct, section.seen, section.questions, section.questions - section.seen);
}

Status run_eval(const EvalArguments& arguments) {
  if (arguments.analogies.empty() && arguments.similarity.empty()) {
    return Status::usage_error("nothing to evaluate: give --analogies FILE and/or --similarity FILE...");
  }
  auto method = embed::parse_analogy_method(arguments.method);
  if (!method) return as_usage_error(method.status());
  auto vectors = load_unit_vectors(arguments.model_path);
  if (!vectors) return vectors.status();
  Json json = Json::object();
  std::string text;
  if (!arguments.analogies.empty()) {
    embed::AnalogyOptions options;
    options.restrict_vocab = arguments.restrict_vocab;
    options.case_insensitive = !arguments.case_sensitive;
    options.method = *method;
    auto results = embed::evaluate_analogies_file(*vectors, arguments.analogies, options);
    if (!results) return results.status();
    Json sections = Json::array();
    for (const auto& section : results->sections) sections.push_back(section_json(section));
    json["analogy"] = Json{{"file", arguments.analogies},
                           {"method", arguments.method},
                           {"restrict", arguments.restrict_vocab},
                           {"total", results->total.accuracy()},
                           {"semantic", results->semantic.accuracy()},
                           {"syntactic", results->syntactic.accuracy()},
                           {"seen", results->total.seen},
                           {"questions", results->total.questions},
                           {"correct", results->total.correct},
                           {"skipped", results->skipped()},
                           {"sections", std::move(sections)}};
    text += fmt::format("analogies: {} ({}, {}{})\n", arguments.analogies, arguments.method == "mul" ? "3CosMul" : "3CosAdd",
                        arguments.restrict_vocab > 0 ? fmt::format("restricted to the first {} words", arguments.restrict_vocab)
                                                     : std::string("all words"),
                        arguments.case_sensitive ? ", case-sensitive" : ", case-insensitive");
    for (const auto& section : results->sections) text += section_line(section);
    text += section_line(results->semantic);
    text += section_line(results->syntactic);
    text += section_line(results->total);
  }
  if (!arguments.similarity.empty()) {
    Json entries = Json::object();
    for (const auto& path : arguments.similarity) {
      embed::SimilarityOptions options;
      options.restrict_vocab = arguments.similarity_restrict_vocab;
      options.case_insensitive = !arguments.case_sensitive;
      auto results = embed::evaluate_similarity_file(*vectors, path, options);
      if (!results) return results.status();
      std::string name = std::filesystem::path(path).filename().string();
      if (std::count(arguments.similarity.begin(), arguments.similarity.end(), path) > 1 ||
          std::count_if(arguments.similarity.begin(), arguments.similarity.end(), [&](const std::string& other) {
            return std::filesystem::path(other).filename().string() == name;
          }) > 1) {
        name = path;
      }
      entries[name] = Json{{"spearman", results->spearman},
                           {"pairs", results->pairs},
                           {"oov", results->oov},
                           {"oov_rate", results->oov_rate()},
                           {"restrict", arguments.similarity_restrict_vocab}};
      text += fmt::format("similarity: {}: Spearman rho {} over {} pairs, {} pair(s) skipped as OOV ({:.1f}%){}\n",
                          path,
                          std::isnan(results->spearman) ? std::string("n/a (undefined)")
                                                        : fmt::format("{:.4f}", results->spearman),
                          results->pairs, results->oov, 100.0 * results->oov_rate(),
                          arguments.similarity_restrict_vocab > 0
                              ? fmt::format(", vocabulary restricted to the first {} words",
                                            arguments.similarity_restrict_vocab)
                              : std::string());
    }
    json["similarity"] = std::move(entries);
  }
  if (arguments.json) {
    print_json(json);
  } else {
    fmt::print("{}", text);
  }
  return Status::ok();
}

}  // namespace

void add_w2v_commands(CLI::App& app, Action& action) {
  CLI::App* w2v = app.add_subcommand("w2v", "Word embeddings: train, nearest, analogy, eval");
  w2v->require_subcommand(1);

  auto [train_command, train] =
      add_subcommand(*w2v, "train", "Train word2vec vectors (skip-gram or CBOW)", action, run_train);
  add_inputs_and_output(*train_command, train->inputs, "Corpus files (read once per epoch)", train->output,
                        "Vectors to write (.txt/.vec: text, else binary)");
  auto& model_options = train->model_options;
  model_options.push_back(
      train_command->add_option("--model", train->model, "skipgram or cbow")
          ->capture_default_str()
          ->check(accepted_by(embed::parse_model_kind)));
  model_options.push_back(train_command->add_option("--loss", train->loss, "ns (negative sampling) or hs "
                                                                           "(hierarchical softmax)")
                              ->capture_default_str()
                              ->check(accepted_by(embed::parse_loss_kind)));
  model_options.push_back(add_whole_number(*train_command, "--dim", train->settings.dimension, "Vector dimension"));
  model_options.push_back(
      add_whole_number(*train_command, "--window", train->settings.window, "Maximum context window"));
  model_options.push_back(
      add_whole_number(*train_command, "--negative", train->settings.negative, "Negative samples per example"));
  model_options.push_back(train_command
                              ->add_option("--ns-exponent", train->settings.ns_exponent,
                                           "Negatives are drawn from unigram^this (fastText: 0.5)")
                              ->capture_default_str());
  model_options.push_back(train_command->add_option("--sample", train->settings.sample, "Subsampling threshold (0: off)")
                              ->capture_default_str());
  model_options.push_back(
      train_command
          ->add_option("--subsampling", train->subsampling,
                       "Keep a word of frequency f with probability sqrt(t/f) (paper: Mikolov et al. 2013b) or "
                       "sqrt(t/f) + t/f (word2vec: word2vec.c, gensim, fastText), t = --sample (default: paper "
                       "for skip-gram, word2vec for CBOW)")
          ->check(accepted_by(embed::parse_subsampling_rule)));
  model_options.push_back(
      add_whole_number(*train_command, "--min-count", train->settings.min_count, "Drop words seen fewer times"));
  model_options.push_back(add_whole_number(*train_command, "--max-vocab", train->settings.max_vocab,
                                           "Keep at most this many words (0: all)"));
  train->epochs_option = add_whole_number(*train_command, "--epochs", train->settings.epochs,
                                          "Passes over the corpus (with --resume: the total)");
  model_options.push_back(train_command->add_option("--alpha", train->settings.alpha, "Initial learning rate (default 0.05)")
                              ->check(positive_number_up_to(10.0)));
  add_threads(*train_command, train->threads, "training");
  model_options.push_back(add_whole_number(*train_command, "--seed", train->settings.seed, "Random seed"));
  model_options.push_back(
      train_command->add_option("--vocab", train->vocabulary_path, "Vocabulary from 'gramvec vocab'"));
  train_command->add_option("--format", train->format, "Output format: bin or text (default: by extension)")
      ->check(accepted_by(embed::parse_vector_format));
  train_command->add_option("--save-state", train->save_state, "Save the training state here after every epoch");
  train_command->add_option("--resume", train->resume, "Continue training from a saved state");
  train->tokenizer.add_to(*train_command);
  add_quiet(*train_command, train->quiet, "progress or summary");
  add_json(*train_command, train->json, "the training summary", train->output, "the vectors");

  auto [nearest_command, nearest] =
      add_subcommand(*w2v, "nearest", "Nearest words by cosine (words or expressions)", action, run_nearest);
  add_word_vectors(*nearest_command, nearest->model_path);
  nearest_command->add_option("words", nearest->words,
                              "Query words or expressions ('king - man + woman'); none: read queries from stdin");
  add_whole_number(*nearest_command, "-k", nearest->k, "Number of neighbours", 1);
  add_json(*nearest_command, nearest->json, "one object per query");
  add_quiet(*nearest_command, nearest->quiet, "banner in interactive mode");

  auto [analogy_command, analogy] = add_subcommand(*w2v, "analogy", "A is to B as C is to ?", action, run_analogy);
  add_word_vectors(*analogy_command, analogy->model_path);
  analogy_command->add_option("words", analogy->words, "A B C")->required()->expected(3);
  add_whole_number(*analogy_command, "-k", analogy->k, "Number of answers", 1);
  analogy_command->add_option("--method", analogy->method, "add (3CosAdd) or mul (3CosMul)")
      ->capture_default_str()
      ->check(accepted_by(embed::parse_analogy_method));
  add_json(*analogy_command, analogy->json, "the answers");

  auto [eval_command, eval] =
      add_subcommand(*w2v, "eval", "Analogy accuracy and word-similarity correlation", action, run_eval);
  add_word_vectors(*eval_command, eval->model_path);
  eval_command->add_option("--analogies", eval->analogies, "Analogy questions (questions-words.txt format)");
  eval_command->add_option("--similarity", eval->similarity, "Word-similarity files (word1 word2 score)");
  add_whole_number(*eval_command, "--restrict", eval->restrict_vocab,
                   "Analogies: only the first N (most frequent) words (0: all)");
  add_whole_number(*eval_command, "--similarity-restrict", eval->similarity_restrict_vocab,
                   "Similarity files: only the first N (most frequent) words; a pair with a word beyond them counts "
                   "as OOV, as gensim's restrict_vocab (0: all)");
  eval_command->add_option("--method", eval->method, "add (3CosAdd) or mul (3CosMul)")
      ->capture_default_str()
      ->check(accepted_by(embed::parse_analogy_method));
  eval_command->add_flag("--case-sensitive", eval->case_sensitive, "Match words exactly (default: ignore case)");
  add_json(*eval_command, eval->json, "the figures");
}

}  // namespace gramvec::cli
