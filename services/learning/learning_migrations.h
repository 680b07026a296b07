// The learning service's schema migrations, embedded at build time from migrations/*.sql.
#ifndef VALOHUB_SERVICES_LEARNING_LEARNING_MIGRATIONS_H_
#define VALOHUB_SERVICES_LEARNING_LEARNING_MIGRATIONS_H_

#include <vector>

#include "services/runtime/migrations.h"

namespace valohub::learning {
std::vector<Migration> Migrations();
}

#endif  // VALOHUB_SERVICES_LEARNING_LEARNING_MIGRATIONS_H_
