#include "services/runtime/db.h"

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include <thread>

#include "absl/strings/str_cat.h"
#include "services/runtime/metrics.h"
#include "services/runtime/status.h"

namespace valohub::db {

absl::Status StatusFromDbException(const std::exception& e) {
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return Error(absl::StatusCode::kUnavailable, "DATABASE_IN_DOUBT",
                 "the database connection was lost while committing; the outcome is unknown");
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Error(absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE",
                 "the database is unavailable");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    if (state == "23505") {
      return Error(absl::StatusCode::kAlreadyExists, "ALREADY_EXISTS",
                   "a resource with the same unique key already exists");
    }
    if (state == "40001" || state == "40P01") {
      return Error(absl::StatusCode::kAborted, "CONCURRENT_MODIFICATION",
                   "the operation conflicted with a concurrent one; retry it");
    }
    if (state == "23503") {
      return Error(absl::StatusCode::kFailedPrecondition, "REFERENCE_CONFLICT",
                   "the operation refers to or is referred to by another resource");
    }
    if (state == "23514" || state == "23502" || state.rfind("22", 0) == 0) {
      return Error(absl::StatusCode::kInvalidArgument, "INVALID_VALUE",
                   "a value is out of range or malformed");
    }
    if (state == "57014") {
      return Error(absl::StatusCode::kDeadlineExceeded, "QUERY_TIMEOUT",
                   "the database did not answer in time");
    }
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" ||
        state == "57P03" || state == "53300") {
      return Error(absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE",
                   "the database is unavailable");
    }
    return absl::InternalError(absl::StrCat("database error ", state));
  }
  return absl::InternalError("unexpected database error");
}

namespace {
constexpr Query kPing{"runtime_ping", "SELECT 1"};

std::vector<Query> WithRuntimeQueries(std::vector<Query> queries) {
  queries.push_back(kPing);
  return queries;
}
}  // namespace

void Tx::Record(const Query& query, std::chrono::steady_clock::time_point start) {
  if (metrics_ == nullptr) return;
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  metrics_->RecordQuery(query.name, elapsed.count());
}

Pool::Pool(PoolOptions options, std::vector<Query> queries, Metrics* metrics)
    : options_(std::move(options)), queries_(WithRuntimeQueries(std::move(queries))), metrics_(metrics) {
  absl::MutexLock lock(&mu_);
  idle_.resize(options_.size);
}

Pool::~Pool() = default;

absl::StatusOr<std::unique_ptr<pqxx::connection>> Pool::Connect(
    absl::Duration statement_timeout) {
  try {
    std::string conninfo = absl::StrCat(
        // The client side gives up on a silent network too (libpq ignores these on Unix
        // sockets): keepalives, and tcp_user_timeout for unacknowledged writes.
        options_.conninfo,
        " connect_timeout=5 keepalives=1 keepalives_idle=5 keepalives_interval=2"
        " keepalives_count=3 tcp_user_timeout=10000 options='-c statement_timeout=",
        absl::ToInt64Milliseconds(statement_timeout), "'");
    auto conn = std::make_unique<pqxx::connection>(conninfo);
    for (const Query& q : queries_) conn->prepare(q.name, q.sql);
    return conn;
  } catch (const std::exception& e) {
    return StatusFromDbException(e);
  }
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> Pool::Acquire(absl::Time deadline) {
  std::unique_ptr<pqxx::connection> conn;
  bool have_slot = false;
  {
    absl::MutexLock lock(&mu_);
    ++waiters_;
    if (metrics_) metrics_->SetPoolWaiters(waiters_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !idle_.empty(); };
    mu_.AwaitWithDeadline(absl::Condition(&available), deadline);
    --waiters_;
    if (metrics_) metrics_->SetPoolWaiters(waiters_);
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
      have_slot = true;
      if (metrics_) metrics_->SetPoolInUse(options_.size - static_cast<int>(idle_.size()));
    }
  }
  if (!have_slot) {
    return Error(absl::StatusCode::kDeadlineExceeded, "DATABASE_BUSY",
                 "no database connection became free before the deadline");
  }
  if (conn == nullptr || !conn->is_open()) {
    auto fresh = Connect(options_.statement_timeout);
    if (!fresh.ok()) {
      Release(nullptr, true);
      return fresh.status();
    }
    conn = *std::move(fresh);
  }
  return conn;
}

