#include "services/runtime/call_context.h"

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <cstdio>
#include <random>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace valohub {
namespace {

std::string Metadata(const grpc::CallbackServerContext& ctx, const char* key) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(key);
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

bool IsPrintableId(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string NewUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xffff),
                static_cast<unsigned>(hi & 0xffff), static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

CallContext MakeCallContext(const grpc::CallbackServerContext& server_context, std::string method,
                            absl::Duration max_deadline) {
  CallContext call;
  call.method = std::move(method);
  call.request_id = Metadata(server_context, kRequestIdHeader);
  if (!IsPrintableId(call.request_id)) call.request_id = NewUuid();
  absl::Time cap = absl::Now() + max_deadline;
  absl::Time client = absl::FromChrono(server_context.deadline());
  call.deadline = std::min(client, cap);
  call.principal.subject = Metadata(server_context, kSubjectHeader);
  call.principal.institution = Metadata(server_context, kInstitutionHeader);
  call.principal.person = Metadata(server_context, kPersonHeader);
  for (absl::string_view role :
       absl::StrSplit(Metadata(server_context, kRolesHeader), ',', absl::SkipEmpty())) {
    call.principal.roles.insert(std::string(role));
  }
  call.peer = server_context.peer();
  return call;
}

void PropagateCall(const CallContext& call, grpc::ClientContext& client_context) {
  client_context.set_deadline(absl::ToChronoTime(call.deadline));
  client_context.AddMetadata(kRequestIdHeader, call.request_id);
  if (!call.principal.subject.empty()) {
    client_context.AddMetadata(kSubjectHeader, call.principal.subject);
  }
  if (!call.principal.institution.empty()) {
    client_context.AddMetadata(kInstitutionHeader, call.principal.institution);
  }
  if (!call.principal.person.empty()) {
    client_context.AddMetadata(kPersonHeader, call.principal.person);
  }
  if (!call.principal.roles.empty()) {
    client_context.AddMetadata(kRolesHeader, absl::StrJoin(call.principal.roles, ","));
  }
}

}  // namespace valohub
