# valohub_service_migrations(<svc>): embeds services/<svc>/migrations/*.sql, in file-name order,
# into ${CMAKE_CURRENT_BINARY_DIR}/<svc>_migrations.cc as `valohub::<svc>::Migrations()`, and sets
# <SVC>_MIGRATIONS_CC in the caller's scope to that file for the service's library.
function(valohub_service_migrations svc)
  file(GLOB files CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/migrations/*.sql)
  list(SORT files)
  # A ';' would split the custom command's argument; the script splits on '|'.
  string(REPLACE ";" "|" arg "${files}")
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${svc}_migrations.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=Migrations -DNAMESPACE=valohub::${svc}
            "-DFILES=${arg}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake
    COMMENT "embedding ${svc} migrations"
    VERBATIM)
  string(TOUPPER ${svc} upper)
  set(${upper}_MIGRATIONS_CC ${out} PARENT_SCOPE)
endfunction()
