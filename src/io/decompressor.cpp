#include "io/decompressor.hpp"

#include <fmt/format.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>

namespace gramvec::io {

namespace {

bool starts_with_bytes(std::string_view data, std::initializer_list<unsigned char> magic) {
  if (data.size() < magic.size()) return false;
  std::size_t index = 0;
  for (unsigned char byte : magic) {
    if (static_cast<unsigned char>(data[index++]) != byte) return false;
  }
  return true;
}

// The results of a decoder call that zlib and liblzma both have, each under its own name.
template <typename Code>
struct StreamCodes {
  Code end;
  Code ok;
  Code no_progress;  // truncated data when no input follows, which the caller sees
  Code out_of_memory;
};

// One decoder call on a zlib or liblzma stream, which both keep the caller's buffers in
// next_in/avail_in and next_out/avail_out (of their own types). `ended` is set when the call
// reaches the end of a member or stream; other errors are described by describe(code).
template <typename Stream, typename Code, typename Call, typename Describe>
Status decode_step(Stream& stream, const StreamCodes<Code>& codes, std::string_view input, std::span<char> output,
                   DecompressStep& step, bool& ended, Call call, Describe describe) {
  // Pieces are at most a few megabytes: they fit zlib's 32-bit counts.
  stream.next_in = reinterpret_cast<decltype(stream.next_in)>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<decltype(stream.avail_in)>(input.size());
  stream.next_out = reinterpret_cast<decltype(stream.next_out)>(output.data());
  stream.avail_out = static_cast<decltype(stream.avail_out)>(output.size());
  const Code code = call();
  step = {input.size() - stream.avail_in, output.size() - stream.avail_out};
  if (code == codes.end) {
    ended = true;
    return Status::ok();
  }
  if (code == codes.ok || code == codes.no_progress) return Status::ok();
  if (code == codes.out_of_memory) return Status::error("out of memory");
  return Status::error(describe(code));
}

// zlib, gzip format only (no zlib or raw deflate streams). One member after another: after the
// end of a member the next bytes must start a new one.
class GzipDecompressor final : public Decompressor {
 public:
  GzipDecompressor() = default;
  ~GzipDecompressor() override {
    if (initialised_) inflateEnd(&stream_);
  }
  GzipDecompressor(const GzipDecompressor&) = delete;
  GzipDecompressor& operator=(const GzipDecompressor&) = delete;

  Status init() {
    // 15 + 16: the largest window, gzip header and trailer.
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) return Status::error("cannot start the gzip decompressor");
    initialised_ = true;
    return Status::ok();
  }

  Status decompress(std::string_view input, std::span<char> output, bool /*last*/, DecompressStep& step) override {
    if (member_ended_) {
      step = {};
      if (input.empty()) return Status::ok();
      if (static_cast<unsigned char>(input[0]) != 0x1f ||
          (input.size() > 1 && static_cast<unsigned char>(input[1]) != 0x8b)) {
        return Status::error("unexpected data after the end of the gzip data");
      }
      inflateReset(&stream_);
      member_ended_ = false;
    }
    static constexpr StreamCodes<int> kCodes{Z_STREAM_END, Z_OK, Z_BUF_ERROR, Z_MEM_ERROR};
    return decode_step(
        stream_, kCodes, input, output, step, member_ended_, [this] { return inflate(&stream_, Z_NO_FLUSH); },
        [this](int) { return std::string(stream_.msg != nullptr ? stream_.msg : "corrupt data"); });
  }

  bool complete() const override { return member_ended_; }

 private:
  z_stream stream_{};
  bool initialised_ = false;
  bool member_ended_ = false;
};

// liblzma's .xz decoder; LZMA_CONCATENATED reads one stream after another (and stream padding).
class XzDecompressor final : public Decompressor {
 public:
  XzDecompressor() = default;
  ~XzDecompressor() override { lzma_end(&stream_); }
  XzDecompressor(const XzDecompressor&) = delete;
  XzDecompressor& operator=(const XzDecompressor&) = delete;

