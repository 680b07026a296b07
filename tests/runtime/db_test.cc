#include "services/runtime/db.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/time/clock.h"
#include "absl/synchronization/notification.h"
#include "services/runtime/metrics.h"
#include "services/runtime/status.h"
#include "tests/support/pg_cluster.h"

namespace valohub::db {
namespace {

constexpr Query kCreate{"t_create", "CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY, v int)"};
constexpr Query kInsert{"t_insert", "INSERT INTO t (k, v) VALUES ($1, $2)"};
constexpr Query kGet{"t_get", "SELECT v FROM t WHERE k = $1"};
constexpr Query kAdd{"t_add", "UPDATE t SET v = v + 1 WHERE k = $1"};
constexpr Query kBadCast{"t_bad_cast", "SELECT $1::int"};
constexpr Query kBackend{"t_backend", "SELECT pg_backend_pid()"};
constexpr Query kKill{"t_kill", "SELECT pg_terminate_backend($1)"};

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conninfo_ = testing::SharedCluster().CreateDatabase();
    pool_ = std::make_unique<Pool>(PoolOptions{conninfo_, 2},
                                   std::vector<Query>{kInsert, kGet, kAdd, kBadCast,
                                                      kBackend, kKill},
                                   &metrics_);
    Pool setup(PoolOptions{conninfo_, 1}, {kCreate}, nullptr);
    ASSERT_TRUE(setup.Run(Deadline(), [](Tx& tx) {
      tx.Exec(kCreate);
      return absl::OkStatus();
    }).ok());
  }
  static absl::Time Deadline() { return absl::Now() + absl::Seconds(10); }

  Metrics metrics_{"test"};
  std::string conninfo_;
  std::unique_ptr<Pool> pool_;
};

TEST_F(PoolTest, CommitsOnOkAndRollsBackOnError) {
  ASSERT_TRUE(pool_->Run(Deadline(), [](Tx& tx) {
    tx.Exec(kInsert, 1, 10);
    return absl::OkStatus();
  }).ok());
  absl::Status failed = pool_->Run(Deadline(), [](Tx& tx) {
    tx.Exec(kInsert, 2, 20);
    return absl::FailedPreconditionError("no");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  int rows = 0;
  ASSERT_TRUE(pool_->Run(Deadline(), [&](Tx& tx) {
    rows = tx.Exec(kGet, 1).size() + tx.Exec(kGet, 2).size();
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(rows, 1);
}

TEST_F(PoolTest, SqlStatesMapToCanonicalCodes) {
  ASSERT_TRUE(pool_->Run(Deadline(), [](Tx& tx) {
    tx.Exec(kInsert, 1, 10);
    return absl::OkStatus();
  }).ok());
  absl::Status duplicate = pool_->Run(Deadline(), [](Tx& tx) {
    tx.Exec(kInsert, 1, 11);
    return absl::OkStatus();
  });
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(duplicate.message().find("INSERT"), absl::string_view::npos) << duplicate;
  absl::Status bad = pool_->Run(Deadline(), [](Tx& tx) {
    tx.Exec(kBadCast, "not a number");
    return absl::OkStatus();
  });
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PoolTest, AcquireHonoursTheDeadline) {
  // Both connections are held until released; a third caller must give up at its deadline
  // rather than wait for them.
  std::atomic<int> started{0};
  absl::Notification release;
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      (void)pool_->Run(Deadline(), [&](Tx&) {
        ++started;
        release.WaitForNotification();
        return absl::OkStatus();
      });
    });
  }
  while (started < 2) absl::SleepFor(absl::Milliseconds(5));
  absl::Status s = pool_->Run(absl::Now() + absl::Milliseconds(100),
                              [](Tx&) { return absl::OkStatus(); });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(ErrorReason(s), "DATABASE_BUSY");
  EXPECT_FALSE(release.HasBeenNotified());
  release.Notify();
  for (auto& t : holders) t.join();
  EXPECT_TRUE(pool_->Run(Deadline(), [](Tx&) { return absl::OkStatus(); }).ok());
}

TEST_F(PoolTest, BrokenConnectionIsReplaced) {
  // Kill the backends of both pooled connections from outside; the next calls still succeed.
  std::vector<int> pids;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(pool_->Run(Deadline(), [&](Tx& tx) {
      pids.push_back(tx.Exec(kBackend)[0][0].as<int>());
      return absl::OkStatus();
    }).ok());
  }
  Pool killer(PoolOptions{conninfo_, 1}, {kKill}, nullptr);
  for (int pid : pids) {
    ASSERT_TRUE(killer.Run(Deadline(), [&](Tx& tx) {
      tx.Exec(kKill, pid);
      return absl::OkStatus();
    }).ok());
  }
  absl::SleepFor(absl::Milliseconds(100));
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(pool_->Run(Deadline(), [](Tx& tx) {
      tx.Exec(kGet, 1);
      return absl::OkStatus();
    }).ok());
  }
}

TEST_F(PoolTest, SerializationFailuresAreRetried) {
  ASSERT_TRUE(pool_->Run(Deadline(), [](Tx& tx) {
    tx.Exec(kInsert, 7, 0);
    return absl::OkStatus();
  }).ok());
  Pool wide(PoolOptions{conninfo_, 8}, {kGet, kAdd}, nullptr);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        absl::Status s = wide.Run(
            Deadline(),
            [](Tx& tx) {
              tx.Exec(kGet, 7);
              tx.Exec(kAdd, 7);
              return absl::OkStatus();
            },
            Isolation::kSerializable);
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  int value = -1;
  ASSERT_TRUE(pool_->Run(Deadline(), [&](Tx& tx) {
    value = tx.Exec(kGet, 7)[0][0].as<int>();
    return absl::OkStatus();
  }).ok());
  // Every transaction that reported success is counted exactly once.
  EXPECT_EQ(value, 40 - failures.load());
  EXPECT_LT(failures.load(), 40);
}

TEST_F(PoolTest, UnreachableDatabaseIsUnavailable) {
  Pool nowhere(PoolOptions{"host=/nonexistent port=1 user=x dbname=x", 1}, {}, nullptr);
  EXPECT_EQ(nowhere.Ping(Deadline()).code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace valohub::db
