#include "services/learning/status_list.h"

#include <gtest/gtest.h>

namespace valohub::learning {
namespace {

TEST(StatusListTest, IndexZeroIsTheMostSignificantBitOfTheFirstByte) {
  std::string bits(kStatusListSize / 8, '\0');
  bits[0] = static_cast<char>(0x80);
  EXPECT_TRUE(StatusBit(bits, 0));
  EXPECT_FALSE(StatusBit(bits, 7));
  bits[1] = 0x01;
  EXPECT_TRUE(StatusBit(bits, 15));
  EXPECT_FALSE(StatusBit(bits, 8));
  EXPECT_FALSE(StatusBit(bits, kStatusListSize));  // beyond the end
}

TEST(StatusListTest, PostgresBitNumbersCountFromTheLeastSignificantBit) {
  // PostgreSQL's set_bit(bytea, n) sets bit n % 8 (from the least significant end) of byte n / 8.
  EXPECT_EQ(PostgresBitNumber(0), 7);
  EXPECT_EQ(PostgresBitNumber(7), 0);
  EXPECT_EQ(PostgresBitNumber(8), 15);
  EXPECT_EQ(PostgresBitNumber(131071), 131064);
}

TEST(StatusListTest, EncodingIsMultibaseBase64UrlOfGzipAndRoundTrips) {
  std::string bits(kStatusListSize / 8, '\0');
  bits[12345 / 8] |= static_cast<char>(0x80 >> (12345 % 8));
  auto encoded = EncodeStatusList(bits);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ((*encoded)[0], 'u');
  EXPECT_EQ(encoded->find_first_of("+/="), std::string::npos);  // base64url, no padding
  EXPECT_EQ(encoded->substr(0, 5), "uH4sI");                     // 1f 8b 08: a gzip member
  EXPECT_LT(encoded->size(), 200u);                              // nearly all zeros
  auto decoded = DecodeStatusList(*encoded);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, bits);
  EXPECT_TRUE(StatusBit(*decoded, 12345));
  EXPECT_FALSE(StatusBit(*decoded, 12344));
}

TEST(StatusListTest, GarbageDoesNotDecode) {
  EXPECT_FALSE(DecodeStatusList("").ok());
  EXPECT_FALSE(DecodeStatusList("zabc").ok());
  EXPECT_FALSE(DecodeStatusList("u!!!").ok());
  EXPECT_FALSE(DecodeStatusList("uAAAA").ok());
}

}  // namespace
}  // namespace valohub::learning
