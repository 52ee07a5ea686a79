# The WebAssembly build, configured with `emcmake cmake` (scripts/build does it).
#   node/composer-core.cjs   the core for Node (CommonJS glue)
#   web/composer-core.mjs    the core for browsers (ES module glue)
#   */composer-core.wasm     one binary behind both glues, checked identical
#   issuec.cjs + .wasm       the CLI for Node, reading and writing real files
# and it assembles dist/: both glues, the .wasm, composer.mjs and its .d.ts.

# Native WebAssembly exceptions: smaller and faster than the JS-emulated ones.
target_compile_options(composer_core PUBLIC -fwasm-exceptions)

separate_arguments(composer_wasm_flags UNIX_COMMAND "${COMPOSER_WASM_FLAGS}")
set(COMPOSER_WASM_LINK_OPTIONS
  ${composer_wasm_flags}
  -fwasm-exceptions
  -sALLOW_MEMORY_GROWTH=1
  # Out of memory must come back as NULL / std::bad_alloc, never an abort.
  -sABORTING_MALLOC=0
  # The memory comes from JS, so composer.mjs can cap it (maxMemoryBytes) and
  # give a fresh instance a fresh memory after a trap.
  -sIMPORTED_MEMORY=1
  -sDYNAMIC_EXECUTION=0)

set(COMPOSER_CORE_EXPORTS
  _composer_compose,_composer_compose_json,_composer_import,_composer_meta,_composer_render_gfm,_composer_reply_size,_malloc,_free)

# Compiled once for both glues, so both link exactly the same code.
add_library(composer_binding OBJECT "${CMAKE_CURRENT_LIST_DIR}/binding.cpp")
target_link_libraries(composer_binding PRIVATE composer_core)

function(composer_core_module target environment suffix)
  add_executable(${target} $<TARGET_OBJECTS:composer_binding>)
  target_link_libraries(${target} PRIVATE composer_core)
  set_target_properties(${target} PROPERTIES
    LINKER_LANGUAGE CXX
    OUTPUT_NAME composer-core
    SUFFIX "${suffix}"
    RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/${environment}")
  target_link_options(${target} PRIVATE ${COMPOSER_WASM_LINK_OPTIONS} ${ARGN}
    -sMODULARIZE=1
    -sEXPORT_NAME=createComposerCore
    -sFILESYSTEM=0
    # A smaller glue: it reads only the settings that composer.mjs, or a caller
    # of the bare glue with wasmBinary, gives it, and
    # decodes text with TextDecoder alone (every supported host has it).
    -sINCOMING_MODULE_JS_API=[wasmMemory,wasmBinary,print,printErr,locateFile,instantiateWasm]
    -sTEXTDECODER=2
    -sEXPORTED_FUNCTIONS=${COMPOSER_CORE_EXPORTS})
endfunction()

# A library must not install process-wide handlers in its host: by default the
# Node glue adds uncaughtException and unhandledRejection listeners per instance.
composer_core_module(composer_core_node node .cjs -sENVIRONMENT=node -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0)
composer_core_module(composer_core_web web .mjs -sENVIRONMENT=web,worker -sEXPORT_ES6=1)

# The CLI under Node: NODERAWFS gives it the real file system and stdin, and
# EXIT_RUNTIME flushes stdout and passes main's status on as the exit code.
set(issuec_pre_js "${CMAKE_CURRENT_LIST_DIR}/issuec-pre.cjs")
set_target_properties(issuec PROPERTIES SUFFIX .cjs LINK_DEPENDS "${issuec_pre_js}")
target_link_options(issuec PRIVATE ${COMPOSER_WASM_LINK_OPTIONS}
  -sENVIRONMENT=node
  -sNODERAWFS=1
  -sEXIT_RUNTIME=1
  "SHELL:--pre-js ${issuec_pre_js}")

set(COMPOSER_DIST_DIR "${PROJECT_SOURCE_DIR}/dist" CACHE PATH "Where the web-facing files are assembled")
set(node_wasm "${CMAKE_BINARY_DIR}/node/composer-core.wasm")
set(web_wasm "${CMAKE_BINARY_DIR}/web/composer-core.wasm")
add_custom_command(
  OUTPUT "${COMPOSER_DIST_DIR}/composer-core.wasm"
  COMMAND "${CMAKE_COMMAND}" -E compare_files "${node_wasm}" "${web_wasm}"
  COMMAND "${CMAKE_COMMAND}" -E copy "${web_wasm}" "${COMPOSER_DIST_DIR}/composer-core.wasm"
  DEPENDS composer_core_node composer_core_web
  COMMENT "Checking that both glues share one composer-core.wasm")
set(dist_outputs "${COMPOSER_DIST_DIR}/composer-core.wasm")
foreach(source
    "${CMAKE_BINARY_DIR}/node/composer-core.cjs"
    "${CMAKE_BINARY_DIR}/web/composer-core.mjs"
    "${CMAKE_CURRENT_LIST_DIR}/composer.mjs"
    "${CMAKE_CURRENT_LIST_DIR}/composer.d.ts")
  get_filename_component(name "${source}" NAME)
  add_custom_command(
    OUTPUT "${COMPOSER_DIST_DIR}/${name}"
    COMMAND "${CMAKE_COMMAND}" -E copy "${source}" "${COMPOSER_DIST_DIR}/${name}"
    DEPENDS "${source}" composer_core_node composer_core_web)
  list(APPEND dist_outputs "${COMPOSER_DIST_DIR}/${name}")
endforeach()
add_custom_target(dist ALL DEPENDS ${dist_outputs})
