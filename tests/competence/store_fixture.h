// A migrated competence schema in a fresh database of the shared test cluster, and a pool on it.
#ifndef VALOHUB_TESTS_COMPETENCE_STORE_FIXTURE_H_
#define VALOHUB_TESTS_COMPETENCE_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "services/competence/competence_migrations.h"
#include "services/competence/competence_service.h"
#include "services/competence/framework_store.h"
#include "services/competence/institution_store.h"
#include "services/competence/person_store.h"
#include "services/runtime/db.h"
#include "services/runtime/logger.h"
#include "services/runtime/migrations.h"
#include "tests/support/pg_cluster.h"

namespace valohub::competence {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conninfo_ = testing::SharedCluster().CreateDatabase();
    Logger logger("test", stderr);
    ASSERT_TRUE(ApplyMigrations(conninfo_, "competence", Migrations(), logger,
                                absl::Now() + absl::Seconds(30))
                    .ok());
    pool_ = std::make_unique<db::Pool>(db::PoolOptions{conninfo_, 4}, AllQueries(), nullptr);
  }

  // Runs `body` in a committed transaction and returns its status.
  absl::Status InTx(const std::function<absl::Status(db::Tx&)>& body) {
    return pool_->Run(absl::Now() + absl::Seconds(30), body);
  }

  // Unwraps a StatusOr inside a transaction for tests.
  template <typename T>
  T Must(const std::function<absl::StatusOr<T>(db::Tx&)>& body) {
    T out{};
    absl::Status s = InTx([&](db::Tx& tx) -> absl::Status {
      auto r = body(tx);
      if (!r.ok()) return r.status();
      out = *std::move(r);
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  // institutions/demo, its person "p" (external id HR-1) and the PUBLISHED framework "f".
  void SeedPersonAndPublishedFramework();

  std::string conninfo_;
  std::unique_ptr<db::Pool> pool_;
};

inline v1::Institution SampleInstitution(const std::string& business_id = "0112038-9") {
  v1::Institution i;
  i.set_display_name("Esimerkki College");
  i.set_kind(v1::Institution::VET_PROVIDER);
  i.set_business_id(business_id);
  i.set_region("FI-11");
  return i;
}

inline v1::Person SamplePerson(const std::string& external_id) {
  v1::Person p;
  p.set_display_name("Aino Virtanen");
  p.set_email("aino@example.fi");
  p.add_roles(v1::TEACHER);
  p.set_teaching_field("ICT");
  p.set_employment_start_date("2020-08-01");
  p.set_external_id(external_id);
  return p;
}

// A published two-level framework "f" with competence "1.1" and levels A1, A2.
inline v1::Framework SampleFramework() {
  v1::Framework f;
  f.set_display_name("Sample");
  f.set_case_identifier("5f0c9a3e-1b2c-4d5e-8f90-0123456789ab");
  for (const char* code : {"A1", "A2"}) {
    auto* l = f.add_levels();
    l->set_code(code);
    l->set_title(code);
  }
  auto* area = f.add_items();
  area->set_code("1");
  area->set_kind(v1::AREA);
  area->set_title("Area");
  area->set_case_identifier("6f0c9a3e-1b2c-4d5e-8f90-0123456789ab");
  auto* c = f.add_items();
  c->set_code("1.1");
  c->set_kind(v1::COMPETENCE);
  c->set_parent_code("1");
  c->set_title("Competence");
  c->set_case_identifier("7f0c9a3e-1b2c-4d5e-8f90-0123456789ab");
  return f;
}

inline void StoreTest::SeedPersonAndPublishedFramework() {
  Must<v1::Institution>(
      [](db::Tx& tx) { return InstitutionStore::Insert(tx, "demo", SampleInstitution()); });
  Must<v1::Person>(
      [](db::Tx& tx) { return PersonStore::Insert(tx, {"demo", "p"}, SamplePerson("HR-1")); });
  v1::Framework f = SampleFramework();
  f.set_status(v1::PUBLISHED);
  Must<v1::Framework>([&](db::Tx& tx) { return FrameworkStore::Insert(tx, "f", f); });
}

}  // namespace valohub::competence

#endif  // VALOHUB_TESTS_COMPETENCE_STORE_FIXTURE_H_
