#include "services/runtime/resource_name.h"

#include <gtest/gtest.h>

namespace valohub {
namespace {

TEST(ResourceNameTest, ParsesIds) {
  auto ids = ParseName("institutions/demo/people/p-1", "institutions/*/people/*", "name");
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ((*ids)[0], "demo");
  EXPECT_EQ((*ids)[1], "p-1");
}

TEST(ResourceNameTest, RejectsMalformedNames) {
  for (const char* bad : {"", "institutions/demo", "institutions/demo/people/", "people/x/y/z",
                          "institutions/Demo/people/x", "institutions/demo/people/x/extra",
                          "institutions/-x/people/y"}) {
    EXPECT_EQ(ParseName(bad, "institutions/*/people/*", "name").status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(ResourceNameTest, ChoosesIds) {
  EXPECT_EQ(*ChooseId("my-id", "f"), "my-id");
  EXPECT_EQ(ChooseId("", "f")->size(), 36u);
  EXPECT_FALSE(ChooseId("Bad_Id", "f").ok());
}

TEST(ResourceNameTest, AbsoluteUris) {
  EXPECT_TRUE(IsAbsoluteUri("http://data.europa.eu/esco/skill/abc"));
  EXPECT_TRUE(IsAbsoluteUri("urn:uuid:0b0e3d52-7c2f-4a47-9a3c-4c3d7e3e0d11"));
  EXPECT_FALSE(IsAbsoluteUri("not a uri"));
  EXPECT_FALSE(IsAbsoluteUri("/relative"));
  EXPECT_FALSE(IsAbsoluteUri("https://x.example/a b"));
}

}  // namespace
}  // namespace valohub
