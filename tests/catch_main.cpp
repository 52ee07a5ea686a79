// The one Catch2 main of unit_tests; test files only define test cases.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
