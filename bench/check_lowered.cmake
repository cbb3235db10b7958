# cmake -DNM=<llvm-nm> -DOBJECTS=<objects> -P check_lowered.cmake
# Fails when an object still references a copyintent_* entry point, i.e. the pass did
# not lower every call (the link would then quietly resolve it to libcopyintent.a).
foreach(obj IN LISTS OBJECTS)
  execute_process(COMMAND "${NM}" --undefined-only "${obj}"
                  OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "check_lowered: ${NM} failed on ${obj}")
  endif()
  string(REGEX MATCHALL "copyintent_[a-z_]+" left "${undefined}")
  if(left)
    list(REMOVE_DUPLICATES left)
    message(FATAL_ERROR "check_lowered: ${obj} still calls ${left}: the pass did not "
                        "lower them, so the benchmark would measure the runtime")
  endif()
endforeach()
