// valohub-demo-load: loads the one-machine hub's demo data through the public gRPC API — the
// DigCompEdu framework (published), one sample institution, its people and their
// self-assessments. Safe to run again: what exists already is left as it is.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "services/runtime/flags.h"
#include "valohub/competence/internal/demo_data.pb.h"
#include "valohub/competence/v1/competence.grpc.pb.h"

extern char** environ;

namespace {

namespace v1 = valohub::competence::v1;

bool ReadJson(const std::string& path, google::protobuf::Message* out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "demo-load: cannot read %s\n", path.c_str());
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto status = google::protobuf::util::JsonStringToMessage(ss.str(), out);
  if (!status.ok()) {
    std::fprintf(stderr, "demo-load: %s: %s\n", path.c_str(), status.ToString().c_str());
    return false;
  }
  return true;
}

class Loader {
 public:
  explicit Loader(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::CompetenceService::NewStub(channel)) {}

  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (v1::CompetenceService::Stub::*method)(grpc::ClientContext*,
                                                                         const Req&, Resp*),
                    const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    // The demo loader acts as the hub operator of the one-machine hub.
    ctx.AddMetadata("x-valohub-subject", "demo-loader");
    ctx.AddMetadata("x-valohub-roles", "HUB_OPERATOR");
    return (stub_.get()->*method)(&ctx, req, resp);
  }

  bool Framework(const v1::Framework& framework) {
    v1::GetFrameworkRequest get;
    get.set_name("frameworks/digcompedu");
    v1::Framework existing;
    grpc::Status s = Call(&v1::CompetenceService::Stub::GetFramework, get, &existing);
    if (s.ok() && existing.status() != v1::DRAFT) return true;
    if (!s.ok()) {
      if (s.error_code() != grpc::StatusCode::NOT_FOUND) return Fail("GetFramework", s);
      v1::CreateFrameworkRequest create;
      *create.mutable_framework() = framework;
      create.set_framework_id("digcompedu");
      s = Call(&v1::CompetenceService::Stub::CreateFramework, create, &existing);
      if (!s.ok()) return Fail("CreateFramework", s);
    }
    v1::PublishFrameworkRequest publish;
    publish.set_name("frameworks/digcompedu");
    s = Call(&v1::CompetenceService::Stub::PublishFramework, publish, &existing);
    if (!s.ok()) return Fail("PublishFramework", s);
    std::printf("demo-load: frameworks/digcompedu published (%d items)\n", existing.items_size());
    return true;
  }

  bool Institution(const valohub::competence::internal::DemoInstitution& demo,
                   const std::string& people_out) {
    const std::string parent = "institutions/" + demo.institution_id();
    v1::GetInstitutionRequest get;
    get.set_name(parent);
    v1::Institution institution;
    grpc::Status s = Call(&v1::CompetenceService::Stub::GetInstitution, get, &institution);
    if (!s.ok()) {
      if (s.error_code() != grpc::StatusCode::NOT_FOUND) return Fail("GetInstitution", s);
      v1::CreateInstitutionRequest create;
      *create.mutable_institution() = demo.institution();
      create.set_institution_id(demo.institution_id());
      s = Call(&v1::CompetenceService::Stub::CreateInstitution, create, &institution);
      if (!s.ok()) return Fail("CreateInstitution", s);
    }
    v1::BatchUpsertPeopleRequest upsert;
    upsert.set_parent(parent);
    *upsert.mutable_people() = demo.people();
    v1::BatchUpsertPeopleResponse result;
    s = Call(&v1::CompetenceService::Stub::BatchUpsertPeople, upsert, &result);
    if (!s.ok()) return Fail("BatchUpsertPeople", s);
    std::map<std::string, std::string> person_of;
    for (const auto& row : result.results()) {
      if (row.has_error()) {
        std::fprintf(stderr, "demo-load: person %s: %s\n", row.external_id().c_str(),
                     row.error().message().c_str());
        return false;
      }
      person_of[row.external_id()] = row.person();
    }
    if (!people_out.empty()) {
      std::ofstream out(people_out);
      for (const auto& [external_id, person] : person_of) out << external_id << " " << person << "\n";
    }
    int recorded = 0;
    for (const auto& sa : demo.self_assessments()) {
      const std::string& person = person_of[sa.external_id()];
      if (person.empty()) continue;
      v1::CreateAssessmentRequest create;
      create.set_parent(person);
      // A fixed request id per demo row: loading again records nothing new.
      create.set_request_id("demo-" + sa.external_id() + "-" + sa.competence());
      create.mutable_assessment()->set_competence("frameworks/digcompedu/competences/" +
                                                  sa.competence());
      create.mutable_assessment()->set_level(sa.level());
      create.mutable_assessment()->set_source(v1::Assessment::SELF);
      v1::Assessment out;
      s = Call(&v1::CompetenceService::Stub::CreateAssessment, create, &out);
      if (!s.ok()) return Fail("CreateAssessment", s);
      ++recorded;
    }
    std::printf("demo-load: %s with %d people and %d self-assessments\n", parent.c_str(),
                result.results_size(), recorded);
    return true;
  }

 private:
  static bool Fail(const char* what, const grpc::Status& s) {
    std::fprintf(stderr, "demo-load: %s failed: %s\n", what, s.error_message().c_str());
    return false;
  }

  std::unique_ptr<v1::CompetenceService::Stub> stub_;
};

}  // namespace

int main(int argc, char** argv) {
  valohub::Flags flags;
  const std::string* target = flags.String("competence", "127.0.0.1:7101",
                                           "competence service address", valohub::CheckHostPort);
  const std::string* dir = flags.String("demo-dir", "demo", "folder of the demo JSON files");
  const std::string* people_out = flags.String(
      "people-out", "", "file to write 'external_id person_name' lines of the demo people to");
  if (absl::Status s = flags.Parse(argc, argv, environ); !s.ok()) {
    std::fprintf(stderr, "demo-load: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  v1::Framework framework;
  valohub::competence::internal::DemoInstitution demo;
  if (!ReadJson(*dir + "/digcompedu.json", &framework) ||
      !ReadJson(*dir + "/sample_institution.json", &demo)) {
    return 1;
  }
  Loader loader(grpc::CreateChannel(*target, grpc::InsecureChannelCredentials()));
  return loader.Framework(framework) && loader.Institution(demo, *people_out) ? 0 : 1;
}
