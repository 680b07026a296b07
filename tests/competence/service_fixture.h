// CompetenceService served in-process over a real gRPC channel (port 0), on a real PostgreSQL:
// the fixture of the competence service tests.
#ifndef VALOHUB_TESTS_COMPETENCE_SERVICE_FIXTURE_H_
#define VALOHUB_TESTS_COMPETENCE_SERVICE_FIXTURE_H_

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <sstream>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/competence/competence_grpc.h"
#include "services/competence/competence_service.h"
#include "services/runtime/executor.h"
#include "services/runtime/metrics.h"
#include "services/runtime/service_host.h"
#include "tests/competence/store_fixture.h"

namespace valohub::competence {

class CompetenceServiceTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    service_ = std::make_unique<CompetenceService>(*pool_);
    calls_ = std::make_unique<UnaryCalls>(kErrorDomainName, executor_, logger_, metrics_,
                                          absl::Seconds(30));
    grpc_ = std::make_unique<CompetenceGrpc>(*service_, *calls_);
    ServiceHostOptions options;
    options.service_names = {kServiceName};
    host_ = std::make_unique<ServiceHost>(options, logger_, metrics_, pool_.get());
    ASSERT_TRUE(host_->Start({grpc_.get()}).ok());
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(host_->port()),
                                       grpc::InsecureChannelCredentials());
    stub_ = v1::CompetenceService::NewStub(channel);
  }
  void TearDown() override { host_->Shutdown(); }

  // As the gateway forwards a verified principal.
  struct As {
    std::string subject, institution, roles, person;
  };
  static As Operator() { return {"op", "", "HUB_OPERATOR", ""}; }

  template <typename Req, typename Resp>
  grpc::Status CallAs(const As& as,
                      grpc::Status (v1::CompetenceService::Stub::*method)(grpc::ClientContext*,
                                                                           const Req&, Resp*),
                      const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!as.subject.empty()) ctx.AddMetadata("x-valohub-subject", as.subject);
    if (!as.institution.empty()) ctx.AddMetadata("x-valohub-institution", as.institution);
    if (!as.roles.empty()) ctx.AddMetadata("x-valohub-roles", as.roles);
    if (!as.person.empty()) ctx.AddMetadata("x-valohub-person", as.person);
    return (stub_.get()->*method)(&ctx, req, resp);
  }

  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (v1::CompetenceService::Stub::*method)(grpc::ClientContext*,
                                                                         const Req&, Resp*),
                    const Req& req, Resp* resp) {
    return CallAs(Operator(), method, req, resp);
  }

  v1::Institution CreateInstitution(const std::string& id, const std::string& business_id) {
    v1::CreateInstitutionRequest req;
    *req.mutable_institution() = SampleInstitution(business_id);
    req.set_institution_id(id);
    v1::Institution out;
    grpc::Status s = Call(&v1::CompetenceService::Stub::CreateInstitution, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::Person CreatePerson(const std::string& external_id, const std::string& request_id = "") {
    v1::CreatePersonRequest req;
    req.set_parent("institutions/demo");
    *req.mutable_person() = SamplePerson(external_id);
    req.set_request_id(request_id);
    v1::Person out;
    grpc::Status s = Call(&v1::CompetenceService::Stub::CreatePerson, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::Framework PublishedFramework() {
    v1::CreateFrameworkRequest create;
    *create.mutable_framework() = SampleFramework();
    create.set_framework_id("f");
    v1::Framework f;
    EXPECT_TRUE(Call(&v1::CompetenceService::Stub::CreateFramework, create, &f).ok());
    v1::PublishFrameworkRequest publish;
    publish.set_name("frameworks/f");
    EXPECT_TRUE(Call(&v1::CompetenceService::Stub::PublishFramework, publish, &f).ok());
    return f;
  }

  static std::vector<std::string> ViolationFields(const grpc::Status& s) {
    google::rpc::Status rpc;
    std::vector<std::string> out;
    if (!rpc.ParseFromString(s.error_details())) return out;
    for (const auto& any : rpc.details()) {
      google::rpc::BadRequest bad;
      if (any.UnpackTo(&bad)) {
        for (const auto& v : bad.field_violations()) out.push_back(v.field());
      }
    }
    return out;
  }

  Logger logger_{"test", stderr};
  Metrics metrics_{"competence"};
  Executor executor_{4, 100};
  std::unique_ptr<CompetenceService> service_;
  std::unique_ptr<UnaryCalls> calls_;
  std::unique_ptr<CompetenceGrpc> grpc_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<v1::CompetenceService::Stub> stub_;
};



// The last segment of a resource name.
inline std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

}  // namespace valohub::competence

#endif  // VALOHUB_TESTS_COMPETENCE_SERVICE_FIXTURE_H_
