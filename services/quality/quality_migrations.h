// The quality service's schema migrations, embedded at build time from migrations/*.sql.
#ifndef VALOHUB_SERVICES_QUALITY_QUALITY_MIGRATIONS_H_
#define VALOHUB_SERVICES_QUALITY_QUALITY_MIGRATIONS_H_

#include <vector>

#include "services/runtime/migrations.h"

namespace valohub::quality {
std::vector<Migration> Migrations();
}

#endif  // VALOHUB_SERVICES_QUALITY_QUALITY_MIGRATIONS_H_
