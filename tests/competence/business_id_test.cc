#include "services/competence/business_id.h"

#include <gtest/gtest.h>

namespace valohub::competence {
namespace {

TEST(BusinessIdTest, AcceptsValidIds) {
  // Weighted sums mod 11: 0112038 -> 2, check 9; 0737546 -> 9, check 2; 1572860 -> 0, check 0.
  EXPECT_EQ(BusinessIdProblem("0112038-9"), "");
  EXPECT_EQ(BusinessIdProblem("0737546-2"), "");
  EXPECT_EQ(BusinessIdProblem("1572860-0"), "");
}

TEST(BusinessIdTest, RejectsWrongCheckDigit) {
  EXPECT_EQ(BusinessIdProblem("0112038-3"), "has a wrong check digit");
  EXPECT_EQ(BusinessIdProblem("1572860-1"), "has a wrong check digit");
}

TEST(BusinessIdTest, RejectsRemainderOne) {
  // 0000006: 6 * 2 = 12, r = 1: no digit makes this a valid id.
  EXPECT_NE(BusinessIdProblem("0000006-0"), "");
  EXPECT_NE(BusinessIdProblem("0000006-0").find("no check digit"), std::string::npos);
}

TEST(BusinessIdTest, RejectsMalformed) {
  for (const char* bad : {"", "1234567", "12345678", "123456-7", "1234567-", "abcdefg-h",
                          "1234567_8", "01120382"}) {
    EXPECT_NE(BusinessIdProblem(bad), "") << bad;
  }
}

}  // namespace
}  // namespace valohub::competence
