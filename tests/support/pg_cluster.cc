#include "tests/support/pg_cluster.h"

#include <glob.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "absl/strings/str_cat.h"

namespace valohub::testing {
namespace {

std::string FindBindir() {
  if (const char* env = std::getenv("PG_BINDIR")) return env;
  glob_t g;
  std::string found;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &g) == 0 && g.gl_pathc > 0) {
    found = g.gl_pathv[g.gl_pathc - 1];
    found = found.substr(0, found.size() - std::string("/initdb").size());
  }
  globfree(&g);
  return found;
}

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "PgCluster: %s\n", message.c_str());
  std::abort();
}

}  // namespace

PgCluster::PgCluster() {
  bindir_ = FindBindir();
  if (bindir_.empty()) Die("no PostgreSQL server binaries (install postgresql)");
  char tmpl[] = "/tmp/valohub-pg-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp failed");
  dir_ = tmpl;
  as_postgres_ = geteuid() == 0;
  if (as_postgres_ && std::system(("chown postgres:postgres " + dir_).c_str()) != 0) {
    Die("chown failed");
  }
  if (Run(absl::StrCat(bindir_, "/initdb -D ", dir_, "/data -U valohub --auth=trust "
                       "--encoding=UTF8 --locale=C.UTF-8 -N")) != 0) {
    Die("initdb failed");
  }
  Start();
}

PgCluster::~PgCluster() {
  Stop();
  std::string rm = "rm -rf " + dir_;
  (void)std::system(rm.c_str());
}

int PgCluster::Run(const std::string& command) const {
  std::string full = as_postgres_ ? "runuser -u postgres -- " + command : command;
  full += " >>" + dir_ + "/pg.log 2>&1";
  return std::system(full.c_str());
}

void PgCluster::Start() {
  std::string options = absl::StrCat(
      "-c listen_addresses='' -c unix_socket_directories='", dir_,
      "' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
  if (Run(absl::StrCat(bindir_, "/pg_ctl -D ", dir_, "/data -w -t 60 -o \"", options,
                       "\" start")) != 0) {
    Die("pg_ctl start failed; see " + dir_ + "/pg.log");
  }
}

void PgCluster::Stop() {
  Run(absl::StrCat(bindir_, "/pg_ctl -D ", dir_, "/data -w -t 60 -m fast stop"));
}

std::string PgCluster::ConnInfo(const std::string& database) const {
  return absl::StrCat("host=", dir_, " port=5432 user=valohub dbname=", database);
}

std::string PgCluster::CreateDatabase() {
  std::string name = absl::StrCat("test_", getpid(), "_", ++databases_);
  pqxx::connection conn(ConnInfo("postgres"));
  pqxx::nontransaction txn(conn);
  txn.exec0("CREATE DATABASE " + conn.quote_name(name));
  return ConnInfo(name);
}

PgCluster& SharedCluster() {
  static PgCluster* cluster = [] {
    auto* c = new PgCluster();
    std::atexit([] { delete &SharedCluster(); });
    return c;
  }();
  return *cluster;
}

}  // namespace valohub::testing
