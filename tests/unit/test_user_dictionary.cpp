// User dictionaries: jieba's format read with one-line errors, text entries matched leftmost-
// longest in the text as written, '_' entries matched on tokens, a checksum that ignores order.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "gramvec/text/user_dictionary.hpp"

namespace {

using gramvec::text::UserDictionary;

UserDictionary parsed(std::string_view text) {
  auto dictionary = UserDictionary::parse(text, "user.dict");
  REQUIRE_MESSAGE(dictionary.is_ok(), (dictionary.is_ok() ? "" : dictionary.message()));
  return std::move(*dictionary);
}

std::string error_of(std::string_view text) {
  auto dictionary = UserDictionary::parse(text, "user.dict");
  REQUIRE_FALSE(dictionary.is_ok());
  return dictionary.message();
}

}  // namespace

TEST_CASE("user dictionary: jieba's lines, comments, counts and tags") {
  auto dictionary = parsed("# names\n宋江 3639 nr\n林冲 100\n\n梁山泊\nnew_york 5\nnew_york_city\r\n宋江\n");
  CHECK(dictionary.size() == 5);  // 宋江 listed twice is one entry
  CHECK(dictionary.longest_match("宋江道") == std::string_view("宋江").size());
  CHECK(dictionary.longest_match("梁山泊上") == std::string_view("梁山泊").size());
  CHECK(dictionary.longest_match("梁山") == 0);  // a prefix of an entry is no match
  CHECK(dictionary.longest_match("江宋") == 0);
  CHECK(dictionary.longest_match("") == 0);
  std::vector<std::string_view> tokens{"new", "york", "city", "hall"};
  CHECK(dictionary.longest_token_match(tokens) == 3);  // the longest: new_york_city
  CHECK(dictionary.longest_token_match(std::span(tokens).first(2)) == 2);
  CHECK(dictionary.longest_token_match(std::span(tokens).first(1)) == 0);
  std::vector<std::string_view> other{"york", "new"};
  CHECK(dictionary.longest_token_match(other) == 0);
}

TEST_CASE("user dictionary: the longest entry wins, whatever the order of the lines") {
  auto dictionary = parsed("诸葛\n诸葛亮\n诸\n");
  CHECK(dictionary.longest_match("诸葛亮曰") == std::string_view("诸葛亮").size());
  CHECK(dictionary.longest_match("诸葛瑾") == std::string_view("诸葛").size());
  CHECK(dictionary.longest_match("诸侯") == std::string_view("诸").size());
  // The same entries in another order: the same checksum; other entries: another.
  CHECK(parsed("诸葛亮\n诸\n诸葛 5\n").checksum() == dictionary.checksum());
  CHECK(parsed("诸葛亮\n诸\n").checksum() != dictionary.checksum());
}

TEST_CASE("user dictionary: a token of '_' entries is a whole token, and tokens may hold '_' themselves") {
  auto dictionary = parsed("a_b_c\n");
  std::vector<std::string_view> split{"a", "b", "c"};
  CHECK(dictionary.longest_token_match(split) == 3);
  std::vector<std::string_view> joined{"a_b", "c"};  // not the tokens a, b, c
  CHECK(dictionary.longest_token_match(joined) == 0);
  std::vector<std::string_view> partial{"a", "b"};
  CHECK(dictionary.longest_token_match(partial) == 0);
  // "_x", "x_" and "_" have no two tokens: words as written (of a spaced script: nothing to do).
  CHECK(parsed("_x\nx_\n_\n宋江\n").longest_token_match(split) == 0);
}

TEST_CASE("user dictionary: bad lines are one-line errors naming the file and line") {
  CHECK(error_of("宋江\n宋江 many\n") == "user.dict:2: 'many' is not a count (a whole number)");
  CHECK(error_of("宋江 -3\n") == "user.dict:1: '-3' is not a count (a whole number)");
  CHECK(error_of("宋江 3 nr extra\n") == "user.dict:1: more than three fields (word [count] [tag])");
  CHECK(error_of("ok\n\xff\xfe\n") == "user.dict:2: invalid UTF-8 at byte 1");
  CHECK(error_of(std::string(1001, 'a')) == "user.dict:1: the word is 1001 bytes long (at most 1000)");
  CHECK(parsed(std::string(1000, 'a')).size() == 0);  // 1,000 bytes is allowed (a spaced word: no entry)
  auto empty = UserDictionary::parse("# nothing\n\n", "user.dict");
  REQUIRE(empty.is_ok());
  CHECK(empty->empty());
}
