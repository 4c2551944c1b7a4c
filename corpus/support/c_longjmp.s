# The exception tag that LLVM's Wasm setjmp/longjmp lowering throws and
# catches (`__c_longjmp`, one i32 payload: a pointer to {env, val}).
# sjlj.c throws it; wasi-libc would define it, Debian's older one does not.
	.globl	__c_longjmp
	.tagtype	__c_longjmp i32
__c_longjmp:
