# Writes a C++ source that returns a service's SQL migrations, so the binary carries its schema
# with it. Files are named NNNN_description.sql; NNNN is the version.
#   cmake -DOUT=... -DFUNCTION=... -DNAMESPACE=... -DFILES="a.sql|b.sql" -P embed_migrations.cmake
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(file IN LISTS FILES)
  get_filename_component(base ${file} NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.*)$" _ ${base})
  if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "migration ${file} must be named NNNN_description.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  file(READ ${file} sql)
  string(APPEND body "      {${version}, \"${CMAKE_MATCH_2}\", R\"valohub_sql(${sql})valohub_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from migrations/*.sql by cmake/embed_migrations.cmake. Do not edit.
#include <vector>
#include \"services/runtime/migrations.h\"
namespace ${NAMESPACE} {
std::vector<valohub::Migration> ${FUNCTION}() {
  return {
${body}  };
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
