#include "services/competence/request_log.h"

#include <google/protobuf/message.h>
#include <pqxx/binarystring>

namespace valohub::competence {
namespace {

constexpr db::Query kLock{"request_log_lock",
                          "SELECT pg_advisory_xact_lock(hashtextextended($1 || ' ' || $2, 0))"};
constexpr db::Query kFind{"request_log_find",
                          "SELECT response FROM competence.request_log "
                          "WHERE scope = $1 AND request_id = $2"};
constexpr db::Query kRecord{"request_log_record",
                            "INSERT INTO competence.request_log (scope, request_id, response) "
                            "VALUES ($1, $2, $3)"};

}  // namespace

std::vector<db::Query> RequestLog::Queries() { return {kLock, kFind, kRecord}; }

absl::StatusOr<bool> RequestLog::Find(db::Tx& tx, const std::string& scope,
                                      const std::string& request_id,
                                      google::protobuf::Message* response) {
  tx.Exec(kLock, scope, request_id);
  pqxx::result r = tx.Exec(kFind, scope, request_id);
  if (r.empty()) return false;
  pqxx::binarystring bytes(r[0][0]);
  if (!response->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InternalError("recorded response does not parse");
  }
  return true;
}

absl::Status RequestLog::Record(db::Tx& tx, const std::string& scope,
                                const std::string& request_id,
                                const google::protobuf::Message& response) {
  tx.Exec(kRecord, scope, request_id, pqxx::binarystring(response.SerializeAsString()));
  return absl::OkStatus();
}

}  // namespace valohub::competence
