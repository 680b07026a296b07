#include "services/runtime/status.h"

#include <grpcpp/support/status.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace valohub {
namespace {

TEST(StatusTest, InvalidArgumentCarriesEveryViolation) {
  Violations v;
  v.Check(false, "person.email", "is not an email address");
  v.Check(true, "person.display_name", "is required");
  v.Add("person.roles[1]", "is listed twice");
  absl::Status s = v.ToStatus();
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  auto violations = FieldViolations(s);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "person.email");
  EXPECT_EQ(violations[1].field, "person.roles[1]");
  EXPECT_EQ(ErrorReason(s), "INVALID_FIELD");
}

TEST(StatusTest, GrpcStatusHasErrorInfoAndBadRequestDetails) {
  grpc::Status g = ToGrpcStatus(InvalidArgument({{"parent", "is required"}}), "test.valohub.fi");
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status rpc;
  ASSERT_TRUE(rpc.ParseFromString(g.error_details()));
  EXPECT_EQ(rpc.code(), 3);
  google::rpc::ErrorInfo info;
  google::rpc::BadRequest bad;
  bool has_info = false, has_bad = false;
  for (const auto& any : rpc.details()) {
    if (any.UnpackTo(&info)) has_info = true;
    if (any.UnpackTo(&bad)) has_bad = true;
  }
  ASSERT_TRUE(has_info && has_bad);
  EXPECT_EQ(info.domain(), "test.valohub.fi");
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "parent");
}

TEST(StatusTest, InternalErrorsNeverLeakTheirText) {
  grpc::Status g =
      ToGrpcStatus(absl::InternalError("syntax error at or near SELECT"), "test.valohub.fi");
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(g.error_message(), "internal error");
  EXPECT_EQ(g.error_details().find("SELECT"), std::string::npos);
}

TEST(StatusTest, RoundTripThroughGrpcKeepsReasonAndViolations) {
  absl::Status original = Error(absl::StatusCode::kNotFound, "PERSON_NOT_FOUND", "gone");
  absl::Status back = FromGrpcStatus(ToGrpcStatus(original, "d"));
  EXPECT_EQ(back.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(back.message(), "gone");
  EXPECT_EQ(ErrorReason(back), "PERSON_NOT_FOUND");
  absl::Status invalid = FromGrpcStatus(ToGrpcStatus(InvalidArgument({{"a", "b"}}), "d"));
  ASSERT_EQ(FieldViolations(invalid).size(), 1u);
}

}  // namespace
}  // namespace valohub
