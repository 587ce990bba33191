#include "gramvec/text/user_dictionary.hpp"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <memory>
#include <utility>
#include <charconv>
#include <fstream>

#include "gramvec/text/tokenizer.hpp"
#include "gramvec/text/utf8.hpp"
#include "text/scripts.hpp"
#include "util/checksum.hpp"

namespace gramvec::text {

namespace {

// A longer word is a line that is not a dictionary entry (jieba's own longest is far shorter).
constexpr std::size_t kMaxWordBytes = 1000;
constexpr std::uint64_t kTextSeed = 0xCBF29CE484222325ULL;   // FNV-1a's offset basis
constexpr std::uint64_t kTokenSeed = 0x84222325CBF29CE4ULL;  // another, so the kinds never meet

std::uint64_t extend(std::uint64_t hash, std::string_view bytes) {
  for (unsigned char byte : bytes) hash = (hash ^ byte) * 0x100000001B3ULL;
  return hash;
}

// The table's key: mixed (FNV's low bits are weak) and never 0, which marks an empty slot.
std::uint64_t key_of(std::uint64_t hash) {
  hash ^= hash >> 33;
  hash *= 0xFF51AFD7ED558CCDULL;
  hash ^= hash >> 33;
  return hash | 1;
}

// The bytes of the UTF-8 character at `position` of valid text.
std::size_t character_length(std::string_view text, std::size_t position) {
  const auto lead = static_cast<unsigned char>(text[position]);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return std::min(length, text.size() - position);
}

struct WordKind {
  bool without_spaces = false;  // has a character of a script written without spaces
  bool whitespace = false;      // has a White_Space character
  bool starts_with_extender = false;
};

// Whether the character is one that extends a grapheme cluster (a combining mark, a spacing
// mark, a zero-width joiner): it never starts a word.
bool extends_grapheme(UChar32 c) {
  switch (u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK)) {
    case U_GCB_EXTEND:
    case U_GCB_SPACING_MARK:
    case U_GCB_ZWJ:
      return true;
    default:
      return false;
  }
}

WordKind kind_of(std::string_view word) {
  WordKind kind;
  const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
  const auto length = static_cast<int32_t>(word.size());
  for (int32_t offset = 0; offset < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0) continue;
    // CJK Unified Ideographs (and Extension A), most of a Chinese dictionary: no ICU lookup.
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) {
      kind.without_spaces = true;
      continue;
    }
    if (offset == U8_LENGTH(c) && c >= 0x80 && extends_grapheme(c)) kind.starts_with_extender = true;
    if (c >= 0x80 && written_without_spaces(c)) kind.without_spaces = true;
    if (u_isUWhiteSpace(c)) kind.whitespace = true;
  }
  return kind;
}

}  // namespace

// Whether the character at `position` of valid text extends the grapheme cluster before it.
bool UserDictionary::extends_grapheme_at(std::string_view text, std::size_t position) {
  if (position >= text.size() || static_cast<unsigned char>(text[position]) < 0x80) return false;
  int32_t offset = 0;
  UChar32 c = 0;
  const std::string_view rest = text.substr(position, 4);
  U8_NEXT(reinterpret_cast<const uint8_t*>(rest.data()), offset, static_cast<int32_t>(rest.size()), c);
  return c >= 0 && extends_grapheme(c);
}

namespace {

// The fields of a line, split at spaces and tabs: at most four (a fourth is an error).
struct Fields {
  std::array<std::string_view, 4> field;
  std::size_t size = 0;
};

Fields fields_of(std::string_view line) {
  Fields fields;
  std::size_t position = 0;
  while (position < line.size() && fields.size < fields.field.size()) {
    while (position < line.size() && (line[position] == ' ' || line[position] == '\t')) ++position;
    std::size_t end = position;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    if (end > position) fields.field[fields.size++] = line.substr(position, end - position);
    position = end;
  }
  return fields;
}

}  // namespace