void Pool::Release(std::unique_ptr<pqxx::connection> conn, bool broken) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(broken ? nullptr : std::move(conn));
  if (metrics_) metrics_->SetPoolInUse(options_.size - static_cast<int>(idle_.size()));
}

namespace {

template <typename Txn>
absl::Status RunOnce(pqxx::connection& conn, Metrics* metrics, const Pool::Body& body) {
  Txn txn(conn);
  Tx tx(txn, metrics);
  absl::Status status = body(tx);
  if (!status.ok()) {
    txn.abort();
    return status;
  }
  txn.commit();
  return absl::OkStatus();
}

bool IsRetryable(const std::exception& e) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  return sql != nullptr && (sql->sqlstate() == "40001" || sql->sqlstate() == "40P01");
}

}  // namespace

absl::Status Pool::Run(absl::Time deadline, const Body& body, Isolation isolation) {
  absl::Status last;
  bool reconnected = false;
  for (int attempt = 0; attempt <= options_.max_retries; ++attempt) {
    auto conn = Acquire(deadline);
    if (!conn.ok()) return conn.status();
    bool broken = false;
    bool retry = false;
    try {
      switch (isolation) {
        case Isolation::kReadCommitted:
          last = RunOnce<pqxx::transaction<pqxx::read_committed>>(**conn, metrics_, body);
          break;
        case Isolation::kRepeatableRead:
          last = RunOnce<pqxx::transaction<pqxx::repeatable_read>>(**conn, metrics_, body);
          break;
        case Isolation::kSerializable:
          last = RunOnce<pqxx::transaction<pqxx::serializable>>(**conn, metrics_, body);
          break;
        case Isolation::kAutocommit:
          last = RunOnce<pqxx::nontransaction>(**conn, metrics_, body);
          break;
      }
    } catch (const pqxx::in_doubt_error& e) {
      broken = true;
      last = StatusFromDbException(e);
    } catch (const pqxx::broken_connection& e) {
      // The transaction never committed, so one attempt on a fresh connection is safe.
      broken = true;
      last = StatusFromDbException(e);
      // In autocommit a statement may have committed on its own before the loss.
      retry = !reconnected && isolation != Isolation::kAutocommit;
      reconnected = true;
    } catch (const std::exception& e) {
      last = StatusFromDbException(e);
      retry = IsRetryable(e);
      broken = !(*conn)->is_open();
    }
    Release(*std::move(conn), broken);
    if (!retry) return last;
    absl::Duration backoff = absl::Milliseconds(2 << attempt);
    if (absl::Now() + backoff >= deadline) return last;
    absl::SleepFor(backoff);
  }
  return last;
}

absl::Status Pool::Ping(absl::Time deadline) {
  return Run(deadline, [](Tx& tx) {
    tx.Exec(kPing);
    return absl::OkStatus();
  });
}

absl::Status Pool::Probe(absl::Time deadline) {
  absl::MutexLock lock(&probe_mu_);
  try {
    if (probe_conn_ == nullptr || !probe_conn_->is_open()) {
      // connect_timeout bounds the connect; the statement timeout bounds a stuck server.
      auto conn = Connect(std::max(absl::Milliseconds(100), deadline - absl::Now()));
      if (!conn.ok()) return conn.status();
      probe_conn_ = *std::move(conn);
    }
    pqxx::nontransaction txn(*probe_conn_);
    txn.exec_prepared(kPing.name);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    probe_conn_.reset();
    return StatusFromDbException(e);
  }
}

}  // namespace valohub::db
