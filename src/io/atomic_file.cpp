#include "gramvec/io/atomic_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/cleanup_on_signal.hpp"
#include "io/output_paths.hpp"
#include "io/temporary_file.hpp"

namespace gramvec::io {

AtomicFileWriter::AtomicFileWriter() = default;

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr && !to_stdout_) std::fclose(file_);
  // temp_name_, if any, removes the named temporary file; an unnamed one went with its descriptor.
}

Status AtomicFileWriter::open(const std::string& path) {
  path_ = path;
  if (path == "-") {
    to_stdout_ = true;
    file_ = stdout;
    return Status::ok();
  }
  // Through a symbolic link, the file it points to is replaced: the link stays.
  destination_ = resolved_output_path(path);
  // A device or pipe (e.g. /dev/null) is written in place: renaming over it would replace it.
  struct stat existing {};
  const bool exists = ::stat(destination_.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) {
    if (S_ISDIR(existing.st_mode)) return Status::error(fmt::format("{}: is a directory", path));
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) return Status::error(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
    in_place_ = true;
    return Status::ok();
  }
  TemporaryFile temporary =
      create_temporary_file(directory_of(destination_), destination_ + ".tmp.", TemporaryUse::linked, 0666);
  if (temporary.descriptor < 0) {
    return Status::error(fmt::format("{}: cannot create output file: {}", path, std::strerror(errno)));
  }
  if (exists) {
    // The replaced file's owner, where that is allowed (best effort), then its mode (chown
    // clears set-user-ID bits).
    if (existing.st_uid != ::geteuid() || existing.st_gid != ::getegid()) {
      if (::fchown(temporary.descriptor, existing.st_uid, existing.st_gid) != 0) {
        // Not the owner's to give: the file becomes the writer's, as any new file would.
      }
    }
    ::fchmod(temporary.descriptor, existing.st_mode & 07777);
  }
  if (!temporary.name.empty()) temp_name_ = std::make_unique<TemporaryName>(std::move(temporary.name));
  file_ = ::fdopen(temporary.descriptor, "wb");
  if (file_ == nullptr) {
    int error = errno;
    ::close(temporary.descriptor);
    temp_name_.reset();
    return Status::error(fmt::format("{}: cannot write: {}", path, std::strerror(error)));
  }
  return Status::ok();
}

void AtomicFileWriter::write(std::string_view bytes) {
  if (file_ == nullptr || write_error_ != 0) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) write_error_ = errno != 0 ? errno : EIO;
}

Status AtomicFileWriter::commit() {
  if (file_ == nullptr) return Status::error(fmt::format("{}: output was not opened", path_));
  if (std::fflush(file_) != 0 && write_error_ == 0) write_error_ = errno;
  if (to_stdout_) {
    committed_ = true;
    if (write_error_ != 0) return Status::error(fmt::format("<stdout>: write error: {}", std::strerror(write_error_)));
    return Status::ok();
  }
  // An unnamed temporary file is given its name through a descriptor that outlives fclose (which
  // reports the last write errors).
  int descriptor = -1;
  if (!in_place_ && !temp_name_) {
    descriptor = ::dup(::fileno(file_));
    if (descriptor < 0 && write_error_ == 0) write_error_ = errno;
  }
  if (std::fclose(file_) != 0 && write_error_ == 0) write_error_ = errno;
  file_ = nullptr;
  if (write_error_ != 0) {
    if (descriptor >= 0) ::close(descriptor);
    return Status::error(fmt::format("{}: write error: {}", path_, std::strerror(write_error_)));
  }
  if (in_place_) {
    committed_ = true;
    return Status::ok();
  }
  Status published = publish(descriptor);
  if (descriptor >= 0) ::close(descriptor);
  if (published) committed_ = true;
  return published;
}

Status AtomicFileWriter::publish(int descriptor) {
  auto failed = [&](const char* what, int error) {
    return Status::error(fmt::format("{}: {}: {}", path_, what, std::strerror(error)));
  };
  if (temp_name_) {
    if (std::rename(temp_name_->path(), destination_.c_str()) != 0) {
      return failed("cannot rename the temporary file into place", errno);
    }
    temp_name_->keep();
    return Status::ok();
  }
  // Unnamed: linked straight to the final name when that is free (nothing to clean up then),
  // otherwise under a temporary name that is renamed over the old file.
  int error = link_to(descriptor, destination_);
  if (error == 0) return Status::ok();
  if (error != EEXIST) return failed("cannot create", error);
  for (int attempt = 0; attempt < 100; ++attempt) {
    // Registered before the link exists, so that an interrupt cannot come between the two.
    TemporaryName name(destination_ + ".tmp." + random_name_suffix());
    error = link_to(descriptor, name.path());
    if (error == EEXIST) {
      name.keep();  // another file's name, not ours to remove
      continue;
    }
    if (error != 0) {
      name.keep();
      return failed("cannot create", error);
    }
    if (std::rename(name.path(), destination_.c_str()) != 0) {
      return failed("cannot rename the temporary file into place", errno);  // `name` removes it
    }
    name.keep();
    return Status::ok();
  }
  return failed("cannot create", EEXIST);
}

}  // namespace gramvec::io
