//===- Version.h - The project's version, from CMake's project() ---*- C++ -*-===//
#ifndef COPYINTENT_TOOL_VERSION_H
#define COPYINTENT_TOOL_VERSION_H

#ifndef COPYINTENT_VERSION
#error "COPYINTENT_VERSION comes from the build (CMakeLists.txt project VERSION)"
#endif

#endif // COPYINTENT_TOOL_VERSION_H
