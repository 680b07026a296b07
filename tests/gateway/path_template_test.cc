#include "gateway/path_template.h"

#include <gtest/gtest.h>

namespace valohub::gateway {
namespace {

PathTemplate Parse(const char* text) {
  auto t = PathTemplate::Parse(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status();
  return t.ok() ? *t : PathTemplate();
}

bool Match(const PathTemplate& t, std::vector<std::string> path, PathTemplate::Bindings* b,
           const std::string& verb = "") {
  return t.Match(path, verb, b);
}

TEST(PathTemplateTest, NestedFieldPathCapturesSeveralSegments) {
  PathTemplate t = Parse("/v1/{person.name=institutions/*/people/*}");
  PathTemplate::Bindings b;
  ASSERT_TRUE(Match(t, {"v1", "institutions", "demo", "people", "p1"}, &b));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].first, "person.name");
  EXPECT_EQ(b[0].second, "institutions/demo/people/p1");
  EXPECT_FALSE(Match(t, {"v1", "institutions", "demo", "people"}, &b));
  EXPECT_FALSE(Match(t, {"v1", "institutions", "demo", "staff", "p1"}, &b));
  EXPECT_FALSE(Match(t, {"v1", "institutions", "", "people", "p1"}, &b));
}

TEST(PathTemplateTest, ShortVariableAndVerb) {
  PathTemplate t = Parse("/v1/{name=frameworks/*}:publish");
  EXPECT_EQ(t.verb(), "publish");
  PathTemplate::Bindings b;
  EXPECT_TRUE(Match(t, {"v1", "frameworks", "f"}, &b, "publish"));
  EXPECT_FALSE(Match(t, {"v1", "frameworks", "f"}, &b, "retire"));
  EXPECT_FALSE(Match(t, {"v1", "frameworks", "f"}, &b));
  PathTemplate simple = Parse("/v1/things/{id}");
  ASSERT_TRUE(Match(simple, {"v1", "things", "x"}, &b));
  EXPECT_EQ(b[0].first, "id");
  EXPECT_EQ(b[0].second, "x");
}

TEST(PathTemplateTest, DoubleStarTakesTheRest) {
  PathTemplate t = Parse("/v1/{path=files/**}");
  PathTemplate::Bindings b;
  ASSERT_TRUE(Match(t, {"v1", "files", "a", "b", "c"}, &b));
  EXPECT_EQ(b[0].second, "files/a/b/c");
  ASSERT_TRUE(Match(t, {"v1", "files"}, &b));
  EXPECT_EQ(b[0].second, "files");
  PathTemplate star = Parse("/v1/*/x");
  EXPECT_TRUE(Match(star, {"v1", "anything", "x"}, nullptr));
}

TEST(PathTemplateTest, RejectsMalformedTemplates) {
  for (const char* bad : {"", "v1/x", "/v1/{name", "/v1/{=x}", "/v1/**/x", "/v1/{a.b.}",
                          "/v1/x/", "/v1/{name=x}:", "/v1//x"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
}

TEST(PathTemplateTest, SplitPathSeparatesTheVerb) {
  std::vector<std::string> segments;
  std::string verb;
  SplitPath({"v1", "frameworks:importCase"}, &segments, &verb);
  EXPECT_EQ(segments, (std::vector<std::string>{"v1", "frameworks"}));
  EXPECT_EQ(verb, "importCase");
  SplitPath({"v1", "frameworks"}, &segments, &verb);
  EXPECT_EQ(verb, "");
}

}  // namespace
}  // namespace valohub::gateway
