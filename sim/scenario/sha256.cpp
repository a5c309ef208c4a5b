#include "sim/scenario/sha256.hpp"

#include <openssl/evp.h>

#include <array>

#include "sim/kernel/assert.hpp"

namespace surge::scenario {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const int ok =
      EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  SURGE_ASSERT_MSG(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{2} * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

std::string canonical_json(const nlohmann::json& document) {
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string scenario_sha256(const nlohmann::json& document,
                            const std::map<std::string, std::string>& referenced_files) {
  std::string input = canonical_json(document);
  for (const auto& [path, contents] : referenced_files) input += contents;
  return sha256_hex(input);
}

}  // namespace surge::scenario
