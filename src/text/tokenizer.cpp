#include "gramvec/text/tokenizer.hpp"

#include "gramvec/text/user_dictionary.hpp"
#include "gramvec/text/utf8.hpp"

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/utext.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>

namespace gramvec::text {
namespace {

// ---------------------------------------------------------------------------------------------
// Byte-level helpers on (valid) UTF-8.

unsigned byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

bool is_ascii(std::string_view text) {
  constexpr std::uint64_t kHighBitsOf8Bytes = 0x8080808080808080ULL;
  std::size_t pos = 0;
  std::uint64_t high_bits = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    std::uint64_t block;
    std::memcpy(&block, text.data() + pos, sizeof block);
    high_bits |= block;
  }
  for (; pos < text.size(); ++pos) high_bits |= byte_at(text, pos);
  return (high_bits & kHighBitsOf8Bytes) == 0;
}

// Tab, LF, VT, FF, CR and space.
constexpr bool is_ascii_whitespace(unsigned byte) {
  return byte == ' ' || (byte - '\t') <= ('\r' - '\t');
}

// Length in bytes of the White_Space character starting at `pos`, or 0 if there is none there.
// Besides ASCII: U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
std::size_t whitespace_length_at(std::string_view text, std::size_t pos) {
  const unsigned lead = byte_at(text, pos);
  if (lead < 0x80) return is_ascii_whitespace(lead) ? 1 : 0;
  const std::size_t available = text.size() - pos;
  const auto matches = [&](unsigned second, unsigned third) {
    return available >= 3 && byte_at(text, pos + 1) == second && byte_at(text, pos + 2) == third;
  };
  switch (lead) {
    case 0xC2: {
      if (available < 2) return 0;
      const unsigned second = byte_at(text, pos + 1);
      return second == 0x85 || second == 0xA0 ? 2 : 0;
    }
    case 0xE1:
      return matches(0x9A, 0x80) ? 3 : 0;
    case 0xE2: {
      if (available < 3) return 0;
      const unsigned second = byte_at(text, pos + 1);
      const unsigned third = byte_at(text, pos + 2);
      if (second == 0x80) {  // U+2000..U+200A, U+2028, U+2029, U+202F
        const bool space =
            (third >= 0x80 && third <= 0x8A) || third == 0xA8 || third == 0xA9 || third == 0xAF;
        return space ? 3 : 0;
      }
      return second == 0x81 && third == 0x9F ? 3 : 0;
    }
    case 0xE3:
      return matches(0x80, 0x80) ? 3 : 0;
    default:
      return 0;
  }
}

// Length of the White_Space character ending just before `end`, or 0.
std::size_t whitespace_length_before(std::string_view text, std::size_t end) {
  for (std::size_t length = 1; length <= 3 && length <= end; ++length) {
    if (whitespace_length_at(text, end - length) == length) return length;
  }
  return 0;
}

// Position of the first non-whitespace character at or after `pos`, or text.size().
std::size_t skip_whitespace(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const std::size_t length = whitespace_length_at(text, pos);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

std::string_view trim_whitespace(std::string_view text) {
  const std::size_t begin = skip_whitespace(text, 0);
  std::size_t end = text.size();
  while (end > begin) {
    const std::size_t length = whitespace_length_before(text, end);
    if (length == 0) break;
    end -= length;
  }
  return text.substr(begin, end - begin);
}

// Bytes that can start a White_Space character are ASCII bytes up to 0x20 and lead bytes
// (0xC0 and above); continuation bytes and other ASCII bytes cannot.
constexpr bool may_start_whitespace(unsigned byte) { return byte <= 0x20 || byte >= 0xC0; }

// Position of the first byte at or after `pos` that may start a whitespace character, or
// text.size(). Tests 8 bytes at a time (on little-endian machines), so that the scan over a
// token costs no branch per byte.
std::size_t find_whitespace_candidate(std::string_view text, std::size_t pos) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    constexpr std::uint64_t kLow7Bits = 0x7F7F7F7F7F7F7F7FULL;
    // (byte & 0x7F) + 0x5F reaches 0x80 exactly when (byte & 0x7F) >= 0x21, without carry.
    constexpr std::uint64_t kAdd0x5F = 0x5F5F5F5F5F5F5F5FULL;
    for (; pos + 8 <= text.size(); pos += 8) {
      std::uint64_t block;
      std::memcpy(&block, text.data() + pos, sizeof block);
      const std::uint64_t ascii_above_0x20 = ((block & kLow7Bits) + kAdd0x5F) | block;
      const std::uint64_t ascii_up_to_0x20 = ~ascii_above_0x20 & kHighBits;
      const std::uint64_t lead_bytes = block & (block << 1) & kHighBits;  // bits 7 and 6 set
      const std::uint64_t candidates = ascii_up_to_0x20 | lead_bytes;
      if (candidates != 0) return pos + static_cast<std::size_t>(std::countr_zero(candidates)) / 8;
    }
  }
  while (pos < text.size() && !may_start_whitespace(byte_at(text, pos))) ++pos;
  return pos;
}