void UserDictionary::grow_to(std::size_t size) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(size, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.key == 0) continue;
    std::size_t at = slot.key & mask;
    while (slots_[at].key != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

void UserDictionary::grow() { grow_to(std::max<std::size_t>(64, slots_.size() * 2)); }

void UserDictionary::reserve(std::size_t lines) {
  // Words share their first characters: about 1.5 distinct prefixes a word (jieba's dictionary:
  // 498,113 for 349,046 words), the table at most half full.
  std::size_t wanted = 64;
  while (wanted < (used_ + lines * 3 / 2) * 2) wanted *= 2;
  if (wanted > slots_.size()) grow_to(wanted);
}

const UserDictionary::Slot* UserDictionary::find(std::uint64_t key) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = key & mask; slots_[at].key != 0; at = (at + 1) & mask) {
    if (slots_[at].key == key) return &slots_[at];
  }
  return nullptr;
}

void UserDictionary::insert(std::span<const std::uint64_t> prefix_keys, std::uint32_t entry) {
  for (std::size_t i = 0; i < prefix_keys.size(); ++i) {
    if ((used_ + 1) * 2 > slots_.size()) grow();  // at most half full
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = prefix_keys[i] & mask;
    while (slots_[at].key != 0 && slots_[at].key != prefix_keys[i]) at = (at + 1) & mask;
    if (slots_[at].key == 0) {
      slots_[at].key = prefix_keys[i];
      ++used_;
    }
    if (i + 1 == prefix_keys.size() && slots_[at].entry == 0) slots_[at].entry = entry;
  }
}

Status UserDictionary::add_text(std::string_view text, const std::string& name, Tokenizer& tokenizer,
                                Loading& loading) {
  std::size_t line_number = 0;
  std::vector<std::uint64_t> keys;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    auto error = [&](const std::string& what) {
      return Status::error(fmt::format("{}:{}: {}", name, line_number, what));
    };
    if (auto bad = find_invalid_utf8(line)) return error(fmt::format("invalid UTF-8 at byte {}", *bad + 1));
    const Fields line_fields = fields_of(line);
    const auto& fields = line_fields.field;
    if (line_fields.size == 0 || fields[0].starts_with('#')) continue;
    if (line_fields.size > 3) return error("more than three fields (word [count] [tag])");
    const std::string_view word = fields[0];
    // As jieba reads it: `word count tag`, `word count` or `word tag` (a tag starts with no digit
    // or sign); the tag may be anything (`phrases learn` writes its score there).
    const bool has_count = line_fields.size == 3 || (line_fields.size == 2 && (std::isdigit(static_cast<unsigned char>(fields[1][0])) != 0 ||
                                                                         fields[1][0] == '-' || fields[1][0] == '+'));
    if (has_count) {
      std::uint64_t count = 0;
      auto [end_of_number, failed] = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), count);
      if (failed != std::errc() || end_of_number != fields[1].data() + fields[1].size()) {
        return error(fmt::format("'{}' is not a count (a whole number)", printable_excerpt(fields[1])));
      }
    }
    const std::string_view prepared = tokenizer.prepare(word);  // valid until the next call
    // Checked as normalised: NFKC can lengthen a word, and turns some characters into spaces
    // (U+00A8 into U+0020 U+0308).
    if (std::max(word.size(), prepared.size()) > kMaxWordBytes) {
      return error(fmt::format("the word is {} bytes long{} (at most {})", std::max(word.size(), prepared.size()),
                               prepared.size() > word.size() ? " once normalised" : "", kMaxWordBytes));
    }
    const WordKind kind = kind_of(prepared);
    if (kind.whitespace) return error(fmt::format("'{}' holds a space character", printable_excerpt(word)));
    for (std::string_view markup : {"<s>", "</s>", "<unk>"}) {
      if (prepared.find(markup) != std::string_view::npos) {
        return error(fmt::format("'{}' holds the markup token {}", printable_excerpt(word), markup));
      }
    }
    ++words_;
    loading.sorted.push_back(util::Checksum::of(word));

    if (kind.without_spaces && prepared.find('_') == std::string_view::npos) {
      if (kind.starts_with_extender) {
        return error(fmt::format("'{}' starts with a combining mark", printable_excerpt(word)));
      }
      if (prepared.size() < 2) continue;  // a lone character that normalised to one byte
      keys.clear();
      std::uint64_t hash = kTextSeed;
      for (std::size_t position = 0; position < prepared.size();) {
        const std::size_t length = character_length(prepared, position);
        hash = extend(hash, prepared.substr(position, length));
        keys.push_back(key_of(hash));
        position += length;
      }
      const Slot* existing = find(keys.back());
      if (existing != nullptr && existing->entry != 0 && !entries_[existing->entry - 1].tokens) continue;
      add_entry(prepared, {}, false, keys);
    } else {
      // Split once every text entry is known: at run time they apply first (add_phrases()).
      loading.phrases.emplace_back(prepared);
    }
  }
  return Status::ok();
}

