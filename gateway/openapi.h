// An OpenAPI 3.0.3 document of the HTTP/JSON API, generated from the same route table and
// descriptors the gateway serves: paths and parameters from the google.api.http rules, request
// and response schemas from the messages (proto3 JSON names and types), google.rpc.Status as the
// error schema, bearer JWT security.
#ifndef VALOHUB_GATEWAY_OPENAPI_H_
#define VALOHUB_GATEWAY_OPENAPI_H_

#include <string>

#include "gateway/route_table.h"

namespace valohub::gateway {

std::string OpenApiDocument(const RouteTable& routes);

// "/v1/{name=institutions/*/people/*}:verb" -> "/v1/institutions/{institution}/people/{person}:verb"
// and the OpenAPI parameter names in order.
std::string OpenApiPath(const Route& route, std::vector<std::string>* parameters);

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_OPENAPI_H_
