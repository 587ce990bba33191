#include <doctest/doctest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "gramvec/text/phrases.hpp"

using gramvec::text::join_phrase;
using gramvec::text::joins_without_separator;
using gramvec::text::PairCounts;
using gramvec::text::Phrase;
using gramvec::text::PhraseLearner;
using gramvec::text::PhraseOptions;
using gramvec::text::PhraseScorer;

namespace {

// Sentences written as "a b c" lines (tokens between single spaces).
PhraseLearner learner_of(const PhraseOptions& options, const std::vector<std::string>& sentences) {
  PhraseLearner learner(options);
  for (const std::string& sentence : sentences) {
    std::vector<std::string_view> tokens;
    std::istringstream words(sentence);
    std::vector<std::string> owned;
    for (std::string word; words >> word;) owned.push_back(word);
    for (const std::string& word : owned) tokens.push_back(word);
    learner.add_sentence(tokens);
  }
  return learner;
}

// The text after the passes, one "a_b c" string per sentence.
std::vector<std::string> joined_text(const PhraseLearner& learner) {
  std::vector<std::string> text;
  learner.for_each_sentence([&](std::span<const std::string_view> tokens) {
    std::string line;
    for (std::string_view token : tokens) {
      if (!line.empty()) line += ' ';
      line += token;
    }
    text.push_back(line);
  });
  return text;
}

std::vector<std::string> texts(const std::vector<Phrase>& phrases) {
  std::vector<std::string> result;
  for (const Phrase& phrase : phrases) result.push_back(phrase.text);
  return result;
}

PhraseOptions word2phrase(std::uint64_t min_count, double threshold, int passes = 1) {
  PhraseOptions options;
  options.min_count = min_count;
  options.threshold = threshold;
  options.passes = passes;
  return options;
}

// The fixture of the scorer tests. N = 18 tokens; unigrams: new 4, york 3, is 3, big 2, city 2,
// the 2, old 1, car 1; pairs: new york 3, york is 2, is big 2, and six pairs seen once.
const std::vector<std::string> kNewYork = {"new york is big", "new york is old", "new york city",
                                           "the city is big", "the new car"};

}  // namespace

TEST_CASE("phrases: word2phrase scores by hand") {
  // With min_count 2 only the pairs seen twice or more are scored:
  //   new york: (3 - 2) / (4 * 3) * 18 = 1.5
  //   york is:  (2 - 2) / (3 * 3) * 18 = 0
  //   is big:   (2 - 2) / (3 * 2) * 18 = 0
  PhraseOptions options = word2phrase(2, 1.0);
  CHECK(*gramvec::text::phrase_score(options, PairCounts{4, 3, 3, 18}) == doctest::Approx(1.5));
  CHECK(*gramvec::text::phrase_score(options, PairCounts{3, 3, 2, 18}) == 0.0);
  CHECK_FALSE(gramvec::text::phrase_score(options, PairCounts{4, 1, 1, 18}));  // c(ab) < min_count
  CHECK_FALSE(gramvec::text::phrase_score(options, PairCounts{1, 3, 2, 18}));  // c(a) < min_count

  // Threshold 1: new york (1.5 > 1) is joined, nothing else.
  PhraseLearner learner = learner_of(options, kNewYork);
  std::vector<Phrase> phrases = learner.learn();
  REQUIRE(phrases.size() == 1);
  CHECK(phrases[0].text == "new_york");
  CHECK(phrases[0].count == 3);
  CHECK(phrases[0].score == doctest::Approx(1.5));
  CHECK(joined_text(learner) == std::vector<std::string>{"new_york is big", "new_york is old", "new_york city",
                                                         "the city is big", "the new car"});
  CHECK(learner.summary().tokens == 18);
  CHECK(learner.summary().final_tokens == 15);
  CHECK(learner.summary().joins_per_pass == std::vector<std::uint64_t>{3});

  // The threshold is strict: a score of exactly 1.5 does not pass 1.5.
  PhraseLearner strict = learner_of(word2phrase(2, 1.5), kNewYork);
  CHECK(strict.learn().empty());
}

