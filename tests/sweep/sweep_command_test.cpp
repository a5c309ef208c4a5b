// `surge sweep` end to end: identical bytes for any -j, resuming from the
// journal, and bad sweep files at their pointer with exit 2.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.hpp"

using surge::testing::read_text;
using surge::testing::run_surge;
using surge::testing::scratch_dir;

namespace {

// 10 points x 3 replications of a 20 s M/M/1 (or M/M/2): a fraction of a second.
const char* const kSweep = R"({
  "base": {"name": "mm1", "seed": 7, "duration_s": 20,
           "services": {"s": {"instances": 1, "workers": 1,
                              "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
           "workloads": {"w": {"entry": "s.e", "rate": {"constant": 50}}},
           "slo": [{"workload": "w", "p99_s": 0.05}]},
  "parameters": {"/workloads/w/rate/constant": {"range": [20, 60, 10]},
                 "/services/s/workers": [1, 2]},
  "replications": 3,
  "metrics": {"p99": "/workloads/w/latency_s/p99", "util": "/services/s/utilization",
              "offered": "/workloads/w/offered"}
})";

std::filesystem::path write_sweep(const std::filesystem::path& dir, const std::string& text) {
  const auto path = dir / "sweep.json";
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start + 1));
  return lines;
}

}  // namespace

TEST_CASE("cli::sweep: -j 1 and -j 3 write byte-identical results and CSV", "[cli][sweep]") {
  const auto dir = scratch_dir("sweep-threads");
  const auto sweep = write_sweep(dir, kSweep);
  const auto one =
      run_surge("sweep " + sweep.string() + " -q -j 1 -o " + (dir / "one.json").string(), dir);
  INFO(one.err);
  REQUIRE(one.exit_code == 0);
  const auto three =
      run_surge("sweep " + sweep.string() + " -q -j 3 -o " + (dir / "three.json").string(), dir);
  REQUIRE(three.exit_code == 0);
  CHECK(read_text(dir / "one.json") == read_text(dir / "three.json"));
  CHECK(read_text(dir / "one.csv") == read_text(dir / "three.csv"));

  const auto results = nlohmann::json::parse(read_text(dir / "one.json"));
  REQUIRE(results["points"].size() == 10);
  // Grid order: parameters by pointer, the last fastest.
  CHECK(results["points"][1]["parameters"]["/services/s/workers"] == 1);
  CHECK(results["points"][1]["parameters"]["/workloads/w/rate/constant"] == 30);
  CHECK(results["points"][5]["parameters"]["/services/s/workers"] == 2);
  const auto& util = results["points"][4]["metrics"]["util"];
  CHECK(util["values"].size() == 3);
  CHECK(util["ci95"][0].get<double>() <= util["mean"].get<double>());
  CHECK(util["mean"].get<double>() <= util["ci95"][1].get<double>());
  const double ratio = results["points"][4]["slo_pass_ratio"].get<double>();
  CHECK((ratio == 0.0 || ratio == 1.0 / 3.0 || ratio == 2.0 / 3.0 || ratio == 1.0));
  // Common random numbers: replication r of every point draws the same arrivals,
  // so points that differ only in workers offer the same requests; the
  // replications of one point differ.
  for (std::size_t k = 0; k < 5; ++k) {
    const auto& one_worker = results["points"][k]["metrics"]["offered"]["values"];
    CHECK(one_worker == results["points"][k + 5]["metrics"]["offered"]["values"]);
    CHECK(one_worker[0] != one_worker[1]);
  }
  // The CSV: a header and a row per point.
  const auto csv = lines_of(read_text(dir / "one.csv"));
  REQUIRE(csv.size() == 11);
  // Metrics in the order of their names, as the sweep file's object is read.
  CHECK(csv[0] ==
        "index,/services/s/workers,/workloads/w/rate/constant,offered_mean,"
        "offered_ci_lo,offered_ci_hi,p99_mean,p99_ci_lo,p99_ci_hi,util_mean,util_ci_lo,"
        "util_ci_hi,slo_pass_ratio\n");
  CHECK(csv[1].rfind("0,1,20,", 0) == 0);
}

TEST_CASE("cli::sweep: a resumed sweep writes the same bytes as an uninterrupted one",
          "[cli][sweep]") {
  const auto dir = scratch_dir("sweep-resume");
  const auto sweep = write_sweep(dir, kSweep);
  const auto out = dir / "results.json";
  const auto journal = dir / "results.json.journal";
  REQUIRE(run_surge("sweep " + sweep.string() + " -q -j 2 -o " + out.string(), dir).exit_code == 0);
  const std::string complete = read_text(out);
  const auto lines = lines_of(read_text(journal));
  REQUIRE(lines.size() == 11);  // the header and 10 points

  // Interrupted after 4 points, the 5th cut mid-line; the results file not written.
  {
    std::ofstream cut(journal, std::ios::trunc);
    for (std::size_t i = 0; i < 5; ++i) cut << lines[i];
    cut << lines[5].substr(0, lines[5].size() / 2);
  }
  std::filesystem::remove(out);
  const auto resumed =
      run_surge("sweep " + sweep.string() + " -q -j 2 --resume -o " + out.string(), dir);
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(read_text(out) == complete);
  CHECK(lines_of(read_text(journal)).size() == 11);  // the torn line dropped, 6 points added

  // Points finished out of order (lines 3, 7 and 9 lost) resume the same way.
  {
    std::ofstream holes(journal, std::ios::trunc);
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (i != 3 && i != 7 && i != 9) holes << lines[i];
  }
  REQUIRE(run_surge("sweep " + sweep.string() + " -q --resume -o " + out.string(), dir).exit_code ==
          0);
  CHECK(read_text(out) == complete);

  // The journal of another sweep (4 replications instead of 3) is refused.
  std::string changed = kSweep;
  changed.replace(changed.find("\"replications\": 3"), 17, "\"replications\": 4");
  write_sweep(dir, changed);
  const auto refused =
      run_surge("sweep " + sweep.string() + " -q --resume -o " + out.string(), dir);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("belongs to another sweep") != std::string::npos);
  CHECK(read_text(out) == complete);
}

