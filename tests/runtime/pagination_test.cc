#include "services/runtime/pagination.h"

#include <gtest/gtest.h>

namespace valohub {
namespace {

TEST(PaginationTest, DefaultsAndLimits) {
  EXPECT_EQ(ParsePage(0, "", "s")->size, kDefaultPageSize);
  EXPECT_EQ(ParsePage(5000, "", "s")->size, kMaxPageSize);
  EXPECT_EQ(ParsePage(7, "", "s")->size, 7);
  EXPECT_EQ(ParsePage(-1, "", "s").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PaginationTest, TokenRoundTripsWithinItsScope) {
  std::string token = MakePageToken("institutions/a/people", 42);
  auto page = ParsePage(10, token, "institutions/a/people");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->after_seq, 42);
}

TEST(PaginationTest, TokenFromAnotherScopeGrantsNothing) {
  std::string token = MakePageToken("institutions/a/people", 42);
  EXPECT_EQ(ParsePage(10, token, "institutions/b/people").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePage(10, "garbage!", "x").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace valohub