// Appends the maximal runs of non-whitespace in `text`.
void append_non_whitespace_runs(std::string_view text, std::vector<std::string_view>& tokens) {
  std::size_t pos = skip_whitespace(text, 0);
  while (pos < text.size()) {
    const std::size_t start = pos;
    while (true) {
      pos = find_whitespace_candidate(text, pos);
      if (pos == text.size() || whitespace_length_at(text, pos) > 0) break;
      ++pos;  // a control character or a lead byte of something else
    }
    tokens.push_back(text.substr(start, pos - start));
    pos = skip_whitespace(text, pos);
  }
}

// Case folding restricted to ASCII is plain lowercasing. Returns `text` itself if it has no
// uppercase letter, otherwise the lowercased copy held in `buffer`.
std::string_view fold_ascii(std::string_view text, std::string& buffer) {
  const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto first_upper = std::find_if(text.begin(), text.end(), is_upper);
  if (first_upper == text.end()) return text;
  buffer.assign(text);
  const auto offset = static_cast<std::size_t>(first_upper - text.begin());
  for (std::size_t pos = offset; pos < buffer.size(); ++pos) {
    if (is_upper(buffer[pos])) buffer[pos] = static_cast<char>(buffer[pos] - 'A' + 'a');
  }
  return buffer;
}

// Length of the markup token (<s>, </s>, <unk>) that `text` has at `pos`, or 0.
std::size_t markup_length_at(std::string_view text, std::size_t pos) {
  constexpr std::array<std::string_view, 3> kMarkupTokens = {"<s>", "</s>", "<unk>"};
  if (text[pos] != '<') return 0;
  const std::string_view rest = text.substr(pos);
  for (const std::string_view markup : kMarkupTokens) {
    if (rest.starts_with(markup)) return markup.size();
  }
  return 0;
}

// Whether `view` lies inside the current contents of `buffer`.
bool points_into(std::string_view view, const std::string& buffer) {
  const std::less_equal<const char*> less_equal;
  const std::less<const char*> less;
  return !view.empty() && less_equal(buffer.data(), view.data()) &&
         less(view.data(), buffer.data() + buffer.size());
}

// ---------------------------------------------------------------------------------------------
// ICU helpers. ICU's segmentation and normalisation APIs take int32_t lengths.

bool fits_icu_length(std::string_view text) {
  return text.size() <= static_cast<std::size_t>(std::numeric_limits<int32_t>::max());
}

icu::StringPiece to_string_piece(std::string_view text) {
  return icu::StringPiece(text.data(), static_cast<int32_t>(text.size()));
}

// Owned by ICU, immutable and thread-safe; nullptr for Normalization::none.
const icu::Normalizer2* normalizer_for(Normalization normalization) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = nullptr;
  switch (normalization) {
    case Normalization::none:
      return nullptr;
    case Normalization::nfc:
      normalizer = icu::Normalizer2::getNFCInstance(status);
      break;
    case Normalization::nfkc:
      normalizer = icu::Normalizer2::getNFKCInstance(status);
      break;
  }
  if (U_FAILURE(status) || normalizer == nullptr) {
    throw std::runtime_error(fmt::format("cannot load ICU normalizer '{}': {}",
                                         normalization_name(normalization), u_errorName(status)));
  }
  return normalizer;
}

