#include "services/runtime/update_mask.h"

#include <google/protobuf/field_mask.pb.h>
#include <gtest/gtest.h>

#include "services/runtime/status.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub {
namespace {

using competence::v1::Person;

const std::vector<std::string> kMutable = {"display_name", "email", "roles"};

TEST(UpdateMaskTest, AppliesOnlyNamedFields) {
  Person target, patch;
  target.set_display_name("Old");
  target.set_email("old@example.fi");
  patch.set_display_name("New");
  patch.set_email("new@example.fi");
  google::protobuf::FieldMask mask;
  mask.add_paths("email");
  ASSERT_TRUE(ApplyUpdate(patch, mask, kMutable, &target).ok());
  EXPECT_EQ(target.display_name(), "Old");
  EXPECT_EQ(target.email(), "new@example.fi");
}

TEST(UpdateMaskTest, EmptyMaskMeansPopulatedFields) {
  Person target, patch;
  target.set_display_name("Old");
  target.set_email("old@example.fi");
  patch.set_email("new@example.fi");
  ASSERT_TRUE(ApplyUpdate(patch, {}, kMutable, &target).ok());
  EXPECT_EQ(target.display_name(), "Old");
  EXPECT_EQ(target.email(), "new@example.fi");
}

TEST(UpdateMaskTest, RepeatedFieldsAreReplaced) {
  Person target, patch;
  target.add_roles(competence::v1::TEACHER);
  patch.add_roles(competence::v1::MANAGER);
  google::protobuf::FieldMask mask;
  mask.add_paths("roles");
  ASSERT_TRUE(ApplyUpdate(patch, mask, kMutable, &target).ok());
  ASSERT_EQ(target.roles_size(), 1);
  EXPECT_EQ(target.roles(0), competence::v1::MANAGER);
}

TEST(UpdateMaskTest, ImmutableFieldIsRefusedAndNothingChanges) {
  Person target, patch;
  target.set_name("institutions/a/people/b");
  patch.set_name("institutions/x/people/y");
  google::protobuf::FieldMask mask;
  mask.add_paths("name");
  absl::Status s = ApplyUpdate(patch, mask, kMutable, &target);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolations(s)[0].field, "update_mask");
  EXPECT_EQ(target.name(), "institutions/a/people/b");
}

}  // namespace
}  // namespace valohub
