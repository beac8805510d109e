// Declarations only (include/CFuzzerDriver.h); the driver itself comes with -sanitize=fuzzer.
#include "CFuzzerDriver.h"
