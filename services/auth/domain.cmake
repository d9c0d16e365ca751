# The auth service's domain rules: password policy, Argon2id hashing and request validation,
# as plain functions. Included from this folder's CMakeLists.txt; paths are relative to this
# file so it also works when included from elsewhere.
set(TASKFLOW_AUTH_COMMON_PASSWORDS ${CMAKE_CURRENT_LIST_DIR}/data/common-passwords.txt)

add_library(taskflow_auth_domain STATIC
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/common_passwords.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/input_validation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/password_hasher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/password_policy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/similarity.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/trusted_proxies.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/domain/unicode.cpp
)
target_include_directories(taskflow_auth_domain PUBLIC ${CMAKE_CURRENT_LIST_DIR}/src)
target_link_libraries(taskflow_auth_domain
  PUBLIC nlohmann_json::nlohmann_json Boost::system taskflow::validation taskflow::text
  PRIVATE PkgConfig::SODIUM
)

if(TASKFLOW_BUILD_TESTS)
  taskflow_add_test(auth_domain_tests
    SOURCES
      ${CMAKE_CURRENT_LIST_DIR}/tests/common_passwords_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/input_validation_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/password_hasher_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/password_policy_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/similarity_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/trusted_proxies_test.cpp
      ${CMAKE_CURRENT_LIST_DIR}/tests/unicode_test.cpp
    LIBS taskflow_auth_domain
  )
  target_compile_definitions(auth_domain_tests
    PRIVATE TASKFLOW_COMMON_PASSWORDS_PATH="${TASKFLOW_AUTH_COMMON_PASSWORDS}"
  )
endif()
