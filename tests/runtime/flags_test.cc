#include "services/runtime/flags.h"

#include <gtest/gtest.h>

namespace valohub {
namespace {

TEST(FlagsTest, FlagsOverrideEnvironmentAndDefaults) {
  Flags flags;
  const std::string* listen = flags.String("listen", "127.0.0.1:1", "", CheckHostPort);
  const int64_t* size = flags.Int("pool-size", 4, 1, 10, "");
  const bool* verbose = flags.Bool("verbose", false, "");
  const char* argv[] = {"prog", "--listen=127.0.0.1:7", "--verbose"};
  const char* env[] = {"VALOHUB_POOL_SIZE=9", "VALOHUB_LISTEN=0.0.0.0:5", "HOME=/root", nullptr};
  ASSERT_TRUE(flags.Parse(3, argv, env).ok());
  EXPECT_EQ(*listen, "127.0.0.1:7");
  EXPECT_EQ(*size, 9);
  EXPECT_TRUE(*verbose);
}

TEST(FlagsTest, UnknownFlagIsNamed) {
  Flags flags;
  flags.String("listen", "", "");
  const char* argv[] = {"prog", "--lisen=x"};
  const char* env[] = {nullptr};
  absl::Status s = flags.Parse(2, argv, env);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("--lisen"), absl::string_view::npos);
}

TEST(FlagsTest, UnknownEnvironmentVariableIsNamed) {
  Flags flags;
  flags.String("listen", "", "");
  const char* argv[] = {"prog"};
  const char* env[] = {"VALOHUB_LISTN=x", nullptr};
  absl::Status s = flags.Parse(1, argv, env);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("VALOHUB_LISTN"), absl::string_view::npos);
}

TEST(FlagsTest, BadValuesAreRefusedWithTheReason) {
  Flags flags;
  flags.Int("pool-size", 4, 1, 10, "");
  flags.String("listen", "127.0.0.1:1", "", CheckHostPort);
  const char* env[] = {nullptr};
  const char* too_big[] = {"prog", "--pool-size=11"};
  absl::Status s = flags.Parse(2, too_big, env);
  EXPECT_NE(s.message().find("between 1 and 10"), absl::string_view::npos) << s;
  const char* not_int[] = {"prog", "--pool-size=ten"};
  EXPECT_FALSE(flags.Parse(2, not_int, env).ok());
  const char* bad_port[] = {"prog", "--listen=localhost:99999"};
  s = flags.Parse(2, bad_port, env);
  EXPECT_NE(s.message().find("--listen"), absl::string_view::npos) << s;
}

}  // namespace
}  // namespace valohub
