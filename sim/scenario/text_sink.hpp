// TextSink: where a streamed output goes, a piece at a time, so that a table of
// millions of rows is never held whole in memory. Implementations buffer.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace surge::scenario {

class TextSink {
 public:
  virtual ~TextSink() = default;
  virtual void write(std::string_view text) = 0;
};

// Writes to an open C stream (stdout), which does its own buffering.
class StreamSink final : public TextSink {
 public:
  explicit StreamSink(std::FILE* stream) : stream_(stream) {}
  void write(std::string_view text) override {
    std::fwrite(text.data(), 1, text.size(), stream_);
  }

 private:
  std::FILE* stream_;
};

}  // namespace surge::scenario