TEST_CASE("cli::sweep: bad sweep files exit 2 before any run, at their pointers", "[cli][sweep]") {
  const auto dir = scratch_dir("sweep-bad");
  std::string bad = kSweep;
  bad.replace(bad.find("\"/services/s/workers\""), 21, "\"/services/s/worker\"");
  bad.replace(bad.find("\"replications\""), 14, "\"replication\"");
  const auto sweep = write_sweep(dir, bad);
  const auto run = run_surge("sweep " + sweep.string() + " -o " + (dir / "r.json").string(), dir);
  CHECK(run.exit_code == 2);
  const std::string file = sweep.string();
  CHECK(run.err.find(file + ":/parameters/~1services~1s~1worker: not in the base scenario: "
                            "/services/s has no key \"worker\" (did you mean "
                            "\"/services/s/workers\"?)") != std::string::npos);
  CHECK(run.err.find(file + ":/replication: unknown key (did you mean \"replications\"?)") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "r.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "r.json.journal"));
}

TEST_CASE("cli::sweep: a metric the report lacks stops the sweep at the first point",
          "[cli][sweep]") {
  const auto dir = scratch_dir("sweep-metric");
  std::string bad = kSweep;
  bad.replace(bad.find("latency_s/p99"), 13, "latency_s/p98");
  const auto sweep = write_sweep(dir, bad);
  const auto run = run_surge("sweep " + sweep.string() + " -o " + (dir / "r.json").string(), dir);
  CHECK(run.exit_code == 2);
  INFO(run.err);
  CHECK(run.err.find(sweep.string() + ":/metrics/p99: point 0 (") != std::string::npos);
  CHECK(run.err.find("did you mean \"/workloads/w/latency_s/p90\"") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "r.json"));
}

TEST_CASE("cli::sweep: -j must be a positive count and --resume needs -o", "[cli][sweep]") {
  const auto dir = scratch_dir("sweep-flags");
  const auto sweep = write_sweep(dir, kSweep);
  CHECK(run_surge("sweep " + sweep.string() + " -j 0", dir).exit_code == 2);
  CHECK(run_surge("sweep " + sweep.string() + " -j -2", dir).exit_code == 2);
  const auto resume = run_surge("sweep " + sweep.string() + " --resume", dir);
  CHECK(resume.exit_code == 2);
  CHECK(resume.err.find("--resume needs -o") != std::string::npos);
  // Without -o the results go to stdout.
  const auto out = run_surge("sweep " + sweep.string() + " -q", dir);
  REQUIRE(out.exit_code == 0);
  CHECK(nlohmann::json::parse(out.out)["points"].size() == 10);
}

TEST_CASE(
    "cli::sweep: outputs are checked before any run; --resume without a journal starts "
    "afresh",
    "[cli][sweep]") {
  const auto dir = scratch_dir("sweep-outputs");
  std::ofstream(dir / "base.json") << R"({"name": "mm1", "seed": 7, "duration_s": 5,
    "services": {"s": {"instances": 1, "workers": 1,
                       "endpoints": {"e": {"work": {"dist": "exponential", "mean_s": 0.01}}}}},
    "workloads": {"w": {"entry": "s.e", "rate": {"constant": 50}}}})";
  const auto sweep =
      write_sweep(dir, R"({"base": "base.json", "parameters": {"/services/s/workers": [1, 2]}})");
  const std::string base_before = read_text(dir / "base.json");
  // -o naming the base or the sweep file would overwrite an input.
  const auto onto_base =
      run_surge("sweep " + sweep.string() + " -q -o " + (dir / "base.json").string(), dir);
  CHECK(onto_base.exit_code == 2);
  CHECK(onto_base.err.find("input") != std::string::npos);
  const auto onto_sweep = run_surge("sweep " + sweep.string() + " -q -o " + sweep.string(), dir);
  CHECK(onto_sweep.exit_code == 2);
  CHECK(read_text(dir / "base.json") == base_before);
  const auto fresh =
      run_surge("sweep " + sweep.string() + " -q --resume -o " + (dir / "r.json").string(), dir);
  INFO(fresh.err);
  CHECK(fresh.exit_code == 0);
  CHECK(nlohmann::json::parse(read_text(dir / "r.json"))["points"].size() == 2);
  CHECK_FALSE(std::filesystem::exists(dir / "base.csv"));
}
