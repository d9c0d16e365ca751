# The auth service's domain rules: password policy, Argon2id hashing, request validation and
# the user events, as plain functions. Included from this folder's CMakeLists.txt.
set(TASKFLOW_AUTH_COMMON_PASSWORDS ${CMAKE_CURRENT_LIST_DIR}/data/common-passwords.txt)

taskflow_add_domain(taskflow_auth_domain
  UNITS common_passwords input_validation password_hasher password_policy similarity
        trusted_proxies unicode user_events
  PUBLIC nlohmann_json::nlohmann_json Boost::system taskflow::events taskflow::validation
         taskflow::text
  PRIVATE PkgConfig::SODIUM
  TESTS auth_domain_tests
)
if(TARGET auth_domain_tests)
  target_compile_definitions(auth_domain_tests
    PRIVATE TASKFLOW_COMMON_PASSWORDS_PATH="${TASKFLOW_AUTH_COMMON_PASSWORDS}"
  )
endif()

if(TASKFLOW_FUZZ)
  taskflow_add_fuzzer(auth_bodies_fuzz SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz/bodies_fuzz.cpp
                      LIBS taskflow_auth_domain)
  target_compile_definitions(auth_bodies_fuzz
    PRIVATE TASKFLOW_COMMON_PASSWORDS_PATH="${TASKFLOW_AUTH_COMMON_PASSWORDS}")
endif()
