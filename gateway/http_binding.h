// Builds a method's request message from an HTTP request (path variables, query parameters and
// JSON body, as google.api.http defines) and prints its response as proto3 JSON. Primitive
// fields are always printed, zero values included, so clients never guess at absent fields.
#ifndef VALOHUB_GATEWAY_HTTP_BINDING_H_
#define VALOHUB_GATEWAY_HTTP_BINDING_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/route_table.h"

namespace google::protobuf {
class Message;
}

namespace valohub::gateway {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// INVALID_ARGUMENT naming the problem: malformed JSON, an unknown JSON field, an unknown or
// malformed query parameter, a query parameter for a field the body or path already sets.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BindRequest(
    const RouteMatch& match, const QueryParams& query, const std::string& body);

// The response (or its response_body field) as JSON.
absl::StatusOr<std::string> ResponseToJson(const Route& route,
                                           const google::protobuf::Message& response);

// A fresh message of the method's output type, for parsing a backend's reply.
std::unique_ptr<google::protobuf::Message> NewResponse(const Route& route);

// Sets the field at dotted `path` (proto or JSON names) from its textual value; repeated
// fields get one element appended. INVALID_ARGUMENT when the path or value does not fit.
absl::Status SetFieldFromText(google::protobuf::Message& message, const std::string& path,
                              const std::string& value);

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_HTTP_BINDING_H_
