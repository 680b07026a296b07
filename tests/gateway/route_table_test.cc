#include "gateway/route_table.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "gateway/http_binding.h"
#include "google/api/annotations.pb.h"
#include "valohub/testing/v1/routing_test.pb.h"

namespace valohub::gateway {
namespace {

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = RouteTable::Build(HubServices());
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = *std::move(table);
  }
  RouteTable::Outcome Find(const std::string& method, std::vector<std::string> path,
                           RouteMatch* m, std::vector<std::string>* allowed = nullptr) {
    return table_.Find(method, path, m, allowed);
  }
  RouteTable table_;
};

TEST_F(RouteTableTest, EveryAnnotatedMethodHasARoute) {
  size_t annotated = 0, methods = 0;
  for (const char* name : {"valohub.competence.v1.CompetenceService",
                           "valohub.learning.v1.LearningService",
                           "valohub.quality.v1.QualityService"}) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      if (service->method(i)->options().HasExtension(google::api::http)) ++annotated;
    }
    methods += service->method_count();
  }
  EXPECT_EQ(table_.routes().size(), annotated);
  // Internal methods (no HTTP binding: VerifyApiKey, CreateReview, WithdrawReview,
  // ListUnitQualityChanges) get no route.
  EXPECT_EQ(annotated + 4, methods);
}

TEST_F(RouteTableTest, FindsStandardAndCustomMethods) {
  RouteMatch m;
  ASSERT_EQ(Find("GET", {"v1", "institutions", "demo", "people", "p1"}, &m),
            RouteTable::Outcome::kMatched);
  EXPECT_EQ(m.route->grpc_path, "/valohub.competence.v1.CompetenceService/GetPerson");
  EXPECT_EQ(m.bindings[0].second, "institutions/demo/people/p1");
  ASSERT_EQ(Find("POST", {"v1", "frameworks:importCase"}, &m), RouteTable::Outcome::kMatched);
  EXPECT_EQ(m.route->method->name(), "ImportCaseFramework");
  EXPECT_EQ(m.route->body, "package");
  ASSERT_EQ(Find("GET", {"v1", "frameworks", "f:exportCase"}, &m), RouteTable::Outcome::kMatched);
  EXPECT_EQ(m.route->method->name(), "ExportCaseFramework");
  ASSERT_EQ(Find("GET", {"v1", "frameworks", "f"}, &m), RouteTable::Outcome::kMatched);
  EXPECT_EQ(m.route->method->name(), "GetFramework");
  ASSERT_EQ(Find("PATCH", {"v1", "institutions", "demo"}, &m), RouteTable::Outcome::kMatched);
  EXPECT_EQ(m.bindings[0].first, "institution.name");
}

TEST_F(RouteTableTest, WrongMethodListsTheAllowedOnes) {
  RouteMatch m;
  std::vector<std::string> allowed;
  ASSERT_EQ(Find("PUT", {"v1", "institutions", "demo"}, &m, &allowed),
            RouteTable::Outcome::kWrongMethod);
  EXPECT_EQ(allowed, (std::vector<std::string>{"GET", "PATCH", "DELETE"}));
  EXPECT_EQ(Find("GET", {"v1", "nothing"}, &m), RouteTable::Outcome::kNoPath);
  EXPECT_EQ(Find("GET", {"v2", "institutions"}, &m), RouteTable::Outcome::kNoPath);
}

}  // namespace
}  // namespace valohub::gateway

namespace valohub::gateway {
namespace {

TEST(RouteTableRulesTest, AdditionalBindingsDoubleStarAndResponseBody) {
  auto table = RouteTable::Build({testing::v1::GetBookRequest::descriptor()->file()->service(0)});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->routes().size(), 3u);
  RouteMatch m;
  ASSERT_EQ(table->Find("GET", {"v1", "shelves", "s1", "books", "b1"}, &m, nullptr),
            RouteTable::Outcome::kMatched);
  EXPECT_EQ(m.route->response_body, "book");
  ASSERT_EQ(table->Find("GET", {"v1", "libraries", "l1", "books", "b1"}, &m, nullptr),
            RouteTable::Outcome::kMatched);
  EXPECT_EQ(m.route->method->name(), "GetBook");
  EXPECT_EQ(m.bindings[0].second, "libraries/l1/books/b1");

  ASSERT_EQ(table->Find("GET", {"v1", "files", "a", "b", "c.txt"}, &m, nullptr),
            RouteTable::Outcome::kMatched);
  auto request = BindRequest(m, {{"tags", "x"}, {"tags", "y"}}, "");
  ASSERT_TRUE(request.ok()) << request.status();
  auto* file_request = dynamic_cast<testing::v1::GetFileRequest*>(request->get());
  ASSERT_NE(file_request, nullptr);
  EXPECT_EQ(file_request->path(), "files/a/b/c.txt");
  EXPECT_EQ(file_request->tags_size(), 2);

  ASSERT_EQ(table->Find("GET", {"v1", "shelves", "s1", "books", "b1"}, &m, nullptr),
            RouteTable::Outcome::kMatched);
  testing::v1::GetBookResponse response;
  response.mutable_book()->set_name("shelves/s1/books/b1");
  response.set_etag("e");
  auto json = ResponseToJson(*m.route, response);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, R"({"name":"shelves/s1/books/b1","title":""})");
}

}  // namespace
}  // namespace valohub::gateway