enum class BreakKind { word, character, sentence };

// The root locale's rules include ICU's dictionary segmentation for Chinese, Japanese, Thai,
// Lao, Khmer and Burmese.
std::unique_ptr<icu::BreakIterator> create_break_iterator(BreakKind kind) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale& locale = icu::Locale::getRoot();
  std::unique_ptr<icu::BreakIterator> iterator;
  switch (kind) {
    case BreakKind::word:
      iterator.reset(icu::BreakIterator::createWordInstance(locale, status));
      break;
    case BreakKind::character:
      iterator.reset(icu::BreakIterator::createCharacterInstance(locale, status));
      break;
    case BreakKind::sentence:
      iterator.reset(icu::BreakIterator::createSentenceInstance(locale, status));
      break;
  }
  if (U_FAILURE(status) || !iterator) {
    throw std::runtime_error(
        fmt::format("cannot create ICU break iterator: {}", u_errorName(status)));
  }
  return iterator;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct Tokenizer::Impl {
  explicit Impl(const TokenizerOptions& options);
  ~Impl() { utext_close(&utext); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  std::span<const std::string_view> tokenize(std::string_view line);
  std::span<const std::string_view> split_sentences(std::string_view line);
  std::string_view prepare(std::string_view text);

 private:
  // Tokens of `text` (prepared) without the user dictionary.
  void append_tokens(std::string_view text, bool ascii);
  // The text entries of the user dictionary found leftmost-longest, the text between them split
  // by append_tokens().
  void append_tokens_around_text_entries(std::string_view text);
  // Runs of tokens that are token entries of the user dictionary replaced by the entries.
  void join_token_entries();
  std::string_view normalize(std::string_view text, std::string& buffer) const;
  static std::string_view fold_case(std::string_view text, std::string& buffer);
  bool set_text(icu::BreakIterator& iterator, std::string_view text);
  void append_segment_tokens(std::string_view text);
  void append_character_tokens(std::string_view text, bool ascii);

  TokenizerMode mode;
  bool lower;
  const icu::Normalizer2* normalizer;
  std::shared_ptr<const UserDictionary> dictionary;  // null: none
  std::unique_ptr<icu::BreakIterator> segment_iterator;  // word or character; unused in space mode
  std::unique_ptr<icu::BreakIterator> sentence_iterator;
  UText utext = UTEXT_INITIALIZER;  // reopened over each text; the iterators keep shallow clones

  // tokenize(): the prepared text that token views may point into, and the tokens.
  std::string token_input_copy;
  std::string token_normalized;
  std::string token_folded;
  std::vector<std::string_view> tokens;

  // prepare()'s own buffers.
  std::string prepare_input_copy;
  std::string prepare_normalized;
  std::string prepare_folded;

  // split_sentences() has its own buffers so that tokenize() leaves its results valid.
  std::string sentence_input_copy;
  std::string sentence_normalized;
  std::vector<std::string_view> sentences;
};

Tokenizer::Impl::Impl(const TokenizerOptions& options)
    : mode(options.mode),
      lower(options.lower),
      normalizer(normalizer_for(options.normalize)),
      dictionary(options.user_dictionary),
      sentence_iterator(create_break_iterator(BreakKind::sentence)) {
  if (mode == TokenizerMode::word) segment_iterator = create_break_iterator(BreakKind::word);
  if (mode == TokenizerMode::character) {
    segment_iterator = create_break_iterator(BreakKind::character);
  }
}

std::string_view Tokenizer::Impl::normalize(std::string_view text, std::string& buffer) const {
  if (normalizer == nullptr || !fits_icu_length(text)) return text;
  const icu::StringPiece piece = to_string_piece(text);
  UErrorCode status = U_ZERO_ERROR;
  if (normalizer->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return text;
  buffer.clear();
  icu::StringByteSink<std::string> sink(&buffer, piece.length());
  status = U_ZERO_ERROR;
  normalizer->normalizeUTF8(0, piece, sink, nullptr, status);
  return U_SUCCESS(status) ? std::string_view(buffer) : text;
}

std::string_view Tokenizer::Impl::fold_case(std::string_view text, std::string& buffer) {
  if (!fits_icu_length(text)) return text;
  const icu::StringPiece piece = to_string_piece(text);
  buffer.clear();
  icu::StringByteSink<std::string> sink(&buffer, piece.length());
  UErrorCode status = U_ZERO_ERROR;
  icu::CaseMap::utf8Fold(U_FOLD_CASE_DEFAULT, piece, sink, nullptr, status);
  return U_SUCCESS(status) ? std::string_view(buffer) : text;
}

bool Tokenizer::Impl::set_text(icu::BreakIterator& iterator, std::string_view text) {
  if (!fits_icu_length(text)) return false;
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
  iterator.setText(&utext, status);
  return U_SUCCESS(status);
}

std::span<const std::string_view> Tokenizer::Impl::tokenize(std::string_view line) {
  tokens.clear();
  // A line that is a view of an earlier result must survive the buffers being rewritten.
  if (points_into(line, token_normalized) || points_into(line, token_folded)) {
    token_input_copy.assign(line);
    line = token_input_copy;
  }

  // NFC and NFKC are the identity on ASCII, and ASCII case folding is lowercasing.
  const bool ascii = is_ascii(line);
  std::string_view text = ascii ? line : normalize(line, token_normalized);
  if (lower) text = ascii ? fold_ascii(text, token_folded) : fold_case(text, token_folded);

  // A text entry has a character of a script written without spaces: an ASCII line has none.
  if (dictionary && dictionary->text_entries() > 0 && !ascii) {
    append_tokens_around_text_entries(text);
  } else {
    append_tokens(text, ascii);
  }
  if (dictionary && dictionary->token_entries() > 0) join_token_entries();
  return tokens;
}

std::string_view Tokenizer::Impl::prepare(std::string_view text) {
  if (points_into(text, prepare_normalized) || points_into(text, prepare_folded)) {
    prepare_input_copy.assign(text);
    text = prepare_input_copy;
  }
  const bool ascii = is_ascii(text);
  if (!ascii) text = normalize(text, prepare_normalized);
  if (lower) text = ascii ? fold_ascii(text, prepare_folded) : fold_case(text, prepare_folded);
  return text;
}

void Tokenizer::Impl::append_tokens(std::string_view text, bool ascii) {
  switch (mode) {
    case TokenizerMode::word:
      append_segment_tokens(text);
      break;
    case TokenizerMode::character:
      append_character_tokens(text, ascii);
      break;
    case TokenizerMode::space:
      append_non_whitespace_runs(text, tokens);
      break;
  }
}

void Tokenizer::Impl::append_tokens_around_text_entries(std::string_view text) {
  std::size_t gap = 0;  // where the text not yet tokenized starts
  std::size_t pos = 0;
  while (pos + 1 < text.size()) {
    const unsigned lead = byte_at(text, pos);
    // An entry that starts with a Latin letter or a digit ("T恤", "2024年") starts a word: not
    // inside "AT恤" or "12024年".
    const bool inside_ascii_word = lead < 0x80 && pos > 0 && std::isalnum(static_cast<int>(byte_at(text, pos - 1))) != 0;
    if (!inside_ascii_word &&
        dictionary->may_start_text(static_cast<unsigned char>(lead), static_cast<unsigned char>(text[pos + 1]))) {
      const std::size_t length = dictionary->longest_match(text.substr(pos));
      if (length > 0) {
        if (pos > gap) append_tokens(text.substr(gap, pos - gap), is_ascii(text.substr(gap, pos - gap)));
        tokens.push_back(text.substr(pos, length));
        pos += length;
        gap = pos;
        continue;
      }
    }
    pos += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  }
  if (gap < text.size()) append_tokens(text.substr(gap), is_ascii(text.substr(gap)));
}

void Tokenizer::Impl::join_token_entries() {
  const std::span<const std::string_view> all(tokens);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < tokens.size();) {
    if (dictionary->may_start_tokens(tokens[i])) {
      const UserDictionary::TokenMatch match = dictionary->longest_token_match(all.subspan(i));
      if (match.tokens > 0) {
        tokens[kept++] = match.word;
        i += match.tokens;
        continue;
      }
    }
    tokens[kept++] = tokens[i++];
  }
  tokens.resize(kept);
}

// Each segment of the ICU iterator (words, or grapheme clusters in char mode) becomes a token
// after splitting off whitespace (so whitespace-only segments vanish and no token contains
// whitespace). The markup tokens, which ICU would split into '<', 'unk', '>', are kept whole.
void Tokenizer::Impl::append_segment_tokens(std::string_view text) {
  if (text.empty()) return;
  if (!set_text(*segment_iterator, text)) {
    append_non_whitespace_runs(text, tokens);
    return;
  }
  std::size_t start = 0;
  for (int32_t boundary = segment_iterator->next(); boundary != icu::BreakIterator::DONE;
       boundary = segment_iterator->next()) {
    const std::size_t end = std::min(static_cast<std::size_t>(boundary), text.size());
    if (end <= start) continue;  // inside a markup token already emitted
    const std::size_t markup_length = markup_length_at(text, start);
    if (markup_length > 0) {
      tokens.push_back(text.substr(start, markup_length));
      start += markup_length;
      if (end <= start) continue;
    }
    append_non_whitespace_runs(text.substr(start, end - start), tokens);
    start = end;
  }
}

// One token per extended grapheme cluster, except the markup tokens, kept whole. In ASCII every
// byte is its own cluster (apart from CR LF, which is whitespace anyway).
void Tokenizer::Impl::append_character_tokens(std::string_view text, bool ascii) {
  if (ascii) {
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
      if (is_ascii_whitespace(byte_at(text, pos))) continue;
      const std::size_t markup_length = text[pos] == '<' ? markup_length_at(text, pos) : 0;
      if (markup_length > 0) {
        tokens.push_back(text.substr(pos, markup_length));
        pos += markup_length - 1;
        continue;
      }
      tokens.push_back(text.substr(pos, 1));
    }
    return;
  }
  append_segment_tokens(text);
}

