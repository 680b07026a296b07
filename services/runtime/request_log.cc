#include "services/runtime/request_log.h"

#include <google/protobuf/message.h>

#include <deque>
#include <pqxx/binarystring>

#include "absl/synchronization/mutex.h"

namespace valohub {

bool IsRequestId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= ' ' || c >= 0x7f) return false;
  }
  return true;
}

std::vector<db::Query> RequestLog::Queries(const std::string& schema) {
  // db::Query keeps pointers: the SQL text of each schema lives as long as the process.
  static absl::Mutex mu;
  static std::deque<std::string>* texts = new std::deque<std::string>;
  absl::MutexLock lock(&mu);
  texts->push_back("SELECT response FROM " + schema +
                   ".request_log WHERE scope = $1 AND request_id = $2");
  const char* find = texts->back().c_str();
  texts->push_back("INSERT INTO " + schema +
                   ".request_log (scope, request_id, response) VALUES ($1, $2, $3)");
  const char* record = texts->back().c_str();
  return {{"request_log_lock", "SELECT pg_advisory_xact_lock(hashtextextended($1 || ' ' || $2, 0))"},
          {"request_log_find", find},
          {"request_log_record", record}};
}

absl::StatusOr<bool> RequestLog::Find(db::Tx& tx, const std::string& scope,
                                      const std::string& request_id,
                                      google::protobuf::Message* response) {
  static constexpr db::Query kLock{"request_log_lock", ""};
  static constexpr db::Query kFind{"request_log_find", ""};
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
  static constexpr db::Query kRecord{"request_log_record", ""};
  tx.Exec(kRecord, scope, request_id, pqxx::binarystring(response.SerializeAsString()));
  return absl::OkStatus();
}

}  // namespace valohub
