#include <doctest/doctest.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gramvec/text/tokenizer.hpp"

using gramvec::text::Normalization;
using gramvec::text::Tokenizer;
using gramvec::text::TokenizerMode;
using gramvec::text::TokenizerOptions;

namespace {

using Tokens = std::vector<std::string>;

TokenizerOptions make_options(TokenizerMode mode, bool lower = false,
                              Normalization normalize = Normalization::nfkc) {
  TokenizerOptions options;
  options.mode = mode;
  options.lower = lower;
  options.normalize = normalize;
  return options;
}

Tokens to_strings(std::span<const std::string_view> views) {
  return Tokens(views.begin(), views.end());
}

Tokens tokenize(const TokenizerOptions& options, std::string_view line) {
  Tokenizer tokenizer(options);
  return to_strings(tokenizer.tokenize(line));
}

Tokens tokenize(TokenizerMode mode, std::string_view line) {
  return tokenize(make_options(mode), line);
}

std::string join(const Tokens& tokens) {
  std::string joined;
  for (const std::string& token : tokens) joined += token;
  return joined;
}

std::string encode_utf8(UChar32 code_point) {
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, code_point);
  return std::string(bytes, static_cast<std::size_t>(length));
}

}  // namespace

TEST_CASE("tokenizer: word mode splits Chinese into dictionary words") {
  CHECK(tokenize(TokenizerMode::word, "我喜欢自然语言处理") ==
        Tokens{"我", "喜欢", "自然", "语言", "处理"});
}

TEST_CASE("tokenizer: word mode splits Japanese and Thai") {
  for (const std::string_view line :
       {std::string_view("私は日本語を勉強しています"), std::string_view("ภาษาไทยง่ายนิดเดียว")}) {
    CAPTURE(line);
    const Tokens tokens = tokenize(TokenizerMode::word, line);
    CHECK(tokens.size() > 1);
    CHECK(join(tokens) == line);
  }
}

TEST_CASE("tokenizer: word mode on English keeps punctuation as tokens") {
  CHECK(tokenize(TokenizerMode::word, "Hello, world! It's 3.5 km.") ==
        Tokens{"Hello", ",", "world", "!", "It's", "3.5", "km", "."});
  CHECK(tokenize(TokenizerMode::word, "  spaced   out\t") == Tokens{"spaced", "out"});
  CHECK(tokenize(TokenizerMode::word, "").empty());
  CHECK(tokenize(TokenizerMode::word, " \t ").empty());
}

TEST_CASE("tokenizer: word mode keeps markup tokens whole") {
  CHECK(tokenize(TokenizerMode::word, "a <unk> b.") == Tokens{"a", "<unk>", "b", "."});
  CHECK(tokenize(TokenizerMode::word, "<s> hi </s>") == Tokens{"<s>", "hi", "</s>"});
  CHECK(tokenize(TokenizerMode::word, "x<unk>y") == Tokens{"x", "<unk>", "y"});
  CHECK(tokenize(TokenizerMode::word, "<<unk>>") == Tokens{"<", "<unk>", ">"});
  CHECK(tokenize(TokenizerMode::word, "<b> <un") == Tokens{"<", "b", ">", "<", "un"});
  CHECK(tokenize(TokenizerMode::word, "在<unk>中") == Tokens{"在", "<unk>", "中"});
}

TEST_CASE("tokenizer: no token contains whitespace") {
  // U+202F NARROW NO-BREAK SPACE is not a word separator for ICU, but it is White_Space.
  const auto options = make_options(TokenizerMode::word, false, Normalization::none);
  CHECK(tokenize(options, "a\u202Fb c\u00A0d") == Tokens{"a", "b", "c", "d"});
  const auto char_options = make_options(TokenizerMode::character, false, Normalization::none);
  CHECK(tokenize(char_options, "\u3000x\u2028") == Tokens{"x"});
}

