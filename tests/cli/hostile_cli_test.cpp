// The command line against hostile or careless input: outputs that are devices,
// FIFOs, links or the input itself; write errors on stdout; endless input files;
// numbers out of range. Each ends in exit 2 with a message naming the problem,
// before any simulation where the problem is known before it.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.hpp"

using surge::testing::read_text;
using surge::testing::run_surge;
using surge::testing::run_surge_shell;
using surge::testing::scratch_dir;

namespace {

namespace fs = std::filesystem;

const std::string kSource = SURGE_SOURCE_DIR;
const std::string kQuick =
    kSource + "/configs/quickstart.json --set /duration_s=5 --set /warmup_s=0 -q";
// Virtual memory allowed where a test checks that an endless input is refused
// without exhausting memory (1 GiB; surge needs ~0.4 GiB to refuse a 256 MiB trace).
const std::string kMemoryCap = "ulimit -v 1048576;";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string tiny_scenario(const std::string& rate) {
  return R"({"duration_s": 5, "services": {"s": {"endpoints": {"e": {}}}},
             "workloads": {"w": {"entry": "s.e", "rate": )" +
         rate + "}}}";
}

}  // namespace

TEST_CASE("cli::run: a FIFO given to -o is refused and left as it was", "[cli]") {
  const auto dir = scratch_dir("out-fifo");
  const auto fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto run = run_surge("run " + kQuick + " -o " + fifo.string(), dir);
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "FIFO"));
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_CASE("cli::run: a device given to -o is refused and left as it was", "[cli]") {
  // A copy of /dev/null's node in the scratch folder: if the check ever broke,
  // the rename would destroy this copy, not the system's device.
  const auto dir = scratch_dir("out-device");
  const auto device = dir / "null";
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    WARN("cannot create a device node here (not root): checking /dev/null by path only");
    return;
  }
  const auto run = run_surge("run " + kQuick + " -o " + device.string(), dir);
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "character device"));
  CHECK(fs::is_character_file(fs::symlink_status(device)));
}

TEST_CASE("cli::run: a symbolic link given to -o is refused; link and target stay", "[cli]") {
  const auto dir = scratch_dir("out-link");
  std::ofstream(dir / "target.json") << "keep";
  fs::create_symlink(dir / "target.json", dir / "link.json");
  const auto run = run_surge("run " + kQuick + " -o " + (dir / "link.json").string(), dir);
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "symbolic link"));
  CHECK(fs::is_symlink(dir / "link.json"));
  CHECK(read_text(dir / "target.json") == "keep");
}

TEST_CASE("cli::run: -o naming the scenario itself is refused; the scenario stays", "[cli]") {
  const auto dir = scratch_dir("out-input");
  fs::copy_file(kSource + "/configs/quickstart.json", dir / "s.json");
  const std::string before = read_text(dir / "s.json");
  // The same file under another spelling, and through a hard link.
  fs::create_hard_link(dir / "s.json", dir / "hard.json");
  for (const std::string& out : {(dir / "s.json").string(), (dir / "." / "s.json").string(),
                                (dir / "hard.json").string()}) {
    INFO(out);
    const auto run = run_surge("run " + (dir / "s.json").string() +
                                   " --set /duration_s=5 --set /warmup_s=0 -q -o " + out,
                               dir);
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "it is the input"));
    CHECK(read_text(dir / "s.json") == before);
  }
}

TEST_CASE("cli::run: output problems are found before the run, not after it", "[cli]") {
  const auto dir = scratch_dir("out-early");
  std::ofstream(dir / "not-a-dir") << "x";
  // Before the fix the report was written (after the whole run) and only then
  // did --csv fail: a report file shows the order.
  const auto run = run_surge("run " + kQuick + " -o " + (dir / "r.json").string() + " --csv " +
                                 (dir / "not-a-dir").string(),
                             dir);
  INFO(run.err);
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "not-a-dir"));
  CHECK(contains(run.err, "not a directory"));
  CHECK_FALSE(fs::exists(dir / "r.json"));

  const auto missing = run_surge("run " + kQuick + " -o " + (dir / "no/such/r.json").string(), dir);
  INFO(missing.err);
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "does not exist"));
}

TEST_CASE("cli::run: a write error on stdout is exit 2, not a lost report", "[cli]") {
  const auto dir = scratch_dir("out-stdout");
  const auto full = run_surge_shell("", "run " + kQuick, ">/dev/full", dir);
  INFO(full.err);
  CHECK(full.exit_code == 2);
  CHECK(contains(full.err, "cannot write the report to stdout"));
  CHECK(contains(full.err, "No space left on device"));

  const auto closed = run_surge_shell("", "run " + kQuick, ">&-", dir);
  INFO(closed.err);
  CHECK(closed.exit_code == 2);
  CHECK(contains(closed.err, "cannot write the report to stdout"));

  // With -o the report is safe, but the summary on stdout is lost: still exit 2.
  const auto summary = run_surge_shell(
      "", "run " + kSource + "/configs/quickstart.json --set /duration_s=5 --set /warmup_s=0 -o " +
              (dir / "r.json").string(),
      ">/dev/full", dir);
  INFO(summary.err);
  CHECK(summary.exit_code == 2);
  CHECK(contains(summary.err, "cannot write the summary to stdout"));
}

