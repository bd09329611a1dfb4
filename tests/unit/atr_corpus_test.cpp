// SPDX-License-Identifier: MIT
// The real-world ATR corpus of Debian's pcsc-tools: every concrete ATR decodes without a crash
// and is classified; a sample is compared with pcsc-tools' own decoder, ATR_analysis.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <unistd.h>

#include "readerkit/atr.hpp"

namespace readerkit {
namespace {

constexpr const char* kCorpus = "/usr/share/pcsc/smartcard_list.txt";

/// Concrete ATRs: lines starting in column 0 made only of hex digits and spaces.
std::vector<std::string> corpus_atrs() {
  std::ifstream in(kCorpus);
  std::vector<std::string> atrs;
  const std::regex concrete("^[0-9A-Fa-f]{2}( [0-9A-Fa-f]{2})*\\s*$");
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#' && line[0] != '\t' && std::regex_match(line, concrete))
      atrs.push_back(line);
  return atrs;
}

TEST(AtrCorpus, EveryConcreteAtrDecodesAndIsClassified) {
  const auto atrs = corpus_atrs();
  ASSERT_GT(atrs.size(), 3000u) << kCorpus << " missing or unreadable (Debian pcsc-tools)";
  std::map<std::string, int> classes;
  for (const auto& text : atrs) {
    const auto bytes = from_hex(text);
    ASSERT_TRUE(bytes) << text;
    const AtrInfo a = decode_atr(*bytes);
    EXPECT_EQ(a.valid, a.error == AtrError::none) << text;
    EXPECT_EQ(a.valid, a.errors.empty()) << text;
    EXPECT_EQ(parse_atr(*bytes).ok(), a.valid) << text;
    EXPECT_FALSE(a.protocols.empty()) << text;
    ++classes[a.valid ? "valid" : std::string(atr_error_code(a.error))];
  }
  for (const auto& [name, count] : classes) std::printf("%-16s %d\n", name.c_str(), count);
  EXPECT_GT(classes["valid"], 3000);  // the corpus is mostly well-formed
}

/// Runs ATR_analysis offline: a fresh, empty cache list stops it from downloading one.
std::string atr_analysis(const std::string& atr, const std::filesystem::path& cache) {
  const std::string cmd =
      "XDG_CACHE_HOME='" + cache.string() + "' timeout 60 ATR_analysis '" + atr + "' 2>&1";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
    pclose(p);
  }
  return std::regex_replace(out, std::regex("\x1b\\[[0-9;]*m"), "");
}

/// What we compare: Fi/Di of TA1, the protocols of the TD bytes, IFSC, TCK verdict.
struct Summary {
  std::string fi_di, protocols, ifsc, tck;
  bool operator==(const Summary&) const = default;
};

Summary from_atr_analysis(const std::string& text) {
  Summary s;
  std::smatch m;
  if (std::regex_search(text, m, std::regex("Fi=(\\d+), Di=(\\d+)")))
    s.fi_di = m[1].str() + "/" + m[2].str();
  const std::regex protocol("Protocol T = (\\d+)");
  for (std::sregex_iterator it(text.begin(), text.end(), protocol), end; it != end; ++it)
    if ((*it)[1] != "15" && s.protocols.find((*it)[1].str()) == std::string::npos)
      s.protocols += (*it)[1].str() + ",";
  if (std::regex_search(text, m, std::regex("IFSC: (\\d+)"))) s.ifsc = m[1];
  if (std::regex_search(text, m, std::regex("TCK = [0-9A-F]{2} \\((correct|incorrect)")))
    s.tck = m[1];
  return s;
}

Summary from_readerkit(const AtrInfo& a) {
  Summary s;
  if (a.groups.front().ta) s.fi_di = std::to_string(*a.fi) + "/" + std::to_string(*a.di);
  for (std::uint8_t p : a.protocols) s.protocols += std::to_string(p) + ",";
  if (!a.groups.front().td) s.protocols.clear();  // ATR_analysis lists TD bytes only
  // ATR_analysis prints IFSC only when a TA byte announces it.
  for (std::size_t i = 2; i < a.groups.size(); ++i)
    if (a.groups[i].protocol == 1 && a.groups[i].ta) {
      s.ifsc = std::to_string(*a.ifsc);
      break;
    }
  if (a.tck_present) s.tck = *a.tck_valid ? "correct" : "incorrect";
  return s;
}

TEST(AtrCorpus, SampleMatchesAtrAnalysis) {
  const auto atrs = corpus_atrs();
  ASSERT_GT(atrs.size(), 3000u);
  const auto cache = std::filesystem::temp_directory_path() /
                     ("readerkit-atr-analysis-" + std::to_string(::getpid()));
  std::filesystem::create_directories(cache);
  std::ofstream(cache / "smartcard_list.txt").close();
  // A deterministic sample: every 150th valid ATR that has a TA1 (about 20 ATRs).
  int compared = 0, index = 0;
  for (const auto& text : atrs) {
    const AtrInfo a = decode_atr(*from_hex(text));
    if (!a.valid || !a.groups.front().ta || index++ % 150 != 0) continue;
    const std::string out = atr_analysis(text, cache);
    ASSERT_NE(out.find("TS = "), std::string::npos) << "ATR_analysis did not run: " << out;
    EXPECT_EQ(from_readerkit(a), from_atr_analysis(out)) << text << "\nATR_analysis said:\n" << out;
    ++compared;
  }
  std::filesystem::remove_all(cache);
  std::printf("compared %d ATRs with ATR_analysis\n", compared);
  EXPECT_GE(compared, 10);
}

}  // namespace
}  // namespace readerkit
