# libFuzzer targets (TASKFLOW_FUZZ, the `fuzz` preset; clang only).
#
# With TASKFLOW_FUZZ every library is compiled with -fsanitize=fuzzer-no-link,address,undefined
# (coverage and sanitizers, no main) and each fuzz target is linked with
# -fsanitize=fuzzer,address,undefined, which brings libFuzzer's main. `cmake --build --preset
# fuzz` builds the `fuzzers` target only: the targets and the libraries they need (of core, http
# and redis only their parsers, taskflow_*_parsers), not the services. The two settings below are
# for the full libraries (taskflow_http, taskflow_core, built on C++20 coroutines) under clang.
# libs/testing/run-fuzzers.sh runs the targets, reading build/fuzz/fuzzers.tsv.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TASKFLOW_FUZZ needs clang (libFuzzer): configure with the `fuzz` preset")
endif()
# -fno-sanitize=function: clang 14's UBSan function check emits prologue data that breaks the
# code generation of coroutines ("Cannot represent a difference across sections",
# llvm/llvm-project#49689), and the http and core libraries are built on C++20 coroutines.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function
                    -fno-omit-frame-pointer -fno-sanitize-recover=all)
# Boost 1.74's Asio enables co_await for clang only with the Coroutines TS (__cpp_coroutines),
# which clang 14 does not define in C++20 mode; its C++20 coroutines work with libstdc++ 12's
# <coroutine>, which Asio already picks (BOOST_ASIO_HAS_STD_COROUTINE), so say so.
add_compile_definitions(BOOST_ASIO_HAS_CO_AWAIT=1)
add_custom_target(fuzzers)

# taskflow_add_fuzzer(<name> SOURCES <files...> LIBS <targets...> [CORPUS <dir name>])
# One libFuzzer executable. Its seed inputs are fuzz/corpus/<dir name>/ and the inputs that once
# crashed it fuzz/regressions/<dir name>/, next to the calling list file; <dir name> defaults to
# the first source's name without "_fuzz.cpp". Each is listed in fuzzers.tsv for the runner.
function(taskflow_add_fuzzer name)
  cmake_parse_arguments(ARG "" "CORPUS" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_CORPUS)
    list(GET ARG_SOURCES 0 first_source)
    get_filename_component(ARG_CORPUS ${first_source} NAME_WE)
    string(REGEX REPLACE "_fuzz$" "" ARG_CORPUS ${ARG_CORPUS})
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/libs/testing/include)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  add_dependencies(fuzzers ${name})
  set(fuzz_dir ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
  set_property(GLOBAL APPEND PROPERTY TASKFLOW_FUZZERS
    "${name}\t$<TARGET_FILE:${name}>\t${fuzz_dir}/corpus/${ARG_CORPUS}\t${fuzz_dir}/regressions/${ARG_CORPUS}\n")
endfunction()

# Writes <build>/fuzzers.tsv: name, executable, seed corpus, regressions; one target a line.
# Called once, after every target is declared.
function(taskflow_write_fuzzer_list)
  get_property(lines GLOBAL PROPERTY TASKFLOW_FUZZERS)
  string(REPLACE ";" "" lines "${lines}")
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/fuzzers.tsv CONTENT "${lines}")
endfunction()
