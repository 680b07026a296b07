// Turns the rows of a List query into one page. The query asks for page.size + 1 rows ordered by
// seq (column 0); the extra row only tells that another page follows.
#ifndef VALOHUB_SERVICES_RUNTIME_PAGE_ROWS_H_
#define VALOHUB_SERVICES_RUNTIME_PAGE_ROWS_H_

#include <pqxx/result>

#include <cstdint>
#include <vector>

#include "services/runtime/pagination.h"

namespace valohub {

// Appends the page's rows, converted by `convert(row)`, to `out`; returns the seq to continue
// after, or 0 at the end of the list.
template <typename T, typename Convert>
int64_t CollectPage(const pqxx::result& rows, const Page& page, Convert convert,
                    std::vector<T>* out) {
  const int n = static_cast<int>(rows.size());
  for (int i = 0; i < n && i < page.size; ++i) out->push_back(convert(rows[i]));
  return n > page.size ? rows[page.size - 1][0].as<int64_t>() : 0;
}

}  // namespace valohub

#endif  // VALOHUB_SERVICES_RUNTIME_PAGE_ROWS_H_
