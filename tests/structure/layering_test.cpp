// Dependencies point down only (docs/architecture.md, "Layers"): no file includes a header of
// a layer above its own, and the kernel and models stay free of JSON and the CLI.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace {

struct Layer {
  std::string dir;                      // relative to the source root
  std::vector<std::string> may_include;  // project include prefixes allowed
  std::vector<std::string> banned;      // third-party prefixes not allowed
};

const std::vector<Layer>& layers() {
  static const std::vector<Layer> kLayers = {
      {"sim/kernel", {"sim/kernel/"}, {"nlohmann/", "Eigen/", "CLI/", "openssl/", "simgrid/"}},
      {"models", {"sim/kernel/", "models/"}, {"nlohmann/", "CLI/", "openssl/", "simgrid/"}},
      {"sim/scenario", {"sim/kernel/", "models/", "sim/scenario/"}, {"CLI/", "simgrid/"}},
      {"sim/simgrid", {"sim/kernel/", "models/", "sim/simgrid/"}, {"nlohmann/", "CLI/", "openssl/"}},
      {"sim/sweep", {"sim/kernel/", "models/", "sim/scenario/", "sim/sweep/"}, {"CLI/"}},
      {"sim/cli",
       {"sim/kernel/", "models/", "sim/scenario/", "sim/simgrid/", "sim/sweep/", "sim/cli/"},
       {}},
  };
  return kLayers;
}

// The first include in `text` that `layer` may not have, if any.
std::optional<std::string> violation(const Layer& layer, const std::string& text) {
  static const std::regex kInclude(R"(#\s*include\s*([<"])([^>"]+)[>"])");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kInclude);
       it != std::sregex_iterator(); ++it) {
    const std::string path = (*it)[2];
    const bool project = (*it)[1] == "\"";
    if (project) {
      bool allowed = false;
      for (const auto& prefix : layer.may_include) allowed = allowed || path.rfind(prefix, 0) == 0;
      if (!allowed) return path;
    } else {
      for (const auto& prefix : layer.banned)
        if (path.rfind(prefix, 0) == 0) return path;
    }
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("structure::layering: the checker catches an upward include", "[structure]") {
  const Layer& kernel = layers()[0];
  CHECK(violation(kernel, "#include \"sim/kernel/rng.hpp\"\n#include <vector>\n") == std::nullopt);
  CHECK(violation(kernel, "#include \"models/mesh/visit.hpp\"\n") == "models/mesh/visit.hpp");
  CHECK(violation(kernel, "#include <nlohmann/json.hpp>\n") == "nlohmann/json.hpp");
  CHECK(violation(layers()[1], "#  include \"sim/scenario/run.hpp\"") == "sim/scenario/run.hpp");
}

TEST_CASE("structure::layering: no file includes a header of a layer above its own",
          "[structure]") {
  const std::filesystem::path root(SURGE_SOURCE_DIR);
  std::size_t files = 0;
  for (const Layer& layer : layers()) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / layer.dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".hpp" && ext != ".cpp") continue;
      std::ifstream in(entry.path());
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      ++files;
      INFO(entry.path().string());
      CHECK(violation(layer, text) == std::nullopt);
    }
  }
  CHECK(files > 20);
}
