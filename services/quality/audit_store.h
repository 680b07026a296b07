// The audit trail (quality.audit_events): append-only, read back in order.
#ifndef VALOHUB_SERVICES_QUALITY_AUDIT_STORE_H_
#define VALOHUB_SERVICES_QUALITY_AUDIT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/quality/review_store.h"
#include "services/runtime/call_context.h"
#include "services/runtime/db.h"
#include "services/runtime/pagination.h"
#include "valohub/quality/v1/quality.pb.h"

namespace valohub::quality {

struct AuditEntry {
  std::string action;
  UnitRef unit;
  std::string review_id;
  std::string detail;
};

class AuditStore {
 public:
  static std::vector<db::Query> Queries();

  // Who: `actor` (a principal's subject and institution), or a named system actor.
  static void Append(db::Tx& tx, const Principal& actor, const AuditEntry& entry,
                             absl::Time now);
  // Filters: empty values match everything.
  static absl::StatusOr<std::vector<v1::AuditEvent>> List(db::Tx& tx, const UnitRef& unit,
                                                          const std::string& review_id,
                                                          const Page& page, int64_t* next_seq);
};

}  // namespace valohub::quality

#endif  // VALOHUB_SERVICES_QUALITY_AUDIT_STORE_H_
