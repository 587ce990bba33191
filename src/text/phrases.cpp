#include "gramvec/text/phrases.hpp"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "text/scripts.hpp"

namespace gramvec::text {

std::string_view scorer_name(PhraseScorer scorer) {
  return scorer == PhraseScorer::npmi ? "npmi" : "word2phrase";
}

Result<PhraseScorer> parse_scorer(std::string_view name) {
  if (name == "word2phrase") return PhraseScorer::word2phrase;
  if (name == "npmi") return PhraseScorer::npmi;
  return Status::usage_error(fmt::format("unknown scorer '{}' (expected word2phrase or npmi)", name));
}

double PhraseOptions::default_threshold(PhraseScorer scorer) {
  // word2phrase's default; for npmi, half way between independence (0) and always together (1).
  return scorer == PhraseScorer::npmi ? 0.5 : 100.0;
}

Status PhraseOptions::check() const {
  if (min_count < 1) return Status::usage_error("--min-count must be at least 1");
  if (passes < 1 || passes > kMaxPasses) {
    return Status::usage_error(fmt::format("--passes must be from 1 to {}", kMaxPasses));
  }
  if (!std::isfinite(threshold)) return Status::usage_error("--threshold must be a finite number");
  if (scorer == PhraseScorer::word2phrase && threshold < 0.0) {
    return Status::usage_error(fmt::format("--threshold {} is below 0 (word2phrase scores are >= 0)", threshold));
  }
  if (scorer == PhraseScorer::npmi && !(threshold > -1.0 && threshold <= 1.0)) {
    return Status::usage_error(fmt::format("--threshold {} is outside (-1, 1], the range of npmi", threshold));
  }
  return Status::ok();
}

std::optional<double> phrase_score(const PhraseOptions& options, const PairCounts& counts) {
  if (counts.pair < options.min_count || counts.total == 0) return std::nullopt;
  const double total = static_cast<double>(counts.total);
  if (options.scorer == PhraseScorer::word2phrase) {
    // word2phrase leaves words seen fewer than min_count times out of its vocabulary.
    if (counts.left < options.min_count || counts.right < options.min_count) return std::nullopt;
    return static_cast<double>(counts.pair - options.min_count) / static_cast<double>(counts.left) /
           static_cast<double>(counts.right) * total;
  }
  const double p_left = static_cast<double>(counts.left) / total;
  const double p_right = static_cast<double>(counts.right) / total;
  const double p_pair = static_cast<double>(counts.pair) / total;
  // p_pair < 1 always: N tokens hold at most N - 1 pairs, so the denominator is never 0.
  return std::log(p_pair / (p_left * p_right)) / -std::log(p_pair);
}

namespace {

UChar32 last_character(std::string_view text) {
  if (text.empty()) return -1;
  auto length = static_cast<int32_t>(text.size());
  UChar32 c = 0;
  U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, length, c);
  return c;
}

UChar32 first_character(std::string_view text) {
  if (text.empty()) return -1;
  int32_t offset = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), offset, static_cast<int32_t>(text.size()), c);
  return c;
}

std::uint64_t pair_key(std::uint32_t left, std::uint32_t right) {
  return (static_cast<std::uint64_t>(left) << 32) | right;
}

}  // namespace

bool joins_without_separator(std::string_view left, std::string_view right) {
  return written_without_spaces(last_character(left)) || written_without_spaces(first_character(right));
}

std::string join_phrase(std::string_view left, std::string_view right) {
  std::string phrase;
  phrase.reserve(left.size() + 1 + right.size());
  phrase.append(left);
  if (!joins_without_separator(left, right)) phrase.push_back('_');
  phrase.append(right);
  return phrase;
}

PhraseLearner::PhraseLearner(PhraseOptions options) : options_(options) {}

PhraseLearner::TokenId PhraseLearner::intern(std::string_view text) {
  if (auto found = ids_.find(text); found != ids_.end()) return found->second;
  if (texts_.size() >= std::numeric_limits<TokenId>::max()) throw std::length_error("too many distinct tokens");
  auto id = static_cast<TokenId>(texts_.size());
  texts_.emplace_back(text);
  ids_.emplace(texts_.back(), id);
  return id;
}