// Sentences are found in the normalised but not case-folded text: capitalisation helps ICU
// tell sentence ends from abbreviations. tokenize() folds case later.
std::span<const std::string_view> Tokenizer::Impl::split_sentences(std::string_view line) {
  sentences.clear();
  if (points_into(line, sentence_normalized)) {
    sentence_input_copy.assign(line);
    line = sentence_input_copy;
  }
  const std::string_view text = is_ascii(line) ? line : normalize(line, sentence_normalized);
  if (text.empty()) return sentences;
  if (!set_text(*sentence_iterator, text)) {
    const std::string_view sentence = trim_whitespace(text);
    if (!sentence.empty()) sentences.push_back(sentence);
    return sentences;
  }
  std::size_t start = 0;
  for (int32_t boundary = sentence_iterator->next(); boundary != icu::BreakIterator::DONE;
       boundary = sentence_iterator->next()) {
    const std::size_t end = std::min(static_cast<std::size_t>(boundary), text.size());
    if (end <= start) continue;
    const std::string_view sentence = trim_whitespace(text.substr(start, end - start));
    if (!sentence.empty()) sentences.push_back(sentence);
    start = end;
  }
  return sentences;
}

// ---------------------------------------------------------------------------------------------

Tokenizer::Tokenizer(TokenizerOptions options)
    : options_(options), impl_(std::make_unique<Impl>(options)) {}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