TEST_CASE("phrases: npmi scores by hand") {
  // npmi = ln(p(ab) / (p(a) p(b))) / -ln(p(ab)), p(x) = c(x) / 18, pairs seen at least twice:
  //   new york: p(ab) / (p(a) p(b)) = (3/18) / ((4/18)(3/18)) = 4.5; ln 4.5 / ln 6 = 0.839442
  //   york is:  (2/18) / ((3/18)(3/18)) = 4;                        ln 4 / ln 9   = 0.630930
  //   is big:   (2/18) / ((3/18)(2/18)) = 6;                        ln 6 / ln 9   = 0.815465
  PhraseOptions options;
  options.scorer = PhraseScorer::npmi;
  options.min_count = 2;
  options.threshold = 0.7;
  CHECK(*gramvec::text::phrase_score(options, PairCounts{4, 3, 3, 18}) == doctest::Approx(0.839442).epsilon(1e-5));
  CHECK(*gramvec::text::phrase_score(options, PairCounts{3, 3, 2, 18}) == doctest::Approx(0.630930).epsilon(1e-5));
  CHECK(*gramvec::text::phrase_score(options, PairCounts{3, 2, 2, 18}) == doctest::Approx(0.815465).epsilon(1e-5));
  CHECK_FALSE(gramvec::text::phrase_score(options, PairCounts{4, 1, 1, 18}));
  // npmi has no unigram cut-off of its own (c(a) >= c(ab) anyway).
  CHECK(gramvec::text::phrase_score(options, PairCounts{2, 2, 2, 18}));

  // Threshold 0.7: new york and is big are joined, york is (0.63) is not.
  PhraseLearner learner = learner_of(options, kNewYork);
  std::vector<Phrase> phrases = learner.learn();
  REQUIRE(phrases.size() == 2);
  CHECK(phrases[0].text == "new_york");
  CHECK(phrases[0].count == 3);
  CHECK(phrases[0].score == doctest::Approx(0.839442).epsilon(1e-5));
  CHECK(phrases[1].text == "is_big");
  CHECK(phrases[1].count == 2);
  CHECK(joined_text(learner) == std::vector<std::string>{"new_york is_big", "new_york is old", "new_york city",
                                                         "the city is_big", "the new car"});

  // Threshold 0.6 lets york is (0.63) through too, but york is always taken by new york first.
  options.threshold = 0.6;
  PhraseLearner lower = learner_of(options, kNewYork);
  CHECK(texts(lower.learn()) == std::vector<std::string>{"new_york", "is_big"});
}

TEST_CASE("phrases: a joined pair's second token does not start another pair in the same pass") {
  // "a b c" four times: N = 12, every word 4 times, a b and b c 4 times each; min_count 1:
  // score (4 - 1) / (4 * 4) * 12 = 2.25 for both pairs. Threshold 2: both qualify, but a b is
  // joined first and uses b up: a_b c.
  std::vector<std::string> corpus(4, "a b c");
  PhraseLearner learner = learner_of(word2phrase(1, 2.0), corpus);
  std::vector<Phrase> phrases = learner.learn();
  REQUIRE(phrases.size() == 1);
  CHECK(phrases[0].text == "a_b");
  CHECK(phrases[0].count == 4);
  CHECK(phrases[0].score == doctest::Approx(2.25));
  CHECK(joined_text(learner) == std::vector<std::string>(4, "a_b c"));
}