void PhraseLearner::add_sentence(std::span<const std::string_view> tokens) {
  for (std::string_view token : tokens) tokens_.push_back(intern(token));
  sentence_ends_.push_back(tokens_.size());
  summary_.sentences++;
  summary_.tokens += tokens.size();
}

std::unordered_map<std::uint64_t, PhraseLearner::JoinedPair> PhraseLearner::joinable_pairs() const {
  std::vector<std::uint64_t> counts(texts_.size(), 0);
  for (TokenId token : tokens_) counts[token]++;
  // Only pairs of tokens seen min_count times can reach c(ab) >= min_count: the others are not
  // counted, which keeps the map to a fraction of the distinct pairs.
  std::unordered_map<std::uint64_t, std::uint64_t> pair_counts;
  std::uint64_t begin = 0;
  for (std::uint64_t end : sentence_ends_) {
    for (std::uint64_t i = begin; i + 1 < end; ++i) {
      TokenId left = tokens_[i];
      TokenId right = tokens_[i + 1];
      if (counts[left] >= options_.min_count && counts[right] >= options_.min_count) {
        pair_counts[pair_key(left, right)]++;
      }
    }
    begin = end;
  }
  std::unordered_map<std::uint64_t, JoinedPair> joinable;
  for (const auto& [key, pair_count] : pair_counts) {
    auto left = static_cast<TokenId>(key >> 32);
    auto right = static_cast<TokenId>(key & 0xffffffffU);
    auto score = phrase_score(options_, {counts[left], counts[right], pair_count, tokens_.size()});
    if (score && *score > options_.threshold) joinable.emplace(key, JoinedPair{0, *score});
  }
  return joinable;
}

std::uint64_t PhraseLearner::run_pass() {
  auto joinable = joinable_pairs();
  if (joinable.empty()) return 0;
  // The phrase tokens are interned only now: interning while counting would grow the unigram
  // table under the counts' feet.
  for (auto& [key, pair] : joinable) {
    pair.phrase = intern(join_phrase(texts_[key >> 32], texts_[key & 0xffffffffU]));
    auto [score, inserted] = phrase_scores_.try_emplace(pair.phrase, pair.score);
    if (!inserted) score->second = std::max(score->second, pair.score);
  }
  std::uint64_t joins = 0;
  std::uint64_t out = 0;  // rewritten in place: the joined text is never longer
  std::uint64_t begin = 0;
  for (std::uint64_t& end : sentence_ends_) {
    std::uint64_t i = begin;
    while (i < end) {
      if (i + 1 < end) {
        if (auto found = joinable.find(pair_key(tokens_[i], tokens_[i + 1])); found != joinable.end()) {
          // The right token is used up: it cannot start a pair of its own in this pass.
          tokens_[out] = found->second.phrase;
          joined_[out] = true;
          ++out;
          i += 2;
          ++joins;
          continue;
        }
      }
      tokens_[out] = tokens_[i];
      joined_[out] = joined_[i];
      ++out;
      ++i;
    }
    begin = end;
    end = out;
  }
  tokens_.resize(out);
  joined_.resize(out);
  return joins;
}

std::vector<Phrase> PhraseLearner::learn() {
  joined_.assign(tokens_.size(), false);
  summary_.joins_per_pass.clear();
  for (int pass = 0; pass < options_.passes; ++pass) summary_.joins_per_pass.push_back(run_pass());
  summary_.final_tokens = tokens_.size();

  std::unordered_map<TokenId, std::uint64_t> occurrences;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (joined_[i]) occurrences[tokens_[i]]++;
  }
  std::vector<Phrase> phrases;
  phrases.reserve(occurrences.size());
  for (const auto& [id, count] : occurrences) phrases.push_back({texts_[id], count, phrase_scores_.at(id)});
  std::sort(phrases.begin(), phrases.end(), [](const Phrase& a, const Phrase& b) {
    return a.count != b.count ? a.count > b.count : a.text < b.text;
  });
  return phrases;
}