TEST_CASE("tokenizer: character mode yields extended grapheme clusters") {
  CHECK(tokenize(TokenizerMode::character, "我喜欢") == Tokens{"我", "喜", "欢"});
  CHECK(tokenize(TokenizerMode::character, "ab c") == Tokens{"a", "b", "c"});

  const auto unnormalized = make_options(TokenizerMode::character, false, Normalization::none);
  CHECK(tokenize(unnormalized, "e\u0301x") == Tokens{"e\u0301", "x"});
  // NFKC composes the same cluster into U+00E9.
  CHECK(tokenize(TokenizerMode::character, "e\u0301x") == Tokens{"\u00E9", "x"});

  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
  CHECK(tokenize(TokenizerMode::character, family + " !") == Tokens{family, "!"});
}

TEST_CASE("tokenizer: space mode splits on Unicode whitespace only") {
  const auto options = make_options(TokenizerMode::space, false, Normalization::none);
  CHECK(tokenize(options, "a\u3000b\tc,d  e\u00A0f\r\n") == Tokens{"a", "b", "c,d", "e", "f"});
  CHECK(tokenize(TokenizerMode::space, " pierre <unk> N years old ") ==
        Tokens{"pierre", "<unk>", "N", "years", "old"});
  CHECK(tokenize(TokenizerMode::space, "我喜欢　自然") == Tokens{"我喜欢", "自然"});
}