TEST_CASE("phrases: a second pass joins the phrases of the first") {
  // Pass 1 as above (threshold 1 this time): a_b c. Pass 2 reads "a_b c" four times: N = 8,
  // a_b 4, c 4, a_b c 4: (4 - 1) / (4 * 4) * 8 = 1.5 > 1: a_b_c. a_b no longer occurs in the
  // final text, so only a_b_c is listed.
  std::vector<std::string> corpus(4, "a b c");
  PhraseLearner one = learner_of(word2phrase(1, 1.0, 1), corpus);
  CHECK(texts(one.learn()) == std::vector<std::string>{"a_b"});

  PhraseLearner two = learner_of(word2phrase(1, 1.0, 2), corpus);
  std::vector<Phrase> phrases = two.learn();
  REQUIRE(phrases.size() == 1);
  CHECK(phrases[0].text == "a_b_c");
  CHECK(phrases[0].count == 4);
  CHECK(phrases[0].score == doctest::Approx(1.5));
  CHECK(joined_text(two) == std::vector<std::string>(4, "a_b_c"));
  CHECK(two.summary().joins_per_pass == std::vector<std::uint64_t>{4, 4});

  // Four tokens in two passes: "w x y z" four times; pass 1: w x and y z score
  // (4 - 1) / 16 * 16 = 3 (x y is never looked at: x is used up); pass 2: w_x y_z scores
  // (4 - 1) / 16 * 8 = 1.5.
  PhraseLearner four = learner_of(word2phrase(1, 1.0, 2), std::vector<std::string>(4, "w x y z"));
  CHECK(texts(four.learn()) == std::vector<std::string>{"w_x_y_z"});
}

TEST_CASE("phrases: pairs never span two sentences") {
  // Lines "a" and "b" alternating five times: N = 10, a 5, b 5. Across the line breaks a b would
  // be seen 5 times and score (5 - 1) / 25 * 10 = 1.6 > 1; within lines there is no pair at all.
  std::vector<std::string> corpus;
  for (int i = 0; i < 5; ++i) {
    corpus.push_back("a");
    corpus.push_back("b");
  }
  PhraseLearner learner = learner_of(word2phrase(1, 1.0), corpus);
  CHECK(learner.learn().empty());
  CHECK(joined_text(learner) == corpus);

  // Empty sentences stay (empty) sentences.
  PhraseLearner with_empty = learner_of(word2phrase(1, 1.0), {"a b", "", "a b", "", "a b"});
  CHECK(texts(with_empty.learn()) == std::vector<std::string>{"a_b"});
  CHECK(joined_text(with_empty) == std::vector<std::string>{"a_b", "", "a_b", "", "a_b"});
}

TEST_CASE("phrases: ties in count are listed by bytes") {
  // c d and a b twice each (N = 10, each of a b c d twice, min_count 1): (2 - 1) / 4 * 10 = 2.5 > 1;
  // e f once: (1 - 1) / 1 * 10 = 0.
  PhraseLearner learner = learner_of(word2phrase(1, 1.0), {"c d", "a b", "c d", "a b", "e f"});
  CHECK(texts(learner.learn()) == std::vector<std::string>{"a_b", "c_d"});
}

TEST_CASE("phrases: scripts written without spaces join without a separator") {
  CHECK(join_phrase("new", "york") == "new_york");
  CHECK(join_phrase("new_york", "city") == "new_york_city");
  CHECK(join_phrase("нью", "йорк") == "нью_йорк");   // Cyrillic
  CHECK(join_phrase("νέα", "υόρκη") == "νέα_υόρκη");  // Greek
  CHECK(join_phrase("한국", "어") == "한국_어");      // Hangul is written with spaces
  CHECK(join_phrase("宋", "江") == "宋江");
  CHECK(join_phrase("宋江", "道") == "宋江道");
  CHECK(join_phrase("ひら", "がな") == "ひらがな");          // Hiragana
  CHECK(join_phrase("コーヒー", "ショップ") == "コーヒーショップ");  // Katakana, ー at the seam
  CHECK(join_phrase("ภาษา", "ไทย") == "ภาษาไทย");        // Thai
  CHECK(join_phrase("ພາສາ", "ລາວ") == "ພາສາລາວ");        // Lao
  CHECK(join_phrase("ភាសា", "ខ្មែរ") == "ភាសាខ្មែរ");      // Khmer
  CHECK(join_phrase("မြန်မာ", "စာ") == "မြန်မာစာ");      // Myanmar
  CHECK(join_phrase("བོད", "ཡིག") == "བོདཡིག");          // Tibetan
  // Mixed: the seam decides, whichever side is the CJK one.
  CHECK(join_phrase("東京", "tower") == "東京tower");
  CHECK(join_phrase("iphone", "手机") == "iphone手机");
  CHECK(join_phrase("3", "月") == "3月");
  CHECK(join_phrase("new_york", "大学") == "new_york大学");
  CHECK(join_phrase("大学", "new_york") == "大学new_york");
  CHECK(join_phrase("中_x", "y") == "中_x_y");  // only the seam's two characters count
  CHECK(joins_without_separator("宋", "江"));
  CHECK_FALSE(joins_without_separator("new", "york"));
  CHECK_FALSE(joins_without_separator("", ""));

  // Through the learner: characters of Chinese become words.
  PhraseLearner learner = learner_of(word2phrase(1, 2.0), std::vector<std::string>(4, "宋 江 道"));
  std::vector<Phrase> phrases = learner.learn();
  REQUIRE(phrases.size() == 1);
  CHECK(phrases[0].text == "宋江");
  CHECK(joined_text(learner) == std::vector<std::string>(4, "宋江 道"));
}

