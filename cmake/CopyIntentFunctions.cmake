# copyintent_enable(<target> [STATIC])
#
# Compiles the C and C++ sources of <target> with clang -fplugin=CopyIntent.so (the
# copyintent checks as warnings, and the copy calls lowered inline) and links the
# runtime, libcopyintent (shared; STATIC for the archive). The plugin runs in clang 22
# only: any other compiler for the target's languages is a configuration error, never
# a build that quietly does without.
#
# Defined by find_package(CopyIntent) and by add_subdirectory / FetchContent of the
# copyintent source tree alike.
function(copyintent_enable target)
  cmake_parse_arguments(CI "STATIC" "" "" ${ARGN})
  if(CI_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "copyintent_enable(${target}): unknown argument(s) "
                        "${CI_UNPARSED_ARGUMENTS}; expected copyintent_enable(<target> [STATIC])")
  endif()
  if(NOT TARGET "${target}")
    message(FATAL_ERROR "copyintent_enable: there is no target named '${target}'")
  endif()
  foreach(lang C CXX)
    if(CMAKE_${lang}_COMPILER_LOADED)
      if(NOT CMAKE_${lang}_COMPILER_ID STREQUAL "Clang" OR
         NOT CMAKE_${lang}_COMPILER_VERSION VERSION_GREATER_EQUAL 22 OR
         CMAKE_${lang}_COMPILER_VERSION VERSION_GREATER_EQUAL 23)
        message(FATAL_ERROR
          "copyintent_enable(${target}): the copyintent plugin runs in clang 22; the "
          "${lang} compiler is ${CMAKE_${lang}_COMPILER} (${CMAKE_${lang}_COMPILER_ID} "
          "${CMAKE_${lang}_COMPILER_VERSION}). Configure with "
          "-DCMAKE_${lang}_COMPILER=clang-22 (or clang++-22)")
      endif()
    endif()
  endforeach()
  target_compile_options("${target}" PRIVATE
    "$<$<COMPILE_LANGUAGE:C,CXX>:-fplugin=$<TARGET_FILE:CopyIntent::plugin>>")
  if(CI_STATIC)
    target_link_libraries("${target}" PRIVATE CopyIntent::runtime_static)
  else()
    target_link_libraries("${target}" PRIVATE CopyIntent::runtime)
  endif()
endfunction()
