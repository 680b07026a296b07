// Who may do what in the competence service: anonymous callers, other institutions, teachers,
// managers, service principals.
#include "tests/competence/service_fixture.h"

namespace valohub::competence {
namespace {

using Stub = v1::CompetenceService::Stub;


TEST_F(CompetenceServiceTest, AnonymousCallersGetOnlyPublicFrameworks) {
  CreateInstitution("demo", "0112038-9");
  v1::Person p = CreatePerson("HR-1");
  PublishedFramework();
  v1::GetPersonRequest get;
  get.set_name(p.name());
  v1::Person out;
  EXPECT_EQ(CallAs({}, &Stub::GetPerson, get, &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  v1::GetFrameworkRequest framework;
  framework.set_name("frameworks/f");
  v1::Framework f;
  EXPECT_TRUE(CallAs({}, &Stub::GetFramework, framework, &f).ok());
  v1::CreateFrameworkRequest create;
  *create.mutable_framework() = SampleFramework();
  create.mutable_framework()->set_case_identifier("");
  EXPECT_EQ(CallAs({}, &Stub::CreateFramework, create, &f).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  create.set_framework_id("draft");
  ASSERT_TRUE(Call(&Stub::CreateFramework, create, &f).ok());
  framework.set_name("frameworks/draft");
  EXPECT_EQ(CallAs({}, &Stub::GetFramework, framework, &f).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Call(&Stub::GetFramework, framework, &f).ok());
  v1::ListFrameworksRequest list;
  v1::ListFrameworksResponse listed;
  ASSERT_TRUE(CallAs({}, &Stub::ListFrameworks, list, &listed).ok());
  EXPECT_EQ(listed.frameworks_size(), 1);
  ASSERT_TRUE(Call(&Stub::ListFrameworks, list, &listed).ok());
  EXPECT_EQ(listed.frameworks_size(), 2);
  EXPECT_EQ(CallAs({"admin", "demo", "INSTITUTION_ADMIN", ""}, &Stub::CreateFramework, create, &f)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CompetenceServiceTest, OtherInstitutionIsDeniedBeforeExistence) {
  CreateInstitution("demo", "0112038-9");
  CreateInstitution("other", "0737546-2");
  v1::Person p = CreatePerson("HR-1");
  As foreign_admin{"a", "other", "INSTITUTION_ADMIN", ""};
  v1::GetPersonRequest get;
  get.set_name(p.name());
  v1::Person out;
  EXPECT_EQ(CallAs(foreign_admin, &Stub::GetPerson, get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_name("institutions/demo/people/does-not-exist");
  EXPECT_EQ(CallAs(foreign_admin, &Stub::GetPerson, get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_name("institutions/nowhere/people/nobody");
  EXPECT_EQ(CallAs(foreign_admin, &Stub::GetPerson, get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListInstitutionsRequest list;
  v1::ListInstitutionsResponse listed;
  ASSERT_TRUE(CallAs(foreign_admin, &Stub::ListInstitutions, list, &listed).ok());
  ASSERT_EQ(listed.institutions_size(), 1);
  EXPECT_EQ(listed.institutions(0).name(), "institutions/other");
  v1::DeletePersonRequest del;
  del.set_name(p.name());
  google::protobuf::Empty empty;
  EXPECT_EQ(CallAs(foreign_admin, &Stub::DeletePerson, del, &empty).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_name(p.name());
  EXPECT_TRUE(Call(&Stub::GetPerson, get, &out).ok());
}

TEST_F(CompetenceServiceTest, TeacherSeesOnlyThemselvesAndCannotSetAdminFields) {
  CreateInstitution("demo", "0112038-9");
  v1::Person me = CreatePerson("HR-1");
  v1::Person colleague = CreatePerson("HR-2");
  As teacher{"t", "demo", "TEACHER", IdOf(me.name())};
  v1::GetPersonRequest get;
  get.set_name(me.name());
  v1::Person out;
  EXPECT_TRUE(CallAs(teacher, &Stub::GetPerson, get, &out).ok());
  get.set_name(colleague.name());
  EXPECT_EQ(CallAs(teacher, &Stub::GetPerson, get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListPeopleRequest list;
  list.set_parent("institutions/demo");
  v1::ListPeopleResponse listed;
  EXPECT_EQ(CallAs(teacher, &Stub::ListPeople, list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::UpdatePersonRequest update;
  update.mutable_person()->set_name(me.name());
  update.mutable_person()->set_teaching_field("Music");
  update.mutable_update_mask()->add_paths("teaching_field");
  ASSERT_TRUE(CallAs(teacher, &Stub::UpdatePerson, update, &out).ok());
  EXPECT_EQ(out.teaching_field(), "Music");
  // Roles are the admin's, whichever way the request is put.
  update.mutable_person()->add_roles(v1::MANAGER);
  update.mutable_update_mask()->add_paths("roles");
  EXPECT_EQ(CallAs(teacher, &Stub::UpdatePerson, update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  update.clear_update_mask();
  EXPECT_EQ(CallAs(teacher, &Stub::UpdatePerson, update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_name(me.name());
  ASSERT_TRUE(Call(&Stub::GetPerson, get, &out).ok());
  EXPECT_EQ(out.roles_size(), 1);
  EXPECT_EQ(out.roles(0), v1::TEACHER);
}

TEST_F(CompetenceServiceTest, AssessmentSourcesFollowRoles) {
  CreateInstitution("demo", "0112038-9");
  v1::Person me = CreatePerson("HR-1");
  v1::Person colleague = CreatePerson("HR-2");
  PublishedFramework();
  As teacher{"t", "demo", "TEACHER", IdOf(me.name())};
  As manager{"m", "demo", "MANAGER", IdOf(colleague.name())};
  auto assess = [&](const As& as, const v1::Person& person, v1::Assessment::Source source) {
    v1::CreateAssessmentRequest req;
    req.set_parent(person.name());
    req.mutable_assessment()->set_competence("frameworks/f/competences/1.1");
    req.mutable_assessment()->set_level("A1");
    req.mutable_assessment()->set_source(source);
    v1::Assessment out;
    return CallAs(as, &Stub::CreateAssessment, req, &out).error_code();
  };
  EXPECT_EQ(assess(teacher, me, v1::Assessment::SELF), grpc::StatusCode::OK);
  EXPECT_EQ(assess(teacher, me, v1::Assessment::MANAGER), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(assess(teacher, colleague, v1::Assessment::SELF), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(assess(teacher, me, v1::Assessment::EVIDENCE), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(assess(manager, me, v1::Assessment::MANAGER), grpc::StatusCode::OK);
  EXPECT_EQ(assess(manager, colleague, v1::Assessment::MANAGER),
            grpc::StatusCode::PERMISSION_DENIED);  // not of oneself
  EXPECT_EQ(assess({"svc", "", "SERVICE", ""}, me, v1::Assessment::EVIDENCE),
            grpc::StatusCode::PERMISSION_DENIED);  // a service without the tenant
  EXPECT_EQ(assess({"svc", "demo", "SERVICE", ""}, me, v1::Assessment::EVIDENCE),
            grpc::StatusCode::OK);
  // A hub service reads a person of the institution it acts for (whether a reviewer exists),
  // and of no other.
  v1::GetPersonRequest get;
  get.set_name(me.name());
  v1::Person read;
  EXPECT_TRUE(CallAs({"svc", "demo", "SERVICE", ""}, &Stub::GetPerson, get, &read).ok());
  EXPECT_EQ(CallAs({"svc", "", "SERVICE", ""}, &Stub::GetPerson, get, &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CallAs({"svc", "elsewhere", "SERVICE", ""}, &Stub::GetPerson, get, &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The person record only: their assessments and profile stay closed to a service.
  v1::ListAssessmentsRequest list;
  list.set_parent(me.name());
  v1::ListAssessmentsResponse assessments;
  EXPECT_EQ(CallAs({"svc", "demo", "SERVICE", ""}, &Stub::ListAssessments, list, &assessments)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetCompetenceProfileRequest profile_req;
  profile_req.set_name(me.name() + "/competenceProfile");
  v1::CompetenceProfile profile;
  EXPECT_EQ(CallAs({"svc", "demo", "SERVICE", ""}, &Stub::GetCompetenceProfile, profile_req,
                   &profile).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}


}  // namespace
}  // namespace valohub::competence
