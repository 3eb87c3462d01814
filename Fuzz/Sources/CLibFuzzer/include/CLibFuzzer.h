#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver as a library call (LLVM 11 and later). SwiftPM links an executable
/// target with `main` aliased to `<Target>_main`, so libFuzzer's own `main` never runs; each
/// target's `<Target>_main` hands its arguments and test function to this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
