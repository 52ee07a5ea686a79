# The libFuzzer harness, built by scripts/fuzz into build/fuzz with clang:
# the core and cmark-gfm with AddressSanitizer and UndefinedBehaviorSanitizer
# and coverage for the fuzzer (the flags are set before cmark-gfm is added,
# in CMakeLists.txt), the harness linked with libFuzzer.
add_executable(compose_fuzzer "${CMAKE_CURRENT_LIST_DIR}/compose_fuzzer.cpp")
target_include_directories(compose_fuzzer PRIVATE "${PROJECT_SOURCE_DIR}/core/src")
target_link_libraries(compose_fuzzer PRIVATE composer_core)
target_link_options(compose_fuzzer PRIVATE -fsanitize=fuzzer)