std::span<const std::string_view> Tokenizer::tokenize(std::string_view line) {
  return impl_->tokenize(line);
}

std::span<const std::string_view> Tokenizer::split_sentences(std::string_view line) {
  return impl_->split_sentences(line);
}

std::string_view Tokenizer::prepare(std::string_view text) { return impl_->prepare(text); }

// ---------------------------------------------------------------------------------------------
// Names and descriptions.

namespace {

// A value's name in its option: the name functions and the parsers read the same table.
template <typename Enum>
struct Named {
  Enum value;
  std::string_view name;
};

// In the order the parse errors list them.
constexpr Named<TokenizerMode> kModeNames[] = {
    {TokenizerMode::word, "word"}, {TokenizerMode::character, "char"}, {TokenizerMode::space, "space"}};
constexpr Named<Normalization> kNormalizationNames[] = {
    {Normalization::nfkc, "nfkc"}, {Normalization::nfc, "nfc"}, {Normalization::none, "none"}};

template <typename Enum, std::size_t N>
std::string_view name_in(const Named<Enum> (&table)[N], Enum value) {
  for (const Named<Enum>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "unknown";
}

// The value called `name`; otherwise an error listing the table's names ("unknown tokenizer 'x'
// (expected word, char or space)").
template <typename Enum, std::size_t N>
Result<Enum> parse_name_in(const Named<Enum> (&table)[N], std::string_view option, std::string_view name) {
  for (const Named<Enum>& entry : table) {
    if (entry.name == name) return entry.value;
  }
  std::string expected(table[0].name);
  for (std::size_t index = 1; index < N; ++index) {
    expected += index + 1 < N ? ", " : " or ";
    expected += table[index].name;
  }
  return Status::error(fmt::format("unknown {} '{}' (expected {})", option, name, expected));
}

}  // namespace

std::string_view mode_name(TokenizerMode mode) { return name_in(kModeNames, mode); }

std::string_view normalization_name(Normalization normalization) {
  return name_in(kNormalizationNames, normalization);
}

Result<TokenizerMode> parse_mode(std::string_view name) { return parse_name_in(kModeNames, "tokenizer", name); }

Result<Normalization> parse_normalization(std::string_view name) {
  return parse_name_in(kNormalizationNames, "normalization", name);
}

namespace {

// Paths in a description: bytes that would end the field or the list written as %XX.
std::string encode_paths(const std::vector<std::string>& paths) {
  std::string encoded;
  for (const std::string& path : paths) {
    if (!encoded.empty()) encoded.push_back(',');
    const bool utf8 = !find_invalid_utf8(path).has_value();  // headers are UTF-8 text
    for (const char c : path) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte <= 0x20 || byte == 0x7F || c == '%' || c == ',' || c == '=' || (byte >= 0x80 && !utf8)) {
        encoded += fmt::format("%{:02X}", byte);
      } else {
        encoded.push_back(c);
      }
    }
  }
  return encoded;
}

