#include "gramvec/text/user_dictionary.hpp"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>

#include "gramvec/text/utf8.hpp"
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

// Scripts written without spaces between words: their entries are matched in the text itself.
bool written_without_spaces(std::string_view word) {
  int32_t offset = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(word.data()), offset, static_cast<int32_t>(word.size()), c);
  if (c < 0) return false;
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_TIBETAN:
      return true;
    default:
      return false;
  }
}

// The fields of a line, split at spaces and tabs.
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t position = 0;
  while (position < line.size()) {
    while (position < line.size() && (line[position] == ' ' || line[position] == '\t')) ++position;
    std::size_t end = position;
    while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
    if (end > position) fields.push_back(line.substr(position, end - position));
    position = end;
  }
  return fields;
}

}  // namespace

void UserDictionary::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.key == 0) continue;
    std::size_t at = slot.key & mask;
    while (slots_[at].key != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
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

Status UserDictionary::add_text(std::string_view text, const std::string& name, std::vector<std::string>& sorted) {
  UserDictionary& dictionary = *this;
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
    auto fields = fields_of(line);
    if (fields.empty() || fields[0].starts_with('#')) continue;
    if (fields.size() > 3) return error("more than three fields (word [count] [tag])");
    std::string_view word = fields[0];
    if (word.size() > kMaxWordBytes) {
      return error(fmt::format("the word is {} bytes long (at most {})", word.size(), kMaxWordBytes));
    }
    if (fields.size() >= 2) {
      std::uint64_t count = 0;
      auto [end_of_number, failed] = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), count);
      if (failed != std::errc() || end_of_number != fields[1].data() + fields[1].size()) {
        return error(fmt::format("'{}' is not a count (a whole number)", printable_excerpt(fields[1])));
      }
    }
    // "new_york": tokens; "_", "a_" or "_a" have no two tokens and are words as written.
    std::vector<std::string_view> tokens;
    for (std::size_t from = 0; from <= word.size();) {
      std::size_t underscore = std::min(word.find('_', from), word.size());
      tokens.push_back(word.substr(from, underscore - from));
      from = underscore + 1;
    }
    const bool token_entry =
        tokens.size() >= 2 && std::ranges::none_of(tokens, [](std::string_view t) { return t.empty(); });
    keys.clear();
    std::string stored;
    if (token_entry) {
      std::uint64_t hash = kTokenSeed;
      for (std::string_view token : tokens) {
        hash = extend(extend(hash, token), std::string_view("\0", 1));
        keys.push_back(key_of(hash));
        stored.append(token);
        stored.push_back('\0');
      }
    } else if (written_without_spaces(word)) {
      std::uint64_t hash = kTextSeed;
      for (std::size_t position = 0; position < word.size();) {
        std::size_t length = character_length(word, position);
        hash = extend(hash, word.substr(position, length));
        keys.push_back(key_of(hash));
        position += length;
      }
      stored = std::string(word);
    } else {
      // A single word of a script written with spaces: the tokenizer keeps it whole already.
      sorted.emplace_back(word);
      continue;
    }
    const Slot* existing = dictionary.find(keys.back());
    if (existing != nullptr && existing->entry != 0 && dictionary.entries_[existing->entry - 1] == stored) continue;
    dictionary.entries_.push_back(stored);
    dictionary.is_token_entry_.push_back(token_entry ? 1 : 0);
    (token_entry ? dictionary.token_entries_ : dictionary.text_entries_)++;
    dictionary.insert(keys, static_cast<std::uint32_t>(dictionary.entries_.size()));
    sorted.emplace_back(word);
  }
  return Status::ok();
}

void UserDictionary::finish(std::vector<std::string>& sorted) {
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  util::Checksum checksum;
  for (const auto& word : sorted) {
    checksum.update(word);
    checksum.update("\n");
  }
  checksum_ = checksum.value();
}

Result<UserDictionary> UserDictionary::parse(std::string_view text, const std::string& name) {
  UserDictionary dictionary;
  std::vector<std::string> sorted;  // for the checksum
  GRAMVEC_TRY(dictionary.add_text(text, name, sorted));
  dictionary.finish(sorted);
  return dictionary;
}

Result<UserDictionary> UserDictionary::load(std::span<const std::string> paths) {
  UserDictionary dictionary;
  std::vector<std::string> sorted;
  std::string text;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::error(fmt::format("{}: cannot open the user dictionary", path));
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const std::size_t before = sorted.size();
    GRAMVEC_TRY(dictionary.add_text(text, path, sorted));
    if (sorted.size() == before) return Status::error(fmt::format("{}: the user dictionary has no entry", path));
  }
  dictionary.finish(sorted);
  return dictionary;
}

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
    if (slot->entry != 0 && !is_token_entry_[slot->entry - 1] && entries_[slot->entry - 1] == text.substr(0, position)) {
      longest = position;
    }
  }
  return longest;
}

std::size_t UserDictionary::longest_token_match(std::span<const std::string_view> tokens) const {
  if (token_entries_ == 0) return 0;
  std::size_t longest = 0;
  std::uint64_t hash = kTokenSeed;
  std::string joined;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    hash = extend(extend(hash, tokens[i]), std::string_view("\0", 1));
    joined.append(tokens[i]);
    joined.push_back('\0');
    const Slot* slot = find(key_of(hash));
    if (slot == nullptr) break;
    if (i >= 1 && slot->entry != 0 && is_token_entry_[slot->entry - 1] && entries_[slot->entry - 1] == joined) {
      longest = i + 1;
    }
  }
  return longest;
}

}  // namespace gramvec::text