void UserDictionary::add_entry(std::string_view key, std::string_view word, bool tokens,
                               std::span<const std::uint64_t> prefix_keys) {
  Entry entry;
  entry.tokens = tokens;
  entry.key_at = static_cast<std::uint32_t>(arena_.size());
  entry.key_size = static_cast<std::uint16_t>(key.size());
  arena_.append(key);
  entry.word_at = entry.key_at;
  entry.word_size = entry.key_size;
  if (tokens) {
    entry.word_at = static_cast<std::uint32_t>(arena_.size());
    entry.word_size = static_cast<std::uint16_t>(word.size());
    arena_.append(word);
    const unsigned bit = token_filter_bit(key.substr(0, key.find('\0')));
    token_starts_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    ++token_entries_;
  } else {
    const unsigned bit = (static_cast<unsigned>(static_cast<unsigned char>(key[0])) << 8) |
                         static_cast<unsigned char>(key[1]);
    text_starts_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    ++text_entries_;
  }
  entries_.push_back(entry);
  insert(prefix_keys, static_cast<std::uint32_t>(entries_.size()));
}

// Token entries: "new_york" is the tokens of "new york" as the tokenizer makes them with the text
// entries (a word the tokenizer keeps whole needs no entry). Of words with the same tokens, the
// smallest wins, whatever the order of the lines, so the checksum of the words decides the tokens.
void UserDictionary::add_phrases(const TokenizerOptions& options, Loading& loading) {
  if (loading.phrases.empty()) return;
  TokenizerOptions with_text_entries = options;
  // Not owned: the tokenizer lives in this call, and only token entries are added meanwhile,
  // after all the splitting.
  with_text_entries.user_dictionary =
      text_entries_ > 0 ? std::shared_ptr<const UserDictionary>(std::shared_ptr<void>(), this) : nullptr;
  Tokenizer tokenizer(with_text_entries);
  std::vector<Phrase> split;
  std::string spaced;
  for (std::string& word : loading.phrases) {
    spaced = word;
    std::replace(spaced.begin(), spaced.end(), '_', ' ');
    const auto tokens = tokenizer.tokenize(spaced);
    if (tokens.size() < 2) continue;
    Phrase phrase;
    phrase.word = std::move(word);
    std::uint64_t hash = kTokenSeed;
    for (std::string_view token : tokens) {
      hash = extend(extend(hash, token), std::string_view("\0", 1));
      phrase.prefix_keys.push_back(key_of(hash));
      phrase.key.append(token);
      phrase.key.push_back('\0');
    }
    split.push_back(std::move(phrase));
  }
  loading.phrases.clear();
  for (Phrase& phrase : split) {
    const Slot* existing = find(phrase.prefix_keys.back());
    if (existing != nullptr && existing->entry != 0) {
      Entry& other = entries_[existing->entry - 1];
      if (other.tokens && key_bytes(other) == phrase.key) {
        if (phrase.word < word_of(other)) {
          other.word_at = static_cast<std::uint32_t>(arena_.size());
          other.word_size = static_cast<std::uint16_t>(phrase.word.size());
          arena_.append(phrase.word);
        }
        continue;
      }
    }
    add_entry(phrase.key, phrase.word, true, phrase.prefix_keys);
  }
}