Result<std::vector<std::string>> decode_paths(std::string_view encoded) {
  std::vector<std::string> paths(1);
  for (std::size_t pos = 0; pos < encoded.size(); ++pos) {
    const char c = encoded[pos];
    if (c == ',') {
      paths.emplace_back();
    } else if (c == '%') {
      unsigned byte = 0;
      const char* first = encoded.data() + pos + 1;
      const char* last = encoded.data() + std::min(encoded.size(), pos + 3);
      auto [end, error] = std::from_chars(first, last, byte, 16);
      if (error != std::errc() || end != first + 2) {
        return Status::error(fmt::format("malformed user_dict_path '{}'", encoded));
      }
      paths.back().push_back(static_cast<char>(byte));
      pos += 2;
    } else {
      paths.back().push_back(c);
    }
  }
  return paths;
}

}  // namespace

std::string TokenizerOptions::describe() const {
  std::string description = fmt::format("tokenizer={} lower={} normalize={}", mode_name(mode), lower ? 1 : 0,
                                        normalization_name(normalize));
  if (user_dict_checksum != 0) {
    description += fmt::format(" user_dict={:016x} user_dict_path={}", user_dict_checksum, encode_paths(user_dict_paths));
  }
  return description;
}

bool TokenizerOptions::operator==(const TokenizerOptions& other) const {
  return mode == other.mode && lower == other.lower && normalize == other.normalize &&
         user_dict_checksum == other.user_dict_checksum;
}

