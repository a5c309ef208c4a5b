#include "sim/scenario/call_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "sim/scenario/object_reader.hpp"
#include "sim/scenario/parse_services.hpp"

namespace surge::scenario {
namespace {

struct Node {
  std::uint32_t service;
  std::uint32_t endpoint;
};

}  // namespace

void check_call_graph(const std::vector<mesh::ServiceSpec>& services, const CallTargets& targets,
                      Problems& problems) {
  // Endpoints numbered densely: node = first[service] + endpoint.
  std::vector<std::size_t> first(services.size() + 1, 0);
  for (std::size_t s = 0; s < services.size(); ++s) {
    first[s + 1] = first[s] + services[s].endpoints.size();
  }
  std::vector<Node> nodes;
  nodes.reserve(first.back());
  for (std::size_t s = 0; s < services.size(); ++s) {
    for (std::size_t e = 0; e < services[s].endpoints.size(); ++e) {
      nodes.push_back(Node{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e)});
    }
  }
  const auto endpoint_of = [&](std::size_t node) -> const mesh::EndpointSpec& {
    return services[nodes[node].service].endpoints[nodes[node].endpoint];
  };
  const auto target = [&](std::size_t node, std::size_t call) -> std::optional<std::size_t> {
    const auto& to = targets[nodes[node].service][nodes[node].endpoint][call];
    if (!to) return std::nullopt;
    return first[to->service] + to->endpoint;
  };
  const auto name_of = [&](std::size_t node) {
    return fmt::format("{}.{}", services[nodes[node].service].name, endpoint_of(node).name);
  };

  enum class Color : std::uint8_t { kWhite, kGray, kBlack };
  std::vector<Color> color(nodes.size(), Color::kWhite);
  // Visits one visit of each endpoint can make, itself included, saturated just above
  // the cap; computed in post-order, when every callee is done.
  std::vector<std::uint64_t> visits(nodes.size(), 0);
  bool cyclic = false;
  const auto count_visits = [&](std::size_t node) {
    const auto& calls = endpoint_of(node).calls;
    std::uint64_t total = 1;
    bool callees_within = true;
    for (std::size_t c = 0; c < calls.size(); ++c) {
      const auto to = target(node, c);
      if (!to) continue;
      callees_within = callees_within && visits[*to] <= kMaxVisitsPerVisit;
      const std::uint64_t tries = std::uint64_t{calls[c].count} * calls[c].retry.max_attempts;
      total += std::min<std::uint64_t>(kMaxVisitsPerVisit + 1, tries * visits[*to]);
      total = std::min<std::uint64_t>(total, kMaxVisitsPerVisit + 1);
    }
    visits[node] = total;
    // Reported where the product first crosses the cap: the place to lower a count.
    if (total > kMaxVisitsPerVisit && callees_within) {
      const auto& service = services[nodes[node].service];
      const std::string pointer = (nlohmann::json::json_pointer("/services") / service.name /
                                   "endpoints" / endpoint_of(node).name / "calls")
                                      .to_string();
      problems.add(pointer,
                   fmt::format("one visit of {} can make more than {} visits down its call tree "
                               "(each call's count and retry.max_attempts multiply the visits of its "
                               "callee): lower one here or below",
                               name_of(node), kMaxVisitsPerVisit));
    }
  };
  struct Frame {
    std::size_t node;
    std::size_t next_call;
  };
  std::vector<Frame> stack;  // the gray path, root first
  for (std::size_t root = 0; root < nodes.size(); ++root) {
    if (color[root] != Color::kWhite) continue;
    color[root] = Color::kGray;
    stack.push_back(Frame{root, 0});
    while (!stack.empty()) {
      Frame& top = stack.back();
      const auto& calls = endpoint_of(top.node).calls;
      if (top.next_call == calls.size()) {
        color[top.node] = Color::kBlack;
        if (!cyclic) count_visits(top.node);
        stack.pop_back();
        continue;
      }
      const std::size_t call_index = top.next_call++;
      const auto to = target(top.node, call_index);
      if (!to) continue;
      if (color[*to] == Color::kWhite) {
        color[*to] = Color::kGray;
        stack.push_back(Frame{*to, 0});  // invalidates `top`
      } else if (color[*to] == Color::kGray) {
        // A back edge: the cycle is the gray path from *to to here, then *to.
        std::string path;
        bool on_cycle = false;
        for (const Frame& f : stack) {
          on_cycle = on_cycle || f.node == *to;
          if (on_cycle) path += name_of(f.node) + " -> ";
        }
        path += name_of(*to);
        cyclic = true;  // the visit counts below would be meaningless
        const std::size_t from = stack.back().node;
        const auto& service = services[nodes[from].service];
        problems.add(child_pointer(call_pointer(service, endpoint_of(from), call_index), "to"),
                     fmt::format("call cycle: {} (synchronous calls must not lead back to a "
                                 "caller: its visit would wait on itself)",
                                 path));
      }
    }
  }
}

}  // namespace surge::scenario
