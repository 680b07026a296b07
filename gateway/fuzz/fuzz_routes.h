// Shared by the gateway fuzzers: the real route table and a lookup of a route by method name.
#ifndef VALOHUB_GATEWAY_FUZZ_FUZZ_ROUTES_H_
#define VALOHUB_GATEWAY_FUZZ_FUZZ_ROUTES_H_

#include <google/protobuf/descriptor.h>

#include <string>

#include "gateway/route_table.h"

namespace valohub::gateway {

inline const RouteTable& FuzzRoutes() {
  static const RouteTable* table = new RouteTable(*RouteTable::Build(HubServices()));
  return *table;
}

// A match of the route of `method` with its path variables bound to plausible names.
inline RouteMatch FuzzMatch(int index) {
  const auto& routes = FuzzRoutes().routes();
  RouteMatch m;
  m.route = &routes[static_cast<size_t>(index) % routes.size()];
  for (const auto& v : m.route->path.variables()) {
    m.bindings.emplace_back(v.field_path, "institutions/demo/people/p1");
  }
  return m;
}

}  // namespace valohub::gateway

#endif  // VALOHUB_GATEWAY_FUZZ_FUZZ_ROUTES_H_
