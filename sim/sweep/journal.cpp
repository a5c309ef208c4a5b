#include "sim/sweep/journal.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/scenario/atomic_file.hpp"
#include "sim/scenario/bounded_read.hpp"
#include "sim/sweep/point_record.hpp"

namespace surge::sweep {
namespace {

using nlohmann::json;

json header(const SweepSpec& spec) {
  json h = json::object();
  h["surge_sweep_journal"] = 1;
  h["sha256"] = spec.sha256;
  h["points"] = spec.point_values.size();
  h["replications"] = spec.replications;
  return h;
}

std::optional<json> parse_line(const std::string& line) {
  try {
    return json::parse(line);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

// A journal holds a line per point; 1 GiB is far more than kMaxPoints lines need
// with a handful of metrics, and keeps a wrong path from exhausting memory.
constexpr std::size_t kMaxJournalBytes = 1024 * scenario::kMiB;

}  // namespace

Journal::~Journal() {
  if (file_ != nullptr) std::fclose(file_);
}

Journal::Opened Journal::open(const std::string& path, const SweepSpec& spec, bool resume) {
  Opened out;
  std::string kept;  // the complete lines to keep when resuming
  std::error_code ec;
  if (resume && std::filesystem::exists(path, ec)) {
    const scenario::BoundedRead read = scenario::read_bounded_file(path, kMaxJournalBytes);
    if (!read.text) {
      out.error = fmt::format("cannot read the journal \"{}\": {}", path, read.problem);
      return out;
    }
    const std::string& text = *read.text;
    std::size_t start = 0, line_number = 0;
    while (true) {
      const std::size_t end = text.find('\n', start);
      if (end == std::string::npos) break;  // a last line cut short: run its point again
      ++line_number;
      const auto line = parse_line(text.substr(start, end - start));
      if (line_number == 1) {
        if (!line || *line != header(spec)) {
          out.error = fmt::format(
              "the journal \"{}\" belongs to another sweep (or another version of this sweep "
              "file or its base scenario): delete it to start afresh, or run without --resume",
              path);
          return out;
        }
      } else if (!line || !valid_record(*line, spec)) {
        out.error = fmt::format(
            "the journal \"{}\" is damaged at line {}: delete that line (its "
            "point runs again) and resume",
            path, line_number);
        return out;
      } else {
        out.done.emplace(line->at("index").get<std::size_t>(), *line);
      }
      start = end + 1;
    }
    kept = text.substr(0, start);
  }
  if (kept.empty()) kept = header(spec).dump() + "\n";
  // Rewrite what is kept (dropping a torn last line) atomically, so a crash here
  // loses nothing, then append from there.
  if (std::string error = scenario::write_file_atomically(path, kept); !error.empty()) {
    out.error = fmt::format("cannot write the journal: {}", error);
    return out;
  }
  std::FILE* file = std::fopen(path.c_str(), "ab");
  if (file == nullptr) {
    out.error = fmt::format("cannot write the journal \"{}\": {}", path, std::strerror(errno));
    return out;
  }
  out.journal.reset(new Journal(file, path));
  return out;
}

std::string Journal::append(const json& record) {
  const std::string line = record.dump() + "\n";
  const std::lock_guard<std::mutex> lock(mutex_);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0) {
    return fmt::format("cannot write the journal \"{}\": {}", path_, std::strerror(errno));
  }
  return {};
}

}  // namespace surge::sweep
