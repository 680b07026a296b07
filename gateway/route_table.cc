#include "gateway/route_table.h"

#include <google/protobuf/descriptor.h>

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"
#include "valohub/competence/v1/competence.grpc.pb.h"
#include "valohub/learning/v1/learning.grpc.pb.h"
#include "valohub/quality/v1/quality.grpc.pb.h"

namespace valohub::gateway {
namespace {

// Checks that `path` ("person.name") names singular fields of `message`, messages on the way.
bool HasFieldPath(const google::protobuf::Descriptor* message, absl::string_view path) {
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto* field = message->FindFieldByName(std::string(parts[i]));
    if (field == nullptr || field->is_repeated()) return false;
    if (i + 1 < parts.size()) {
      if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) return false;
      message = field->message_type();
    }
  }
  return true;
}

absl::Status AddRule(const google::api::HttpRule& rule,
                     const google::protobuf::MethodDescriptor* method, std::vector<Route>& out) {
  Route route;
  route.method = method;
  route.grpc_path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
  std::string path;
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet: route.http_method = "GET"; path = rule.get(); break;
    case google::api::HttpRule::kPost: route.http_method = "POST"; path = rule.post(); break;
    case google::api::HttpRule::kPatch: route.http_method = "PATCH"; path = rule.patch(); break;
    case google::api::HttpRule::kPut: route.http_method = "PUT"; path = rule.put(); break;
    case google::api::HttpRule::kDelete: route.http_method = "DELETE"; path = rule.delete_(); break;
    case google::api::HttpRule::kCustom:
      route.http_method = rule.custom().kind();
      path = rule.custom().path();
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(method->full_name(), ": HTTP rule without a pattern"));
  }
  auto parsed = PathTemplate::Parse(path);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(method->full_name(), ": ", parsed.status().message()));
  }
  route.path = *std::move(parsed);
  for (const auto& var : route.path.variables()) {
    if (!HasFieldPath(method->input_type(), var.field_path)) {
      return absl::InvalidArgumentError(
          absl::StrCat(method->full_name(), ": path names unknown field ", var.field_path));
    }
  }
  route.body = rule.body();
  if (!route.body.empty() && route.body != "*" &&
      method->input_type()->FindFieldByName(route.body) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(method->full_name(), ": body names unknown field ", route.body));
  }
  route.response_body = rule.response_body();
  if (!route.response_body.empty() &&
      method->output_type()->FindFieldByName(route.response_body) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        method->full_name(), ": response_body names unknown field ", route.response_body));
  }
  out.push_back(std::move(route));
  for (const auto& extra : rule.additional_bindings()) {
    if (absl::Status s = AddRule(extra, method, out); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<const google::protobuf::ServiceDescriptor*> HubServices() {
  // Naming one generated descriptor per proto file links that file's generated code into the
  // gateway (and so into the generated pool); every service of those files is served.
  std::vector<const google::protobuf::FileDescriptor*> files = {
      competence::v1::CompetenceService::service_full_name() != nullptr
          ? competence::v1::Institution::descriptor()->file()
          : nullptr,
      learning::v1::Unit::descriptor()->file(),
      quality::v1::Review::descriptor()->file(),
  };
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  for (const auto* file : files) {
    if (file == nullptr || !absl::StartsWith(file->package(), "valohub.")) continue;
    for (int i = 0; i < file->service_count(); ++i) out.push_back(file->service(i));
  }
  return out;
}

absl::StatusOr<RouteTable> RouteTable::Build(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  RouteTable table;
  for (const auto* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      if (method->client_streaming() || method->server_streaming()) continue;
      if (!method->options().HasExtension(google::api::http)) continue;
      if (absl::Status s = AddRule(method->options().GetExtension(google::api::http), method,
                                   table.routes_);
          !s.ok()) {
        return s;
      }
    }
  }
  std::set<std::string> seen;
  for (const Route& r : table.routes_) {
    if (!seen.insert(r.http_method + " " + r.path.text()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two methods claim ", r.http_method, " ", r.path.text()));
    }
  }
  return table;
}

RouteTable::Outcome RouteTable::Find(absl::string_view http_method,
                                     const std::vector<std::string>& decoded_segments,
                                     RouteMatch* match, std::vector<std::string>* allowed) const {
  std::vector<std::string> segments;
  std::string verb;
  SplitPath(decoded_segments, &segments, &verb);
  bool path_known = false;
  if (allowed != nullptr) allowed->clear();
  // Custom-verb routes first, so that ".../frameworks/x:exportCase" is not taken for a resource
  // named "x:exportCase" by the plain route of the same collection.
  for (int pass = 0; pass < 2; ++pass) {
    bool verb_pass = pass == 0;
    if (verb_pass && verb.empty()) continue;
    for (const Route& r : routes_) {
      if (r.path.verb().empty() == verb_pass) continue;
      bool matched = r.path.Match(verb_pass ? segments : decoded_segments,
                                  verb_pass ? absl::string_view(verb) : absl::string_view(),
                                  r.http_method == http_method ? &match->bindings : nullptr);
      if (!matched) continue;
      if (r.http_method == http_method) {
        match->route = &r;
        return Outcome::kMatched;
      }
      path_known = true;
      if (allowed != nullptr) allowed->push_back(r.http_method);
    }
    if (path_known) break;
  }
  return path_known ? Outcome::kWrongMethod : Outcome::kNoPath;
}

}  // namespace valohub::gateway
