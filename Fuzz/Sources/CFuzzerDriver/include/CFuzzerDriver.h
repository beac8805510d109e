#ifndef XBORDER_CFUZZERDRIVER_H
#define XBORDER_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in the toolchain's libclang_rt.fuzzer). SwiftPM links an executable's
/// entry point under its own name, so libFuzzer's `main` cannot be used: each target's `main`
/// hands its test function to this driver instead, with the command line as given.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

#endif
