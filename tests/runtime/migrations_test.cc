#include "services/runtime/migrations.h"

#include <gtest/gtest.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <thread>

#include "absl/time/clock.h"
#include "services/runtime/logger.h"
#include "tests/support/pg_cluster.h"

namespace valohub {
namespace {

std::vector<Migration> Sample() {
  return {{1, "first", "CREATE TABLE sample.a (x int); INSERT INTO sample.a VALUES (1);"},
          {2, "second", "ALTER TABLE sample.a ADD COLUMN y int;"}};
}

int Count(const std::string& conninfo, const std::string& sql) {
  pqxx::connection conn(conninfo);
  pqxx::nontransaction txn(conn);
  return txn.exec1(sql)[0].as<int>();
}

TEST(MigrationsTest, AppliesEachMigrationOnceAndRecordsIt) {
  std::string db = testing::SharedCluster().CreateDatabase();
  Logger logger("test");
  ASSERT_TRUE(ApplyMigrations(db, "sample", Sample(), logger, absl::Now() + absl::Seconds(10)).ok());
  ASSERT_TRUE(ApplyMigrations(db, "sample", Sample(), logger, absl::Now() + absl::Seconds(10)).ok());
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sample.schema_migrations"), 2);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sample.a"), 1);
}

TEST(MigrationsTest, ConcurrentRunnersApplyEachMigrationExactlyOnce) {
  std::string db = testing::SharedCluster().CreateDatabase();
  Logger logger("test");
  std::vector<std::thread> runners;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    runners.emplace_back([&] {
      if (ApplyMigrations(db, "sample", Sample(), logger, absl::Now() + absl::Seconds(20)).ok()) {
        ++ok;
      }
    });
  }
  for (auto& t : runners) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sample.schema_migrations"), 2);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sample.a"), 1);
}

TEST(MigrationsTest, FailedMigrationLeavesNothingBehind) {
  std::string db = testing::SharedCluster().CreateDatabase();
  Logger logger("test");
  std::vector<Migration> broken = Sample();
  broken.push_back({3, "broken", "CREATE TABLE sample.b (x int); SELECT * FROM nowhere;"});
  absl::Status s = ApplyMigrations(db, "sample", broken, logger, absl::Now() + absl::Seconds(10));
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(s.message().find("nowhere"), absl::string_view::npos);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sample.schema_migrations"), 2);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'b'"), 0);
}

}  // namespace
}  // namespace valohub