std::vector<Phrase> PhraseLearner::words_kept_whole() const {
  // The dictionary's text entries: phrases joined without a separator, then the words kept.
  std::unordered_set<std::string_view> entries;
  std::vector<char> is_phrase(texts_.size(), 0);
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!joined_[i]) continue;
    is_phrase[tokens_[i]] = 1;
    const std::string_view text = texts_[tokens_[i]];
    if (text.find('_') == std::string_view::npos) entries.insert(text);
  }
  if (entries.empty()) return {};
  std::unordered_set<std::string> prefixes;  // of every entry, at character boundaries
  std::size_t longest = 0;
  const auto add_prefixes = [&](std::string_view entry) {
    longest = std::max(longest, entry.size());
    for (std::size_t i = 1; i < entry.size(); ++i) {
      if ((static_cast<unsigned char>(entry[i]) & 0xC0) != 0x80) prefixes.emplace(entry.substr(0, i));
    }
  };
  for (std::string_view entry : entries) add_prefixes(entry);

  // Tokenizes each sentence as a user dictionary of the entries would (the longest entry at the
  // leftmost position, over the tokens' text) and keeps every token of the final text that a
  // match cuts: 智深 inside 鲁智深, or 备细 across 刘备 细. Kept words are entries in turn, so
  // this runs until no match cuts a token.
  constexpr std::size_t kLongestKept = 64;  // bytes: longer tokens are not words of such text
  std::vector<char> kept(texts_.size(), 0);
  std::vector<std::size_t> ends;  // of the sentence's tokens in `text`
  std::string text;
  for (bool changed = true; changed;) {
    changed = false;
    std::uint64_t begin = 0;
    for (const std::uint64_t end : sentence_ends_) {
      text.clear();
      ends.clear();
      for (std::uint64_t i = begin; i < end; ++i) {
        text += texts_[tokens_[i]];
        ends.push_back(text.size());
      }
      std::size_t token = 0;  // the token that holds position `at`
      for (std::size_t at = 0; at < text.size();) {
        while (ends[token] <= at) ++token;
        std::size_t match = 0;
        for (std::size_t length = 1; at + length <= text.size() && length <= longest; ++length) {
          if (at + length < text.size() && (static_cast<unsigned char>(text[at + length]) & 0xC0) == 0x80) continue;
          const std::string_view candidate = std::string_view(text).substr(at, length);
          if (entries.contains(candidate)) match = length;
          if (!prefixes.contains(std::string(candidate))) break;
        }
        if (match == 0) {
          ++at;
          continue;
        }
        // The tokens whose inside a boundary of the match falls in are cut.
        const std::size_t token_start = token == 0 ? 0 : ends[token - 1];
        std::size_t last = token;
        while (ends[last] < at + match) ++last;
        const auto keep = [&](std::size_t t) {
          const TokenId id = tokens_[begin + t];
          const std::string_view word = texts_[id];
          if (kept[id] != 0 || is_phrase[id] != 0 || word.size() > kLongestKept) return;
          kept[id] = 1;
          entries.insert(word);
          add_prefixes(word);
          changed = true;
        };
        if (at != token_start) keep(token);
        if (ends[last] != at + match) keep(last);
        at += match;
      }
      begin = end;
    }
  }
  std::unordered_map<TokenId, std::uint64_t> occurrences;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (kept[tokens_[i]] != 0) occurrences[tokens_[i]]++;
  }
  std::vector<Phrase> words;
  words.reserve(occurrences.size());
  for (const auto& [id, count] : occurrences) words.push_back({texts_[id], count, 0.0});
  std::sort(words.begin(), words.end(), [](const Phrase& a, const Phrase& b) {
    return a.count != b.count ? a.count > b.count : a.text < b.text;
  });
  return words;
}

void PhraseLearner::for_each_sentence(
    const std::function<void(std::span<const std::string_view> tokens)>& handler) const {
  std::vector<std::string_view> sentence;
  std::uint64_t begin = 0;
  for (std::uint64_t end : sentence_ends_) {
    sentence.clear();
    for (std::uint64_t i = begin; i < end; ++i) sentence.push_back(texts_[tokens_[i]]);
    handler(sentence);
    begin = end;
  }
}

}  // namespace gramvec::text
