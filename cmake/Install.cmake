# What `cmake --install` puts where, and the Debian package made from it (cpack -G DEB).
#
#   bin/copyintent                                 the whole-tree command
#   lib/<arch>/copyintent/CopyIntent.so,           the plugins, side by side (the pass
#     CopyIntentFrontend.so, CopyIntentTidy.so     loads its companion from its own dir)
#   lib/<arch>/libcopyintent.{a,so}                the runtime
#   include/copyintent/                            the C API
#   lib/<arch>/cmake/CopyIntent/                   find_package(CopyIntent)
#   lib/<arch>/pkgconfig/copyintent.pc             pkg-config
#   share/doc/copyintent/, share/man/man1/         docs and the man page
include(CMakePackageConfigHelpers)

set(COPYINTENT_PLUGIN_DIR "${CMAKE_INSTALL_LIBDIR}/copyintent")
set(COPYINTENT_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/CopyIntent")

set_target_properties(CopyIntent PROPERTIES EXPORT_NAME plugin)
set_target_properties(CopyIntentTidy PROPERTIES EXPORT_NAME tidy_module)
set_target_properties(copyintent PROPERTIES EXPORT_NAME command)
# The same names for add_subdirectory / FetchContent users.
add_library(CopyIntent::plugin ALIAS CopyIntent)
add_library(CopyIntent::tidy_module ALIAS CopyIntentTidy)
add_executable(CopyIntent::command ALIAS copyintent)
include("${CMAKE_CURRENT_LIST_DIR}/CopyIntentFunctions.cmake")

install(TARGETS CopyIntent CopyIntentTidy EXPORT CopyIntentTargets
        LIBRARY DESTINATION "${COPYINTENT_PLUGIN_DIR}")
install(TARGETS CopyIntentFrontend LIBRARY DESTINATION "${COPYINTENT_PLUGIN_DIR}")
install(TARGETS copyintent EXPORT CopyIntentTargets
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(TARGETS copyintent_shared copyintent_static EXPORT CopyIntentTargets
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/copyintent"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT CopyIntentTargets NAMESPACE CopyIntent:: DESTINATION "${COPYINTENT_CMAKE_DIR}")
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/CopyIntentConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/CopyIntentConfig.cmake" INSTALL_DESTINATION "${COPYINTENT_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/CopyIntentConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/CopyIntentConfig.cmake"
              "${PROJECT_BINARY_DIR}/CopyIntentConfigVersion.cmake"
              "${CMAKE_CURRENT_LIST_DIR}/CopyIntentFunctions.cmake"
        DESTINATION "${COPYINTENT_CMAKE_DIR}")

file(RELATIVE_PATH COPYINTENT_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file("${CMAKE_CURRENT_LIST_DIR}/copyintent.pc.in"
               "${PROJECT_BINARY_DIR}/copyintent.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/copyintent.pc"
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

# Docs, the man page and the Debian changelog, compressed as Debian wants them.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/" DESTINATION "${CMAKE_INSTALL_DOCDIR}"
        PATTERN "man" EXCLUDE)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/packaging/copyright"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")
set(_ci_gz "")
foreach(pair "docs/man/copyintent.1|copyintent.1.gz" "packaging/changelog|changelog.gz")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 src)
  list(GET pair 1 gz)
  add_custom_command(OUTPUT "${PROJECT_BINARY_DIR}/${gz}"
    COMMAND gzip -9n -c "${PROJECT_SOURCE_DIR}/${src}" > "${PROJECT_BINARY_DIR}/${gz}"
    DEPENDS "${PROJECT_SOURCE_DIR}/${src}" VERBATIM)
  list(APPEND _ci_gz "${PROJECT_BINARY_DIR}/${gz}")
endforeach()
add_custom_target(copyintent_compressed_docs ALL DEPENDS ${_ci_gz})
install(FILES "${PROJECT_BINARY_DIR}/copyintent.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
# A native package (no Debian revision): its changelog is changelog.gz.
install(FILES "${PROJECT_BINARY_DIR}/changelog.gz" DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# --- The Debian package ---------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME copyintent)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "copyintent developers <copyintent@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "copy-intent checks, lowering pass and runtime for Clang/LLVM 22")
# The long description (CPack puts the summary above it as the synopsis).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"Systems code copies memory with intents that look alike: a nocache copy only
spares the cache, a writethrough copy leaves no dirty cache line for persistent
memory, a copy into MMIO needs memcpy_toio. This package provides clang-tidy
checks and compiler warnings that classify every copy call site by intent and
rewrite wrong ones, an LLVM pass plugin that lowers the copyintent C API to
store, flush and fence sequences for x86-64, AArch64, POWER and RISC-V, the
runtime library, and the copyintent command for whole trees.")
# Library dependencies from the binaries themselves (dpkg-shlibdeps), plus what they
# use without linking: clang 22 loads the plugins, and the command parses with clang's
# resource headers.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-22, libclang-common-22-dev")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "clang-tidy-22")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${PROJECT_SOURCE_DIR}/packaging/triggers")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