  Status init() {
    if (lzma_stream_decoder(&stream_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
      return Status::error("cannot start the xz decompressor");
    }
    return Status::ok();
  }

  Status decompress(std::string_view input, std::span<char> output, bool last, DecompressStep& step) override {
    step = {};
    if (ended_) return Status::ok();
    static constexpr StreamCodes<lzma_ret> kCodes{LZMA_STREAM_END, LZMA_OK, LZMA_BUF_ERROR, LZMA_MEM_ERROR};
    // With LZMA_CONCATENATED the decoder only reports the end once told that no input follows.
    return decode_step(
        stream_, kCodes, input, output, step, ended_,
        [this, last] { return lzma_code(&stream_, last ? LZMA_FINISH : LZMA_RUN); }, describe_error);
  }

  bool complete() const override { return ended_; }

 private:
  static std::string describe_error(lzma_ret code) {
    switch (code) {
      case LZMA_FORMAT_ERROR:
        return "not in the xz format";
      case LZMA_OPTIONS_ERROR:
        return "unsupported xz options";
      case LZMA_DATA_ERROR:
        return "corrupt data";
      default:
        return fmt::format("xz decoder error {}", static_cast<int>(code));
    }
  }

  lzma_stream stream_ = LZMA_STREAM_INIT;
  bool ended_ = false;
};

// libzstd's streaming decoder reads one frame after another (skippable frames included).
class ZstdDecompressor final : public Decompressor {
 public:
  ZstdDecompressor() = default;
  ~ZstdDecompressor() override { ZSTD_freeDCtx(context_); }
  ZstdDecompressor(const ZstdDecompressor&) = delete;
  ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

  Status init() {
    context_ = ZSTD_createDCtx();
    if (context_ == nullptr) return Status::error("cannot start the zstd decompressor");
    // Accept frames written with `zstd --long=31` (the default limit is 2^27 bytes of window).
    ZSTD_DCtx_setParameter(context_, ZSTD_d_windowLogMax, 31);
    return Status::ok();
  }

  // The input goes in in slices: on an error libzstd does not say how much of its input it has
  // taken, so the slice start is the offset reported.
  Status decompress(std::string_view input, std::span<char> output, bool /*last*/, DecompressStep& step) override {
    step = {};
    ZSTD_outBuffer out{output.data(), output.size(), 0};
    do {
      ZSTD_inBuffer in{input.data() + step.consumed, std::min(kSlice, input.size() - step.consumed), 0};
      std::size_t code = ZSTD_decompressStream(context_, &out, &in);
      if (ZSTD_isError(code) != 0) {
        step.produced = out.pos;
        return Status::error(ZSTD_getErrorName(code));
      }
      step.consumed += in.pos;
      // 0: a frame is complete and fully flushed. A call without progress says nothing new (at the
      // start of the next frame it asks for that frame's header).
      if (in.pos > 0 || out.pos > step.produced) frame_ended_ = code == 0;
      bool progressed = in.pos > 0 || out.pos > step.produced;
      step.produced = out.pos;
      if (!progressed) break;
    } while (step.consumed < input.size() && out.pos < out.size);
    return Status::ok();
  }

  bool complete() const override { return frame_ended_; }

 private:
  static constexpr std::size_t kSlice = 1 << 15;
  ZSTD_DCtx* context_ = nullptr;
  bool frame_ended_ = false;
};

template <typename Concrete>
Result<std::unique_ptr<Decompressor>> started() {
  auto decompressor = std::make_unique<Concrete>();
  GRAMVEC_TRY(decompressor->init());
  return std::unique_ptr<Decompressor>(std::move(decompressor));
}

}  // namespace

Compression detect_compression(std::string_view head) {
  if (starts_with_bytes(head, {0x1f, 0x8b})) return Compression::gzip;
  if (starts_with_bytes(head, {0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00})) return Compression::xz;
  if (starts_with_bytes(head, {0x28, 0xb5, 0x2f, 0xfd})) return Compression::zstd;
  return Compression::none;
}

std::string_view compression_name(Compression format) {
  switch (format) {
    case Compression::gzip:
      return "gzip";
    case Compression::xz:
      return "xz";
    case Compression::zstd:
      return "zstd";
    case Compression::none:
      break;
  }
  return "uncompressed";
}

Result<std::unique_ptr<Decompressor>> make_decompressor(Compression format) {
  switch (format) {
    case Compression::gzip:
      return started<GzipDecompressor>();
    case Compression::xz:
      return started<XzDecompressor>();
    case Compression::zstd:
      return started<ZstdDecompressor>();
    case Compression::none:
      break;
  }
  return Status::error("no decompressor for uncompressed data");
}

}  // namespace gramvec::io
