// AtomicFileStream: an output file written a piece at a time and published
// atomically, as write_file_atomically() publishes a whole string: the pieces go
// to a temporary file in the target's directory, which commit() flushes to disk
// and renames over the target. A stream destroyed without commit() (an error, an
// exception) removes its temporary file and leaves the target untouched.
#pragma once

#include <string>
#include <string_view>

#include "sim/scenario/text_sink.hpp"

namespace surge::scenario {

class AtomicFileStream final : public TextSink {
 public:
  AtomicFileStream() = default;
  AtomicFileStream(const AtomicFileStream&) = delete;
  AtomicFileStream& operator=(const AtomicFileStream&) = delete;
  ~AtomicFileStream() override;

  // Creates the temporary file; "" on success, else a message naming the path.
  [[nodiscard]] std::string open(const std::string& path);
  // Buffers `text`; the first failure is kept and returned by commit().
  void write(std::string_view text) override;
  // Writes what is buffered, syncs and renames; "" on success, else the message.
  [[nodiscard]] std::string commit();

 private:
  void flush();
  void write_all(std::string_view text);
  void fail(const char* what);
  void discard();

  std::string path_;
  std::string temp_;
  int fd_ = -1;
  std::string buffer_;
  std::string error_;
};

}  // namespace surge::scenario
