#include "gateway/http_binding.h"

#include <gtest/gtest.h>

#include "services/runtime/status.h"
#include "valohub/competence/v1/competence.pb.h"

namespace valohub::gateway {
namespace {

namespace v1 = competence::v1;

class HttpBindingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = RouteTable::Build(HubServices());
    ASSERT_TRUE(table.ok());
    table_ = *std::move(table);
  }
  RouteMatch Match(const std::string& method, std::vector<std::string> path) {
    RouteMatch m;
    EXPECT_EQ(table_.Find(method, path, &m, nullptr), RouteTable::Outcome::kMatched);
    return m;
  }
  RouteTable table_;
};

TEST_F(HttpBindingTest, NamedBodyAndNestedPathVariable) {
  auto m = Match("PATCH", {"v1", "institutions", "demo", "people", "p1"});
  auto msg = BindRequest(m, {{"updateMask", "displayName,teachingField"}},
                         R"({"displayName": "Aino", "roles": ["TEACHER", "MENTOR"]})");
  ASSERT_TRUE(msg.ok()) << msg.status();
  auto* req = dynamic_cast<v1::UpdatePersonRequest*>(msg->get());
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->person().name(), "institutions/demo/people/p1");
  EXPECT_EQ(req->person().display_name(), "Aino");
  EXPECT_EQ(req->person().roles_size(), 2);
  ASSERT_EQ(req->update_mask().paths_size(), 2);
  EXPECT_EQ(req->update_mask().paths(1), "teaching_field");
}

TEST_F(HttpBindingTest, QueryParametersByJsonOrProtoName) {
  auto m = Match("GET", {"v1", "institutions", "demo", "people"});
  auto msg = BindRequest(m, {{"pageSize", "7"}, {"page_token", "abc"}}, "");
  ASSERT_TRUE(msg.ok()) << msg.status();
  auto* req = dynamic_cast<v1::ListPeopleRequest*>(msg->get());
  EXPECT_EQ(req->parent(), "institutions/demo");
  EXPECT_EQ(req->page_size(), 7);
  EXPECT_EQ(req->page_token(), "abc");
}

TEST_F(HttpBindingTest, NestedAndRepeatedQueryParameters) {
  auto m = Match("GET", {"v1", "institutions", "demo"});
  v1::UpdatePersonRequest target;
  ASSERT_TRUE(SetFieldFromText(target, "person.display_name", "A").ok());
  ASSERT_TRUE(SetFieldFromText(target, "person.roles", "TEACHER").ok());
  ASSERT_TRUE(SetFieldFromText(target, "person.roles", "2").ok());
  EXPECT_EQ(target.person().display_name(), "A");
  ASSERT_EQ(target.person().roles_size(), 2);
  EXPECT_EQ(target.person().roles(1), v1::MANAGER);
  EXPECT_FALSE(SetFieldFromText(target, "person.roles", "KING").ok());
  EXPECT_FALSE(SetFieldFromText(target, "person.nope", "x").ok());
}

TEST_F(HttpBindingTest, ErrorsNameTheProblem) {
  auto list = Match("GET", {"v1", "institutions"});
  auto unknown = BindRequest(list, {{"bogus", "1"}}, "");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("bogus"), absl::string_view::npos);
  auto bad_int = BindRequest(list, {{"pageSize", "many"}}, "");
  ASSERT_FALSE(bad_int.ok());
  EXPECT_NE(bad_int.status().message().find("pageSize"), absl::string_view::npos);

  auto create = Match("POST", {"v1", "institutions"});
  auto malformed = BindRequest(create, {}, "{not json");
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(malformed.status()), "MALFORMED_BODY");
  auto unknown_field = BindRequest(create, {}, R"({"displayNme": "x"})");
  EXPECT_EQ(ErrorReason(unknown_field.status()), "MALFORMED_BODY");
  EXPECT_NE(unknown_field.status().message().find("displayNme"), absl::string_view::npos);
  // A field the body already sets cannot come from the query too.
  auto twice = BindRequest(create, {{"institution.displayName", "y"}}, R"({"displayName": "x"})");
  EXPECT_FALSE(twice.ok());

  auto batch = Match("POST", {"v1", "institutions", "demo", "people:batchUpsert"});
  EXPECT_FALSE(BindRequest(batch, {{"parent", "x"}}, "{}").ok());
  auto get = Match("GET", {"v1", "institutions", "demo"});
  EXPECT_EQ(ErrorReason(BindRequest(get, {}, "{}").status()), "UNEXPECTED_BODY");
}

TEST_F(HttpBindingTest, InvalidUtf8IsRefused) {
  auto create = Match("POST", {"v1", "institutions"});
  for (const char* body : {"{\"displayName\":\"\xff\"}", "{\"displayName\":\"\xc3\"}",
                           "{\"displayName\":\"\xed\xa0\x80\"}", "{\"displayName\":\"\xe0\x80\xaf\"}"}) {
    auto r = BindRequest(create, {}, body);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_TRUE(BindRequest(create, {}, "{\"displayName\":\"Jyv\xc3\xa4skyl\xc3\xa4 \xf0\x9f\x8e\x93\"}").ok());
  auto list = Match("GET", {"v1", "institutions"});
  EXPECT_FALSE(BindRequest(list, {{"pageToken", "\xff"}}, "").ok());
}

TEST_F(HttpBindingTest, ResponsesPrintZeroValues) {
  auto m = Match("GET", {"v1", "institutions", "demo"});
  v1::Institution institution;
  institution.set_name("institutions/demo");
  auto json = ResponseToJson(*m.route, institution);
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"displayName\":\"\""), std::string::npos) << *json;
  EXPECT_NE(json->find("\"kind\":\"KIND_UNSPECIFIED\""), std::string::npos) << *json;
}

}  // namespace
}  // namespace valohub::gateway
