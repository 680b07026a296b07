#include "services/runtime/call_context.h"

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

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

bool IsPrintableId(const std::string& s) { return s.size() <= 128 && IsMetadataSafe(s); }

void AddSafe(grpc::ClientContext& ctx, const char* key, const std::string& value) {
  if (IsMetadataSafe(value)) ctx.AddMetadata(key, value);
}

}  // namespace

bool IsMetadataSafe(const std::string& value) {
  if (value.empty() || value.size() > 1024) return false;
  for (char c : value) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

std::string NewUuid() {
  // OpenSSL's CSPRNG: ids are unguessable and do not repeat across threads, replicas or restarts.
  uint64_t words[2] = {0, 0};
  if (RAND_bytes(reinterpret_cast<unsigned char*>(words), sizeof words) != 1) std::abort();
  uint64_t hi = words[0], lo = words[1];
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
  AddSafe(client_context, kRequestIdHeader, call.request_id);
  AddSafe(client_context, kSubjectHeader, call.principal.subject);
  AddSafe(client_context, kInstitutionHeader, call.principal.institution);
  AddSafe(client_context, kPersonHeader, call.principal.person);
  if (!call.principal.roles.empty()) {
    AddSafe(client_context, kRolesHeader, absl::StrJoin(call.principal.roles, ","));
  }
}

}  // namespace valohub