// The checksum of the words' own checksums, sorted and each once: the same words give the same
// checksum in any order (sorting numbers, not strings, keeps loading fast).
void UserDictionary::finish(const TokenizerOptions& options, Loading& loading) {
  add_phrases(options, loading);
  std::vector<std::uint64_t>& sorted = loading.sorted;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  util::Checksum checksum;
  for (const std::uint64_t word : sorted) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((word >> (8 * i)) & 0xFF);
    checksum.update(std::string_view(bytes, 8));
  }
  checksum_ = checksum.value();
}

Result<UserDictionary> UserDictionary::parse(std::string_view text, const std::string& name,
                                             const TokenizerOptions& options) {
  TokenizerOptions plain = options;
  plain.user_dictionary.reset();
  Tokenizer tokenizer(plain);
  UserDictionary dictionary;
  Loading loading;
  GRAMVEC_TRY(dictionary.add_text(text, name, tokenizer, loading));
  dictionary.finish(plain, loading);
  return dictionary;
}

Result<UserDictionary> UserDictionary::load(std::span<const std::string> paths, const TokenizerOptions& options) {
  TokenizerOptions plain = options;
  plain.user_dictionary.reset();
  Tokenizer tokenizer(plain);
  UserDictionary dictionary;
  Loading loading;
  std::string text;
  for (const auto& path : paths) {
    if (path == "-") return Status::error("a user dictionary cannot be read from stdin ('-'): give a file");
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      return Status::error(fmt::format("{}: is a directory, not a user dictionary", path));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::error(fmt::format("{}: cannot open the user dictionary", path));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    text.resize(size > 0 ? static_cast<std::size_t>(size) : 0);
    if (size < 0 || !in.read(text.data(), size)) {
      return Status::error(fmt::format("{}: cannot read the user dictionary", path));
    }
    dictionary.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    const std::size_t before = dictionary.words_;
    GRAMVEC_TRY(dictionary.add_text(text, path, tokenizer, loading));
    if (dictionary.words_ == before) return Status::error(fmt::format("{}: the user dictionary has no word", path));
  }
  dictionary.finish(plain, loading);
  return dictionary;
}

// A match must end where a grapheme cluster does: not before a combining mark (Thai tone marks,
// Devanagari vowel signs) or a joiner, which belong to the character before them.
std::size_t UserDictionary::longest_match(std::string_view text) const {
  if (text_entries_ == 0) return 0;
  std::size_t longest = 0;
  std::uint64_t hash = kTextSeed;
  for (std::size_t position = 0; position < text.size() && position < kMaxWordBytes;) {
    const std::size_t length = character_length(text, position);
    hash = extend(hash, text.substr(position, length));
    position += length;
    const Slot* slot = find(key_of(hash));
    if (slot == nullptr) break;
    if (slot->entry != 0) {
      const Entry& entry = entries_[slot->entry - 1];
      if (!entry.tokens && key_bytes(entry) == text.substr(0, position) && !extends_grapheme_at(text, position)) {
        longest = position;
      }
    }
  }
  return longest;
}

namespace {

// Whether `key` (tokens each followed by NUL) is exactly `tokens`.
bool same_tokens(std::string_view key, std::span<const std::string_view> tokens) {
  for (std::string_view token : tokens) {
    if (key.size() <= token.size() || key.compare(0, token.size(), token) != 0 || key[token.size()] != '\0') {
      return false;
    }
    key.remove_prefix(token.size() + 1);
  }
  return key.empty();
}

}  // namespace

UserDictionary::TokenMatch UserDictionary::longest_token_match(std::span<const std::string_view> tokens) const {
  TokenMatch match;
  if (token_entries_ == 0) return match;
  std::uint64_t hash = kTokenSeed;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    hash = extend(extend(hash, tokens[i]), std::string_view("\0", 1));
    const Slot* slot = find(key_of(hash));
    if (slot == nullptr) break;
    if (slot->entry == 0) continue;
    const Entry& entry = entries_[slot->entry - 1];
    if (entry.tokens && same_tokens(key_bytes(entry), tokens.first(i + 1))) match = {i + 1, word_of(entry)};
  }
  return match;
}

}  // namespace gramvec::text
