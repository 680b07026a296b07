// The competence schema's migrations, embedded from migrations/*.sql at build time.
#ifndef VALOHUB_SERVICES_COMPETENCE_COMPETENCE_MIGRATIONS_H_
#define VALOHUB_SERVICES_COMPETENCE_COMPETENCE_MIGRATIONS_H_

#include <vector>

#include "services/runtime/migrations.h"

namespace valohub::competence {
std::vector<Migration> Migrations();
}

#endif  // VALOHUB_SERVICES_COMPETENCE_COMPETENCE_MIGRATIONS_H_
