// CompetenceService through a real gRPC channel against a real PostgreSQL: the AIP semantics,
// validation, batch import, frameworks, assessments and the CASE round trip.
#include "tests/competence/service_fixture.h"

namespace valohub::competence {
namespace {

using Stub = v1::CompetenceService::Stub;

TEST_F(CompetenceServiceTest, PersonCrud) {
  CreateInstitution("demo", "0112038-9");
  v1::Person p = CreatePerson("HR-1");
  EXPECT_EQ(p.name().rfind("institutions/demo/people/", 0), 0u);

  v1::GetPersonRequest get;
  get.set_name(p.name());
  v1::Person got;
  ASSERT_TRUE(Call(&Stub::GetPerson, get, &got).ok());
  EXPECT_EQ(got.email(), "aino@example.fi");

  v1::UpdatePersonRequest update;
  update.mutable_person()->set_name(p.name());
  update.mutable_person()->set_etag(p.etag());
  update.mutable_person()->set_teaching_field("Business");
  update.mutable_update_mask()->add_paths("teaching_field");
  v1::Person updated;
  ASSERT_TRUE(Call(&Stub::UpdatePerson, update, &updated).ok());
  EXPECT_EQ(updated.teaching_field(), "Business");
  EXPECT_EQ(updated.display_name(), p.display_name());
  EXPECT_NE(updated.etag(), p.etag());

  // The same update with the old etag is ABORTED and changes nothing.
  v1::Person again;
  update.mutable_person()->set_teaching_field("Construction");
  grpc::Status stale = Call(&Stub::UpdatePerson, update, &again);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  ASSERT_TRUE(Call(&Stub::GetPerson, get, &got).ok());
  EXPECT_EQ(got.teaching_field(), "Business");

  v1::DeletePersonRequest del;
  del.set_name(p.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(Call(&Stub::DeletePerson, del, &empty).ok());
  EXPECT_EQ(Call(&Stub::GetPerson, get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(&Stub::DeletePerson, del, &empty).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CompetenceServiceTest, InstitutionCrudAndValidation) {
  v1::Institution i = CreateInstitution("demo", "0112038-9");
  EXPECT_EQ(i.name(), "institutions/demo");
  v1::CreateInstitutionRequest bad;
  bad.mutable_institution()->set_business_id("0112038-1");
  v1::Institution out;
  grpc::Status s = Call(&Stub::CreateInstitution, bad, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolationFields(s),
            (std::vector<std::string>{"institution.display_name", "institution.kind",
                                      "institution.business_id", "institution.region"}));
  v1::ListInstitutionsRequest list;
  v1::ListInstitutionsResponse listed;
  ASSERT_TRUE(Call(&Stub::ListInstitutions, list, &listed).ok());
  EXPECT_EQ(listed.institutions_size(), 1);

  v1::UpdateInstitutionRequest update;
  update.mutable_institution()->set_name("institutions/demo");
  update.mutable_institution()->set_region("FI-18");
  v1::Institution updated;
  ASSERT_TRUE(Call(&Stub::UpdateInstitution, update, &updated).ok());
  EXPECT_EQ(updated.region(), "FI-18");
  EXPECT_EQ(updated.business_id(), "0112038-9");

  CreatePerson("HR-1");
  v1::DeleteInstitutionRequest del;
  del.set_name("institutions/demo");
  google::protobuf::Empty empty;
  EXPECT_EQ(Call(&Stub::DeleteInstitution, del, &empty).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  del.set_force(true);
  EXPECT_TRUE(Call(&Stub::DeleteInstitution, del, &empty).ok());
}

TEST_F(CompetenceServiceTest, ValidationErrorsNameTheFieldsAndChangeNothing) {
  CreateInstitution("demo", "0112038-9");
  v1::CreatePersonRequest req;
  req.set_parent("institutions/demo");
  req.mutable_person()->set_email("not-an-email");
  req.mutable_person()->set_employment_start_date("2023-02-30");
  v1::Person out;
  grpc::Status s = Call(&Stub::CreatePerson, req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolationFields(s),
            (std::vector<std::string>{"person.display_name", "person.email",
                                      "person.employment_start_date"}));
  v1::ListPeopleRequest list;
  list.set_parent("institutions/demo");
  v1::ListPeopleResponse listed;
  ASSERT_TRUE(Call(&Stub::ListPeople, list, &listed).ok());
  EXPECT_EQ(listed.people_size(), 0);

  v1::GetPersonRequest get;
  get.set_name("people/x");
  EXPECT_EQ(Call(&Stub::GetPerson, get, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  list.set_page_size(-1);
  EXPECT_EQ(Call(&Stub::ListPeople, list, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CompetenceServiceTest, NotFoundAndAlreadyExists) {
  v1::GetPersonRequest get;
  get.set_name("institutions/nowhere/people/nobody");
  v1::Person out;
  EXPECT_EQ(Call(&Stub::GetPerson, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  CreateInstitution("demo", "0112038-9");
  CreatePerson("HR-1");
  v1::CreatePersonRequest dup;
  dup.set_parent("institutions/demo");
  *dup.mutable_person() = SamplePerson("HR-1");
  EXPECT_EQ(Call(&Stub::CreatePerson, dup, &out).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  v1::CreateInstitutionRequest same_id;
  *same_id.mutable_institution() = SampleInstitution("0737546-2");
  same_id.set_institution_id("demo");
  v1::Institution inst;
  EXPECT_EQ(Call(&Stub::CreateInstitution, same_id, &inst).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(CompetenceServiceTest, ConflictsNameWhatIsTaken) {
  CreateInstitution("demo", "0112038-9");
  v1::CreatePersonRequest req;
  req.set_parent("institutions/demo");
  req.set_person_id("p1");
  *req.mutable_person() = SamplePerson("HR-1");
  v1::Person out;
  ASSERT_TRUE(Call(&Stub::CreatePerson, req, &out).ok());
  auto reason = [](const grpc::Status& s) {
    google::rpc::Status rpc;
    rpc.ParseFromString(s.error_details());
    google::rpc::ErrorInfo info;
    for (const auto& any : rpc.details()) any.UnpackTo(&info);
    return info.reason();
  };
  *req.mutable_person() = SamplePerson("HR-2");
  grpc::Status same_id = Call(&Stub::CreatePerson, req, &out);
  EXPECT_EQ(same_id.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(reason(same_id), "PERSON_EXISTS");
  req.set_person_id("p2");
  *req.mutable_person() = SamplePerson("HR-1");
  grpc::Status same_external = Call(&Stub::CreatePerson, req, &out);
  EXPECT_EQ(same_external.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(reason(same_external), "EXTERNAL_ID_TAKEN");
}

TEST_F(CompetenceServiceTest, AbsurdAssessmentTimesAreRefused) {
  CreateInstitution("demo", "0112038-9");
  v1::Person p = CreatePerson("HR-1");
  PublishedFramework();
  for (int64_t seconds : {int64_t{18000000000000}, int64_t{-5}, int64_t{4102444800}}) {
    v1::CreateAssessmentRequest req;
    req.set_parent(p.name());
    req.mutable_assessment()->set_competence("frameworks/f/competences/1.1");
    req.mutable_assessment()->set_level("A1");
    req.mutable_assessment()->set_source(v1::Assessment::SELF);
    req.mutable_assessment()->mutable_assess_time()->set_seconds(seconds);
    v1::Assessment out;
    grpc::Status s = Call(&Stub::CreateAssessment, req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << seconds;
    EXPECT_EQ(ViolationFields(s), std::vector<std::string>{"assessment.assess_time"});
  }
}

TEST_F(CompetenceServiceTest, RetryWithSameRequestIdReturnsFirstResult) {
  CreateInstitution("demo", "0112038-9");
  v1::Person first = CreatePerson("HR-1", "req-123");
  v1::Person retry = CreatePerson("HR-1", "req-123");
  EXPECT_EQ(first.SerializeAsString(), retry.SerializeAsString());
  v1::ListPeopleRequest list;
  list.set_parent("institutions/demo");
  v1::ListPeopleResponse listed;
  ASSERT_TRUE(Call(&Stub::ListPeople, list, &listed).ok());
  EXPECT_EQ(listed.people_size(), 1);
}

TEST_F(CompetenceServiceTest, PaginationLosesAndRepeatsNothingWhileRowsArrive) {
  CreateInstitution("demo", "0112038-9");
  std::set<std::string> expected;
  for (int i = 0; i < 25; ++i) expected.insert(CreatePerson("HR-" + std::to_string(i)).name());
  std::vector<std::string> seen;
  v1::ListPeopleRequest list;
  list.set_parent("institutions/demo");
  list.set_page_size(7);
  int pages = 0, inserted = 0;
  while (true) {
    v1::ListPeopleResponse page;
    ASSERT_TRUE(Call(&Stub::ListPeople, list, &page).ok());
    ++pages;
    for (const auto& p : page.people()) seen.push_back(p.name());
    // Rows inserted between pages come after the cursor.
    if (inserted < 3) expected.insert(CreatePerson("NEW-" + std::to_string(inserted++)).name());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a row was repeated";
  EXPECT_EQ(unique, expected) << "a row was lost";
  EXPECT_GE(pages, 4);

  // A token is bound to the list it came from.
  v1::ListPeopleRequest other;
  other.set_parent("institutions/elsewhere");
  other.set_page_token(list.page_token());
  v1::ListPeopleResponse ignored;
  EXPECT_EQ(Call(&Stub::ListPeople, other, &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CompetenceServiceTest, BatchUpsertKeepsGoodRowsAndReportsBadOnes) {
  CreateInstitution("demo", "0112038-9");
  v1::BatchUpsertPeopleRequest req;
  req.set_parent("institutions/demo");
  for (int i = 0; i < 20000; ++i) {
    v1::Person* p = req.add_people();
    p->set_display_name("Person " + std::to_string(i));
    p->set_external_id("HR-" + std::to_string(i));
    p->add_roles(v1::TEACHER);
  }
  req.mutable_people(5)->set_email("broken");
  req.mutable_people(6)->set_external_id("HR-1");  // repeats row 1
  v1::BatchUpsertPeopleResponse out;
  grpc::Status s = Call(&Stub::BatchUpsertPeople, req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.created_count(), 19998);
  EXPECT_EQ(out.failed_count(), 2);
  ASSERT_EQ(out.results_size(), 20000);
  EXPECT_TRUE(out.results(5).has_error());
  EXPECT_EQ(out.results(5).error().code(), 3);
  EXPECT_TRUE(out.results(6).has_error());
  EXPECT_FALSE(out.results(7).person().empty());

  // Running it again updates instead of duplicating.
  req.mutable_people(5)->set_email("");
  req.mutable_people(6)->set_external_id("HR-6");
  ASSERT_TRUE(Call(&Stub::BatchUpsertPeople, req, &out).ok());
  EXPECT_EQ(out.updated_count(), 19998);
  EXPECT_EQ(out.created_count(), 2);
}

TEST_F(CompetenceServiceTest, AssessmentsAndProfile) {
  CreateInstitution("demo", "0112038-9");
  v1::Person p = CreatePerson("HR-1");
  PublishedFramework();
  auto assess = [&](v1::Assessment::Source source, const std::string& level) {
    v1::CreateAssessmentRequest req;
    req.set_parent(p.name());
    req.mutable_assessment()->set_competence("frameworks/f/competences/1.1");
    req.mutable_assessment()->set_level(level);
    req.mutable_assessment()->set_source(source);
    v1::Assessment out;
    return Call(&Stub::CreateAssessment, req, &out);
  };
  ASSERT_TRUE(assess(v1::Assessment::SELF, "A1").ok());
  ASSERT_TRUE(assess(v1::Assessment::SELF, "A2").ok());
  ASSERT_TRUE(assess(v1::Assessment::PEER, "A1").ok());
  grpc::Status bad_level = assess(v1::Assessment::SELF, "C2");
  EXPECT_EQ(bad_level.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolationFields(bad_level), std::vector<std::string>{"assessment.level"});

  v1::GetCompetenceProfileRequest get;
  get.set_name(p.name() + "/competenceProfile");
  v1::CompetenceProfile profile;
  ASSERT_TRUE(Call(&Stub::GetCompetenceProfile, get, &profile).ok());
  ASSERT_EQ(profile.competences_size(), 1);
  EXPECT_EQ(profile.competences(0).self().level(), "A2");
  EXPECT_EQ(profile.competences(0).peer().level(), "A1");
  EXPECT_FALSE(profile.competences(0).has_manager());

  v1::ListAssessmentsRequest list;
  list.set_parent(p.name());
  v1::ListAssessmentsResponse history;
  ASSERT_TRUE(Call(&Stub::ListAssessments, list, &history).ok());
  EXPECT_EQ(history.assessments_size(), 3);
}

TEST_F(CompetenceServiceTest, DraftFrameworksCannotBeAssessedAndPublishedAreImmutable) {
  CreateInstitution("demo", "0112038-9");
  v1::Person p = CreatePerson("HR-1");
  v1::CreateFrameworkRequest create;
  *create.mutable_framework() = SampleFramework();
  create.set_framework_id("f");
  v1::Framework f;
  ASSERT_TRUE(Call(&Stub::CreateFramework, create, &f).ok());
  EXPECT_EQ(f.status(), v1::DRAFT);

  v1::CreateAssessmentRequest assess;
  assess.set_parent(p.name());
  assess.mutable_assessment()->set_competence("frameworks/f/competences/1.1");
  assess.mutable_assessment()->set_level("A1");
  assess.mutable_assessment()->set_source(v1::Assessment::SELF);
  v1::Assessment a;
  EXPECT_EQ(Call(&Stub::CreateAssessment, assess, &a).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::PublishFrameworkRequest publish;
  publish.set_name("frameworks/f");
  ASSERT_TRUE(Call(&Stub::PublishFramework, publish, &f).ok());
  v1::UpdateFrameworkRequest update;
  update.mutable_framework()->set_name("frameworks/f");
  update.mutable_framework()->set_display_name("Changed");
  EXPECT_EQ(Call(&Stub::UpdateFramework, update, &f).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::DeleteFrameworkRequest del;
  del.set_name("frameworks/f");
  google::protobuf::Empty empty;
  EXPECT_EQ(Call(&Stub::DeleteFramework, del, &empty).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::RetireFrameworkRequest retire;
  retire.set_name("frameworks/f");
  ASSERT_TRUE(Call(&Stub::RetireFramework, retire, &f).ok());
  EXPECT_EQ(f.status(), v1::RETIRED);
}

TEST_F(CompetenceServiceTest, CaseImportExportImportRoundTrip) {
  std::ifstream in(std::string(VALOHUB_SOURCE_DIR) + "/demo/digcompedu.json");
  std::stringstream ss;
  ss << in.rdbuf();
  v1::CreateFrameworkRequest create;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ss.str(), create.mutable_framework()).ok());
  create.set_framework_id("digcompedu");
  v1::Framework original;
  ASSERT_TRUE(Call(&Stub::CreateFramework, create, &original).ok());
  EXPECT_EQ(original.items_size(), 28);

  v1::ExportCaseFrameworkRequest exp;
  exp.set_name("frameworks/digcompedu");
  v1::CasePackage exported;
  ASSERT_TRUE(Call(&Stub::ExportCaseFramework, exp, &exported).ok());

  v1::DeleteFrameworkRequest del;
  del.set_name("frameworks/digcompedu");
  google::protobuf::Empty empty;
  ASSERT_TRUE(Call(&Stub::DeleteFramework, del, &empty).ok());

  v1::ImportCaseFrameworkRequest import;
  *import.mutable_package() = exported;
  import.set_framework_id("again");
  v1::Framework imported;
  grpc::Status s = Call(&Stub::ImportCaseFramework, import, &imported);
  ASSERT_TRUE(s.ok()) << s.error_message();

  google::protobuf::util::MessageDifferencer differ;
  for (const char* field : {"name", "create_time", "update_time", "etag"}) {
    differ.IgnoreField(v1::Framework::descriptor()->FindFieldByName(field));
  }
  std::string diff;
  differ.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differ.Compare(original, imported)) << diff;
}


TEST_F(CompetenceServiceTest, RetiringAFrameworkKeepsItsAssessments) {
  CreateInstitution("demo", "0112038-9");
  v1::Person p = CreatePerson("HR-1");
  PublishedFramework();
  v1::CreateAssessmentRequest req;
  req.set_parent(p.name());
  req.mutable_assessment()->set_competence("frameworks/f/competences/1.1");
  req.mutable_assessment()->set_level("A2");
  req.mutable_assessment()->set_source(v1::Assessment::SELF);
  v1::Assessment a;
  ASSERT_TRUE(Call(&Stub::CreateAssessment, req, &a).ok());
  v1::RetireFrameworkRequest retire;
  retire.set_name("frameworks/f");
  v1::Framework f;
  grpc::Status s = Call(&Stub::RetireFramework, retire, &f);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::GetCompetenceProfileRequest get;
  get.set_name(p.name() + "/competenceProfile");
  v1::CompetenceProfile profile;
  ASSERT_TRUE(Call(&Stub::GetCompetenceProfile, get, &profile).ok());
  ASSERT_EQ(profile.competences_size(), 1);
  EXPECT_EQ(profile.competences(0).self().level(), "A2");
}


}  // namespace
}  // namespace valohub::competence
