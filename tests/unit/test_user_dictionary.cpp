// User dictionaries: jieba's format read with one-line errors; text entries matched leftmost-
// longest in the text as written, ICU between them; '_' entries (and words the tokenizer would
// split) joined from tokens; the dictionary recorded in the tokenizer's description.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gramvec/text/tokenizer.hpp"
#include "gramvec/text/user_dictionary.hpp"

namespace {

using gramvec::text::Normalization;
using gramvec::text::Tokenizer;
using gramvec::text::TokenizerMode;
using gramvec::text::TokenizerOptions;
using gramvec::text::UserDictionary;

UserDictionary parsed(std::string_view text, const TokenizerOptions& options = {}) {
  auto dictionary = UserDictionary::parse(text, "user.dict", options);
  REQUIRE_MESSAGE(dictionary.is_ok(), (dictionary.is_ok() ? "" : dictionary.message()));
  return std::move(*dictionary);
}

std::string error_of(std::string_view text) {
  auto dictionary = UserDictionary::parse(text, "user.dict", TokenizerOptions{});
  REQUIRE_FALSE(dictionary.is_ok());
  return dictionary.message();
}

// A file in the test's temporary folder, removed with the object.
struct TempFile {
  std::filesystem::path path;
  TempFile(const std::string& name, std::string_view content)
      : path(std::filesystem::temp_directory_path() / ("gramvec-user-dict-test-" + name)) {
    std::ofstream(path, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

// The tokens of `line`, space-separated, by a tokenizer with `options`.
std::string tokens_of(std::string_view line, const TokenizerOptions& options = {}) {
  Tokenizer tokenizer(options);
  std::string joined;
  for (std::string_view token : tokenizer.tokenize(line)) {
    if (!joined.empty()) joined += ' ';
    joined += token;
  }
  return joined;
}

// The same with the user dictionary `entries` too.
std::string tokens_with(std::string_view entries, std::string_view line, TokenizerOptions options = {}) {
  TempFile file("tokens.dict", entries);
  REQUIRE(gramvec::text::load_user_dictionary(options, {file.path.string()}).is_ok());
  return tokens_of(line, options);
}

}  // namespace

TEST_CASE("user dictionary: jieba's lines, comments, counts and tags") {
  auto dictionary = parsed("# names\n宋江 3639 nr\n林冲 100\n\n梁山泊\nnew_york 5\nnew_york_city\r\n宋江\nword\n");
  CHECK(dictionary.words() == 7);  // every word line, 宋江 twice
  CHECK(dictionary.text_entries() == 3);
  CHECK(dictionary.token_entries() == 2);  // "word" is one token already: no entry
  CHECK(dictionary.longest_match("宋江道") == std::string_view("宋江").size());
  CHECK(dictionary.longest_match("梁山泊上") == std::string_view("梁山泊").size());
  CHECK(dictionary.longest_match("梁山") == 0);  // a prefix of an entry is no match
  CHECK(dictionary.longest_match("江宋") == 0);
  CHECK(dictionary.longest_match("") == 0);
  std::vector<std::string_view> tokens{"new", "york", "city", "hall"};
  CHECK(dictionary.longest_token_match(tokens).tokens == 3);  // the longest: new_york_city
  CHECK(dictionary.longest_token_match(tokens).word == "new_york_city");
  CHECK(dictionary.longest_token_match(std::span(tokens).first(2)).word == "new_york");
  CHECK(dictionary.longest_token_match(std::span(tokens).first(1)).tokens == 0);
  std::vector<std::string_view> other{"york", "new"};
  CHECK(dictionary.longest_token_match(other).tokens == 0);
}

TEST_CASE("user dictionary: the longest entry wins, whatever the order of the lines") {
  auto dictionary = parsed("诸葛\n诸葛亮\n诸\n");
  CHECK(dictionary.longest_match("诸葛亮曰") == std::string_view("诸葛亮").size());
  CHECK(dictionary.longest_match("诸葛瑾") == std::string_view("诸葛").size());
  CHECK(dictionary.longest_match("诸侯") == std::string_view("诸").size());
  // The same words in another order: the same checksum; other words: another.
  CHECK(parsed("诸葛亮\n诸\n诸葛 5\n").checksum() == dictionary.checksum());
  CHECK(parsed("诸葛亮\n诸\n").checksum() != dictionary.checksum());
}

TEST_CASE("user dictionary: '_' entries are whole tokens, and tokens may hold '_' themselves") {
  TokenizerOptions space;
  space.mode = TokenizerMode::space;
  auto dictionary = parsed("a_b_c\n", space);
  std::vector<std::string_view> split{"a", "b", "c"};
  CHECK(dictionary.longest_token_match(split).tokens == 3);
  std::vector<std::string_view> joined{"a_b", "c"};  // not the tokens a, b, c
  CHECK(dictionary.longest_token_match(joined).tokens == 0);
  std::vector<std::string_view> partial{"a", "b"};
  CHECK(dictionary.longest_token_match(partial).tokens == 0);
}

TEST_CASE("user dictionary: bad lines are one-line errors naming the file and line") {
  CHECK(error_of("宋江\n宋江 many 3\n") == "user.dict:2: 'many' is not a count (a whole number)");
  CHECK(error_of("宋江 3x\n") == "user.dict:1: '3x' is not a count (a whole number)");
  // jieba's `word tag`, without a count: a second field that starts with no digit or sign.
  CHECK(parsed("宋江 nr\n林冲 5\n").words() == 2);
  CHECK(error_of("<s>中\n") == "user.dict:1: '<s>中' holds the markup token <s>");
  CHECK(error_of("x_<unk>\n") == "user.dict:1: 'x_<unk>' holds the markup token <unk>");
  CHECK(error_of("\xe0\xb9\x88\xe0\xb8\x81\n") == "user.dict:1: '\xe0\xb9\x88\xe0\xb8\x81' starts with a combining mark");
  // U+FDFA (one character, 3 bytes) is 18 characters once NFKC-normalised: 334 of them pass the
  // raw limit and not the normalised one.
  std::string long_once_normalised;
  for (int i = 0; i < 334; ++i) long_once_normalised += "\xef\xb7\xba";
  CHECK(error_of(long_once_normalised).starts_with("user.dict:1: the word is "));
  CHECK(error_of(long_once_normalised).ends_with(" bytes long once normalised (at most 1000)"));
  CHECK(error_of("宋江 -3\n") == "user.dict:1: '-3' is not a count (a whole number)");
  CHECK(error_of("宋江 3 nr extra\n") == "user.dict:1: more than three fields (word [count] [tag])");
  CHECK(error_of("ok\n\xff\xfe\n") == "user.dict:2: invalid UTF-8 at byte 1");
  CHECK(error_of("宋\xe3\x80\x80江\n") == "user.dict:1: '宋\xe3\x80\x80江' holds a space character");
  CHECK(error_of(std::string(1001, 'a')) == "user.dict:1: the word is 1001 bytes long (at most 1000)");
  CHECK(parsed(std::string(1000, 'a')).words() == 1);  // 1,000 bytes is allowed
  auto empty = UserDictionary::parse("# nothing\n\n", "user.dict", TokenizerOptions{});
  REQUIRE(empty.is_ok());
  CHECK(empty->words() == 0);
  // A file without a word is an error when loaded (a user who gives one means to use it).
  TempFile nothing("empty.dict", "# no words\n");
  auto loaded = UserDictionary::load(std::vector<std::string>{nothing.path.string()}, TokenizerOptions{});
  REQUIRE_FALSE(loaded.is_ok());
  CHECK(loaded.message() == nothing.path.string() + ": the user dictionary has no word");
  auto missing = UserDictionary::load(std::vector<std::string>{"/nonexistent/user.dict"}, TokenizerOptions{});
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.message() == "/nonexistent/user.dict: cannot open the user dictionary");
  auto stdin_path = UserDictionary::load(std::vector<std::string>{"-"}, TokenizerOptions{});
  REQUIRE_FALSE(stdin_path.is_ok());
  CHECK(stdin_path.message() == "a user dictionary cannot be read from stdin ('-'): give a file");
  const std::string folder = std::filesystem::temp_directory_path().string();
  auto directory = UserDictionary::load(std::vector<std::string>{folder}, TokenizerOptions{});
  REQUIRE_FALSE(directory.is_ok());
  CHECK(directory.message() == folder + ": is a directory, not a user dictionary");
}

TEST_CASE("tokenizer with a user dictionary: Chinese words as written, ICU between them") {
  // ICU's own dictionary splits these names.
  CHECK(tokens_of("宋江道林冲") != "宋江 道 林冲");
  CHECK(tokens_with("宋江\n林冲\n", "宋江道林冲") == "宋江 道 林冲");
  // Leftmost-longest: 诸葛亮 over 诸葛; at 亮 nothing else starts.
  CHECK(tokens_with("诸葛\n诸葛亮\n亮在\n", "诸葛亮在此") == "诸葛亮 在此");
  // Leftmost wins over longer later: 江道 starts after 宋江 began.
  CHECK(tokens_with("宋江\n江道人\n", "宋江道人") == "宋江 道人");
  // A match whatever ICU would have cut, even inside one of its words.
  CHECK(tokens_with("在此\n", "兄弟在此。") == "兄弟 在此 。");
  // Entries meet the text normalised: a full-width Ａ in the dictionary matches A in the text.
  CHECK(tokens_with("Ａ股\n", "买A股") == "买 A股");
  // Markup tokens and Latin text around matches are untouched.
  CHECK(tokens_with("宋江\n", "<s> 宋江 said hello </s>") == "<s> 宋江 said hello </s>");
}

TEST_CASE("tokenizer with a user dictionary: phrases of spaced scripts from tokens") {
  CHECK(tokens_with("new_york\nnew_york_city\n", "to New York, new york city!") == "to New York , new_york_city !");
  TokenizerOptions lower;
  lower.lower = true;
  CHECK(tokens_with("new_york\n", "to New York", lower) == "to new_york");
  // A dictionary word that the tokenizer would split is kept whole (as written, normalised).
  CHECK(tokens_with("AT&T\nC++\n", "AT&T uses C++ daily") == "AT&T uses C++ daily");
  CHECK(tokens_with("AT&T\n", "AT&T", lower) == "at&t");
  // Character tokens join into a phrase too.
  TokenizerOptions character;
  character.mode = TokenizerMode::character;
  CHECK(tokens_with("宋江\nab_c\n", "宋江道 ab c", character) == "宋江 道 ab_c");
  TokenizerOptions space;
  space.mode = TokenizerMode::space;
  CHECK(tokens_with("宋江\nnew_york\n", "宋江道 new york", space) == "宋江 道 new_york");
}

TEST_CASE("tokenizer with a user dictionary: grapheme clusters, words inside Latin runs") {
  // ที่ is ท + ี + ่ (a tone mark): an entry ที must not leave the mark as a token of its own.
  CHECK(tokens_with("ที\n", "ที่นี่") == tokens_of("ที่นี่"));
  TokenizerOptions character;
  character.mode = TokenizerMode::character;
  CHECK(tokens_with("ที\n", "ที่นี่", character) == tokens_of("ที่นี่", character));
  // An entry that starts with a Latin letter or digit starts a word.
  CHECK(tokens_with("T恤\n2024年\n", "穿T恤") == "穿 T恤");
  CHECK(tokens_with("T恤\n2024年\n", "AT恤") == tokens_of("AT恤"));
  CHECK(tokens_with("T恤\n2024年\n", "12024年") == tokens_of("12024年"));
  CHECK(tokens_with("T恤\n2024年\n", "在2024年") == "在 2024年");
}

TEST_CASE("tokenizer with a user dictionary: phrases are split with the dictionary's own words") {
  // At run time 宋江 is one token before phrases are joined: so is it in the phrase 宋江_道.
  CHECK(tokens_with("宋江\n宋江_道\n", "宋江道") == "宋江_道");
  CHECK(tokens_with("北京大学_图书馆\n图书馆\n", "北京大学 图书馆") == "北京大学_图书馆");
  // '_' as NFKC makes it: a full-width phrase is a phrase.
  CHECK(tokens_with("ｎｅｗ＿ｙｏｒｋ\n", "new york") == "new_york");
}

TEST_CASE("user dictionary: words with the same tokens, in any order, give the same tokens and checksum") {
  const std::string forward = tokens_with("AT&T\nAT_&_T\n", "AT&T");
  CHECK(forward == tokens_with("AT_&_T\nAT&T\n", "AT&T"));
  CHECK(forward == "AT&T");  // the smallest word
  CHECK(parsed("AT&T\nAT_&_T\n").checksum() == parsed("AT_&_T\nAT&T\n").checksum());
}

TEST_CASE("tokenizer options: a user dictionary is recorded by checksum and path") {
  TempFile file("record me, 100%.dict", "宋江\n");
  TokenizerOptions options;
  REQUIRE(gramvec::text::load_user_dictionary(options, {file.path.string()}).is_ok());
  const std::string description = options.describe();
  CHECK(description.starts_with("tokenizer=word lower=0 normalize=nfkc user_dict="));
  CHECK(description.find("record%20me%2C%20100%25.dict") != std::string::npos);
  auto parsed_back = TokenizerOptions::parse(description);
  REQUIRE(parsed_back.is_ok());
  CHECK(*parsed_back == options);
  CHECK(parsed_back->user_dict_paths == options.user_dict_paths);
  CHECK(parsed_back->user_dictionary == nullptr);  // read back: recorded, not loaded
  CHECK(*parsed_back != TokenizerOptions{});
  // Settings without a dictionary describe themselves as before.
  CHECK(TokenizerOptions{}.describe() == "tokenizer=word lower=0 normalize=nfkc");
  CHECK_FALSE(TokenizerOptions::parse("tokenizer=word user_dict=0123456789abcdef").is_ok());
  CHECK_FALSE(TokenizerOptions::parse("tokenizer=word user_dict=xyz user_dict_path=a").is_ok());
  CHECK_FALSE(TokenizerOptions::parse("tokenizer=word user_dict=0123456789abcdef user_dict_path=a%2").is_ok());
}

TEST_CASE("concurrency: tokenizers on several threads share one user dictionary") {
  TempFile file("threads.dict", "宋江\n林冲\nnew_york\n");
  TokenizerOptions options;
  REQUIRE(gramvec::text::load_user_dictionary(options, {file.path.string()}).is_ok());
  const std::string line = "宋江道林冲在new york city";
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      Tokenizer tokenizer(options);  // one a thread; the dictionary is shared and read only
      for (int i = 0; i < 200; ++i) {
        std::string joined;
        for (std::string_view token : tokenizer.tokenize(line)) joined += std::string(token) + ' ';
        results[t] = joined;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& result : results) CHECK(result == "宋江 道 林冲 在 new_york city ");
}