TEST_CASE("cli::validate: an endless scenario file is refused within bounded memory", "[cli]") {
  const auto dir = scratch_dir("endless-scenario");
  for (const std::string source : {"/dev/zero", "/dev/urandom"}) {
    const auto run = run_surge_shell(kMemoryCap, "validate " + source, "", dir);
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, source + ": cannot read scenario file"));
    CHECK(contains(run.err, "is larger than 64 MiB"));
  }
}

TEST_CASE("cli::validate: an endless trace or timestamps file is refused within bounded memory",
          "[cli]") {
  const auto dir = scratch_dir("endless-trace");
  std::ofstream(dir / "csv.json") << tiny_scenario(R"({"csv": {"path": "/dev/zero"}})");
  std::ofstream(dir / "ts.json") << tiny_scenario(R"({"timestamps": {"path": "/dev/urandom"}})");
  for (const std::string file : {"csv.json", "ts.json"}) {
    const auto run = run_surge_shell(kMemoryCap, "validate " + (dir / file).string(), "", dir);
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, "/dev/"));
    CHECK(contains(run.err, "is larger than 256 MiB"));
  }
}

TEST_CASE("cli::validate: a directory or an empty file as a trace is refused", "[cli]") {
  const auto dir = scratch_dir("trace-kinds");
  fs::create_directories(dir / "traces");
  std::ofstream(dir / "empty.csv").flush();
  std::ofstream(dir / "dir.json") << tiny_scenario(R"({"csv": {"path": "traces"}})");
  std::ofstream(dir / "empty.json") << tiny_scenario(R"({"timestamps": {"path": "empty.csv"}})");
  const auto folder = run_surge("validate " + (dir / "dir.json").string(), dir);
  INFO(folder.err);
  CHECK(folder.exit_code == 2);
  CHECK(contains(folder.err, "/workloads/w/rate/csv/path"));
  CHECK(contains(folder.err, "is a directory"));
  const auto empty = run_surge("validate " + (dir / "empty.json").string(), dir);
  INFO(empty.err);
  CHECK(empty.exit_code == 2);
  CHECK(contains(empty.err, "empty.csv: no rows"));
}

TEST_CASE("cli: --seed and --replication out of range or malformed exit 2", "[cli]") {
  const auto dir = scratch_dir("numbers");
  const std::string validate = "validate " + kSource + "/configs/quickstart.json";
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"--seed 18446744073709551616", "--seed \"18446744073709551616\" is too large"},
      {"--seed 99999999999999999999999", "is too large"},
      {"--seed -1", "--seed \"-1\" is negative"},
      {"--seed ''", "--seed \"\" is empty"},
      {"--seed 1e3", "is not a whole number"},
      {"--seed ' 5'", "is not a whole number"},
      {"--replication 4294967296", "--replication \"4294967296\" is too large"},
      {"--replication -1", "is negative"},
      {"--replication ''", "is empty"},
  };
  for (const Case& c : cases) {
    const auto run = run_surge(validate + " " + c.args, dir);
    INFO(c.args << "\n" << run.err);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, c.message));
  }
  // The extremes of the ranges are accepted, and reach the report.
  const auto ok = run_surge("run " + kQuick + " --seed 18446744073709551615 --replication 4294967295",
                            dir);
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  const auto report = nlohmann::json::parse(ok.out);
  CHECK(report["scenario"]["seed"] == 18446744073709551615ULL);
  CHECK(report["scenario"]["replication"] == 4294967295ULL);
}

TEST_CASE("cli::validate: messages name the real fault of an input", "[cli]") {
  const auto dir = scratch_dir("messages");
  const auto big = run_surge("validate " + kSource +
                                 "/configs/quickstart.json --set /seed=1180591620717411303424 "
                                 "--set /duration_s=1e400",
                             dir);
  INFO(big.err);
  CHECK(big.exit_code == 2);
  CHECK(contains(big.err, "/seed: --set: the value: integer 1180591620717411303424 is out of range"));
  CHECK(contains(big.err, "/duration_s: --set: the value: number 1e400 is out of range"));
  CHECK_FALSE(contains(big.err, "string"));

  std::ofstream(dir / "zeros.json") << std::string(64, '\0');
  const auto zeros = run_surge("validate " + (dir / "zeros.json").string(), dir);
  INFO(zeros.err);
  CHECK(zeros.exit_code == 2);
  CHECK(contains(zeros.err, "zeros.json:1:1: the file contains a NUL byte"));
}
