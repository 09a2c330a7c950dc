# Runs one libFuzzer target for a bounded time from a fresh copy of its seed folders (CTest calls
# this; see CMakeLists.txt). Fails, naming the saved input and how to replay it, when libFuzzer
# exits with anything but 0: a crash, a sanitizer report, a leak, a timeout or an out-of-memory.
#   cmake -DFUZZER=<exe> -DSEEDS=<dir>|<dir> -DWORK=<dir> -DSECONDS=<n> -P run_fuzzer.cmake
foreach(var FUZZER SEEDS WORK SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake needs -D${var}=...")
  endif()
endforeach()
if(NOT EXISTS "${FUZZER}")
  message(FATAL_ERROR "${FUZZER} is not built (ninja sichtbar_fuzz_targets)")
endif()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/corpus")
string(REPLACE "|" ";" seed_dirs "${SEEDS}")
foreach(dir ${seed_dirs})
  file(GLOB seeds "${dir}/*")
  if(NOT seeds)
    message(FATAL_ERROR "no seeds in ${dir}")
  endif()
  file(COPY ${seeds} DESTINATION "${WORK}/corpus")
endforeach()

# -seed: the suite gates every landing, so a run is repeatable (seed 1 unless SICHTBAR_FUZZ_SEED
# says otherwise; 0 lets libFuzzer pick, for longer hunting by hand).
set(seed 1)
if(DEFINED ENV{SICHTBAR_FUZZ_SEED})
  set(seed $ENV{SICHTBAR_FUZZ_SEED})
endif()
# -timeout: one input taking 10 s is a hang. -rss_limit_mb: runaway memory is a failure too.
execute_process(
  COMMAND "${FUZZER}" -seed=${seed} -max_total_time=${SECONDS} -rss_limit_mb=2048 -timeout=10
          -print_final_stats=1 "-artifact_prefix=${WORK}/" "${WORK}/corpus"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(GLOB found "${WORK}/crash-*" "${WORK}/leak-*" "${WORK}/timeout-*" "${WORK}/oom-*"
       "${WORK}/slow-unit-*")
  message(FATAL_ERROR "${FUZZER} failed (exit ${rc}). Input: ${found}\n"
                      "Replay: ${FUZZER} <input>. Once fixed, keep the input in "
                      "tests/fuzz/regressions/<corpus folder>/ (see its README).")
endif()