TEST_CASE("tokenizer: space mode agrees with ICU's White_Space property") {
  Tokenizer tokenizer(make_options(TokenizerMode::space, false, Normalization::none));
  int mismatches = 0;
  for (UChar32 code_point = 0; code_point <= 0x10FFFF; ++code_point) {
    if (U_IS_SURROGATE(code_point)) continue;
    std::string line = "a";
    line += encode_utf8(code_point);
    line += 'b';
    const std::size_t expected_tokens = u_isUWhiteSpace(code_point) ? 2 : 1;
    if (tokenizer.tokenize(line).size() != expected_tokens) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("tokenizer: normalisation") {
  CHECK(tokenize(TokenizerMode::space, "ｆｕｌｌ ﬁne") == Tokens{"full", "fine"});
  const auto nfc = make_options(TokenizerMode::space, false, Normalization::nfc);
  CHECK(tokenize(nfc, "ｆｕｌｌ ﬁne e\u0301") == Tokens{"ｆｕｌｌ", "ﬁne", "\u00E9"});
  const auto none = make_options(TokenizerMode::space, false, Normalization::none);
  CHECK(tokenize(none, "ｆｕｌｌ e\u0301") == Tokens{"ｆｕｌｌ", "e\u0301"});
  // NFKC turns the full-width comma into ',' before segmentation.
  CHECK(tokenize(TokenizerMode::word, "你好，世界") == Tokens{"你好", ",", "世界"});
}

TEST_CASE("tokenizer: lower applies full case folding") {
  const auto folding = make_options(TokenizerMode::space, true);
  CHECK(tokenize(folding, "Straße ΣΑΣ Hello") == Tokens{"strasse", "σασ", "hello"});
  CHECK(tokenize(folding, "ASCII Only LINE") == Tokens{"ascii", "only", "line"});
  CHECK(tokenize(folding, "ＡＢＣ") == Tokens{"abc"});  // NFKC first, then folding
  CHECK(tokenize(TokenizerMode::space, "Straße") == Tokens{"Straße"});
  const auto word_folding = make_options(TokenizerMode::word, true);
  CHECK(tokenize(word_folding, "The <unk> SAID.") == Tokens{"the", "<unk>", "said", "."});
}

TEST_CASE("tokenizer: results point into stable buffers") {
  Tokenizer tokenizer(make_options(TokenizerMode::word, true));
  const std::string line = "Über Straße";
  const auto tokens = tokenizer.tokenize(line);
  REQUIRE(tokens.size() == 2);
  // Feeding a token (a view into the tokenizer's own buffer) back in must work.
  const std::string_view first = tokens[0];
  CHECK(to_strings(tokenizer.tokenize(first)) == Tokens{"über"});

  Tokenizer moved = std::move(tokenizer);
  CHECK(to_strings(moved.tokenize("A B")) == Tokens{"a", "b"});
}

TEST_CASE("tokenizer: split_sentences") {
  Tokenizer tokenizer(make_options(TokenizerMode::word, true));
  const std::string line = "  Hello there. How are you?  Fine.  ";
  const auto sentences = tokenizer.split_sentences(line);
  REQUIRE(sentences.size() == 3);
  CHECK(sentences[0] == "Hello there.");
  CHECK(sentences[1] == "How are you?");
  CHECK(sentences[2] == "Fine.");

  // Tokenising the sentences must not disturb them.
  const Tokens expected[] = {{"hello", "there", "."}, {"how", "are", "you", "?"}, {"fine", "."}};
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    CHECK(to_strings(tokenizer.tokenize(sentences[i])) == expected[i]);
  }
  CHECK(sentences[0] == "Hello there.");

  // Sentences are split after normalisation (the full-width characters become ASCII).
  const auto normalized = tokenizer.split_sentences("Ｈｉ！ Ｂｙｅ．");
  CHECK(to_strings(normalized) == Tokens{"Hi!", "Bye."});
  CHECK(tokenizer.split_sentences("   ").empty());
  CHECK(to_strings(tokenizer.split_sentences("你好。再见！")) == Tokens{"你好。", "再见!"});
}

TEST_CASE("tokenizer: describe and parse round trip") {
  CHECK(TokenizerOptions().describe() == "tokenizer=word lower=0 normalize=nfkc");
  for (const TokenizerMode mode :
       {TokenizerMode::word, TokenizerMode::character, TokenizerMode::space}) {
    for (const bool lower : {false, true}) {
      for (const Normalization normalize :
           {Normalization::nfkc, Normalization::nfc, Normalization::none}) {
        const TokenizerOptions options = make_options(mode, lower, normalize);
        const auto parsed = TokenizerOptions::parse(options.describe());
        REQUIRE(parsed.is_ok());
        CHECK(*parsed == options);
      }
    }
  }
  CHECK(make_options(TokenizerMode::character, true, Normalization::none).describe() ==
        "tokenizer=char lower=1 normalize=none");

  const auto reordered = TokenizerOptions::parse("normalize=nfc tokenizer=space lower=1");
  REQUIRE(reordered.is_ok());
  CHECK(*reordered == make_options(TokenizerMode::space, true, Normalization::nfc));
}

TEST_CASE("tokenizer: parse errors") {
  CHECK(gramvec::text::parse_mode("foo").message() ==
        "unknown tokenizer 'foo' (expected word, char or space)");
  CHECK(gramvec::text::parse_normalization("nfd").message() ==
        "unknown normalization 'nfd' (expected nfkc, nfc or none)");
  CHECK(*gramvec::text::parse_mode("char") == TokenizerMode::character);
  CHECK(*gramvec::text::parse_normalization("none") == Normalization::none);

  const auto unknown_key = TokenizerOptions::parse("tokenizer=word case=0 normalize=nfkc");
  REQUIRE_FALSE(unknown_key.is_ok());
  CHECK(unknown_key.message().find("unknown tokenizer option 'case'") != std::string::npos);

  const auto unknown_mode = TokenizerOptions::parse("tokenizer=bpe lower=0 normalize=nfkc");
  REQUIRE_FALSE(unknown_mode.is_ok());
  CHECK(unknown_mode.message() == "unknown tokenizer 'bpe' (expected word, char or space)");

  CHECK_FALSE(TokenizerOptions::parse("tokenizer=word lower=yes normalize=nfkc").is_ok());
  CHECK_FALSE(TokenizerOptions::parse("tokenizer=word  lower=0 normalize=nfkc").is_ok());
  CHECK_FALSE(TokenizerOptions::parse("tokenizer=word lower=0 lower=1").is_ok());
  CHECK_FALSE(TokenizerOptions::parse("tokenizer").is_ok());
  CHECK_FALSE(TokenizerOptions::parse("").is_ok());
  for (const auto& result : {TokenizerOptions::parse("x"), TokenizerOptions::parse("lower=2")}) {
    REQUIRE_FALSE(result.is_ok());
    CHECK(result.message().find('\n') == std::string::npos);
  }
}