TEST_CASE("phrases: options are checked") {
  PhraseOptions options;
  CHECK(options.check().is_ok());
  CHECK(options.threshold == PhraseOptions::default_threshold(PhraseScorer::word2phrase));
  CHECK(PhraseOptions::default_threshold(PhraseScorer::npmi) == 0.5);
  options.threshold = -1.0;
  CHECK(options.check().is_usage_error());
  options.threshold = std::nan("");
  CHECK(options.check().is_usage_error());
  options.threshold = 0.0;
  CHECK(options.check().is_ok());
  options.min_count = 0;
  CHECK(options.check().is_usage_error());
  options.min_count = 1;
  options.passes = 0;
  CHECK(options.check().is_usage_error());
  options.passes = PhraseOptions::kMaxPasses + 1;
  CHECK(options.check().is_usage_error());
  options.passes = 2;

  options.scorer = PhraseScorer::npmi;
  for (double good : {1.0, 0.0, -0.99, 0.5}) {
    options.threshold = good;
    CHECK(options.check().is_ok());
  }
  for (double bad : {-1.0, 1.01, 100.0}) {
    options.threshold = bad;
    CHECK(options.check().is_usage_error());
    CHECK(options.check().message().find("(-1, 1]") != std::string::npos);
  }
  CHECK(gramvec::text::parse_scorer("npmi").is_ok());
  CHECK(gramvec::text::parse_scorer("pmi").status().is_usage_error());
}

TEST_CASE("phrases: words of the text that hold a phrase are listed to keep them whole") {
  // N = 4·3 + 2·2 = 16 tokens. 智 深: (4 − 1) / (4 · 4) · 16 = 3 > 2, joined; 深 道 scores 3 too
  // but 深 is taken. 鲁智深 来 and 鲁智深 去 are seen once: score 0. So 智深 is the one phrase,
  // and 鲁智深, a token of the text, holds it: read as a dictionary, 智深 alone would split it.
  std::vector<std::string> sentences(4, "智 深 道");
  sentences.push_back("鲁智深 来");
  sentences.push_back("鲁智深 去 new_yorker");
  PhraseLearner learner = learner_of(word2phrase(1, 2.0), sentences);
  std::vector<Phrase> phrases = learner.learn();
  REQUIRE(texts(phrases) == std::vector<std::string>{"智深"});
  std::vector<Phrase> kept = learner.words_kept_whole();
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].text == "鲁智深");
  CHECK(kept[0].count == 2);
  // Phrases joined with '_' are matched on tokens, never inside one: nothing to keep for them.
  // N = 8: new york scores (3 − 1) / (3 · 3) · 8 = 1.8 > 1.
  PhraseLearner english = learner_of(word2phrase(1, 1.0), {"new york", "new york", "new york", "anew_yorker x"});
  REQUIRE_FALSE(english.learn().empty());
  CHECK(english.words_kept_whole().empty());
}
