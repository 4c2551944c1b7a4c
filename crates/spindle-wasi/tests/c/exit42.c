// Ends with exit code 42 (through exit, i.e. WASI proc_exit).
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("about to exit");  // no newline: must still be flushed
    exit(42);
}