Status load_user_dictionary(TokenizerOptions& options, const std::vector<std::string>& paths) {
  TokenizerOptions plain = options;
  plain.user_dictionary.reset();
  auto dictionary = UserDictionary::load(paths, plain);
  if (!dictionary) return dictionary.status();
  options.user_dict_checksum = dictionary->checksum();
  // Absolute, so that a model read from another directory finds its dictionary again.
  options.user_dict_paths.clear();
  for (const std::string& path : paths) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(path, error);
    options.user_dict_paths.push_back(error ? path : absolute.lexically_normal().string());
  }
  options.user_dictionary = std::make_shared<const UserDictionary>(std::move(*dictionary));
  return Status::ok();
}

std::string describe_user_dictionary(const TokenizerOptions& options) {
  if (options.user_dict_checksum == 0) return "no user dictionary";
  std::string paths;
  for (const std::string& path : options.user_dict_paths) paths += (paths.empty() ? "" : ", ") + path;
  return fmt::format("user dictionary {} (checksum {:016x})", paths, options.user_dict_checksum);
}

namespace {

Status apply_option(std::string_view key, std::string_view value, TokenizerOptions& options) {
  if (key == "tokenizer") {
    Result<TokenizerMode> mode = parse_mode(value);
    if (!mode) return mode.status();
    options.mode = *mode;
  } else if (key == "lower") {
    if (value != "0" && value != "1") {
      return Status::error(fmt::format("invalid lower '{}' (expected 0 or 1)", value));
    }
    options.lower = value == "1";
  } else if (key == "normalize") {
    Result<Normalization> normalization = parse_normalization(value);
    if (!normalization) return normalization.status();
    options.normalize = *normalization;
  } else if (key == "user_dict") {
    std::uint64_t checksum = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), checksum, 16);
    if (error != std::errc() || end != value.data() + value.size() || value.size() != 16 || checksum == 0) {
      return Status::error(fmt::format("invalid user_dict '{}' (expected 16 hexadecimal digits)", value));
    }
    options.user_dict_checksum = checksum;
  } else if (key == "user_dict_path") {
    auto paths = decode_paths(value);
    if (!paths) return paths.status();
    options.user_dict_paths = std::move(*paths);
  } else {
    return Status::error(fmt::format(
        "unknown tokenizer option '{}' (expected tokenizer, lower, normalize, user_dict or user_dict_path)", key));
  }
  return Status::ok();
}

}  // namespace

// Keys left out keep their defaults; a key given twice is an error.
Result<TokenizerOptions> TokenizerOptions::parse(std::string_view description) {
  TokenizerOptions options;
  std::vector<std::string_view> seen_keys;
  std::size_t pos = 0;
  while (true) {
    const std::size_t space = description.find(' ', pos);
    const std::string_view field = description.substr(pos, space - pos);
    const std::size_t equals = field.find('=');
    if (equals == std::string_view::npos) {
      return Status::error(fmt::format(
          "malformed tokenizer description '{}' (expected key=value fields separated by single "
          "spaces)",
          description));
    }
    const std::string_view key = field.substr(0, equals);
    if (std::find(seen_keys.begin(), seen_keys.end(), key) != seen_keys.end()) {
      return Status::error(
          fmt::format("tokenizer option '{}' given twice in '{}'", key, description));
    }
    seen_keys.push_back(key);
    GRAMVEC_TRY(apply_option(key, field.substr(equals + 1), options));
    if (space == std::string_view::npos) break;
    pos = space + 1;
  }
  const bool has_checksum = std::find(seen_keys.begin(), seen_keys.end(), "user_dict") != seen_keys.end();
  const bool has_paths = std::find(seen_keys.begin(), seen_keys.end(), "user_dict_path") != seen_keys.end();
  if (has_checksum != has_paths) {
    return Status::error(fmt::format("'{}' has one of user_dict and user_dict_path without the other", description));
  }
  return options;
}

}  // namespace gramvec::text
