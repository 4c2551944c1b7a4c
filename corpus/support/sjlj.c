/* The runtime half of LLVM's Wasm setjmp/longjmp lowering
 * (`-mllvm -wasm-enable-sjlj`), for a wasi-libc without one.
 *
 * The lowering gives each function that calls setjmp an invocation id and
 * numbers its setjmp sites (labels from 1). `setjmp(env)` becomes
 * `__wasm_setjmp(env, label, id)`; after a call that may longjmp, the
 * function catches the `__c_longjmp` tag and asks `__wasm_setjmp_test`
 * whether the buffer belongs to this invocation (0: rethrow). `longjmp`
 * throws that tag with a pointer to {env, val}. */
#include <stdint.h>
#include <stdlib.h>

struct jmp_buf_impl {
    void *func_invocation_id;
    uint32_t label;
    struct {
        void *env;
        int val;
    } arg;
};

_Static_assert(sizeof(struct jmp_buf_impl) <= 32, "jmp_buf too small");

void __wasm_setjmp(void *env, uint32_t label, void *func_invocation_id) {
    struct jmp_buf_impl *jb = env;
    if (label == 0 || func_invocation_id == NULL) {
        abort();
    }
    jb->func_invocation_id = func_invocation_id;
    jb->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *func_invocation_id) {
    struct jmp_buf_impl *jb = env;
    return jb->func_invocation_id == func_invocation_id ? jb->label : 0;
}

void __wasm_longjmp(void *env, int val) {
    struct jmp_buf_impl *jb = env;
    jb->arg.env = env;
    jb->arg.val = val == 0 ? 1 : val;
    /* Tag 1 is LLVM's __c_longjmp. */
    __builtin_wasm_throw(1, &jb->arg);
}
