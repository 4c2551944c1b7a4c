;; sieve.wat - byte-array sieve of Eratosthenes (memory-heavy kernel)
;;
;; run(n) counts the primes below n.  It keeps one byte per integer in
;; linear memory at address 0 (0 = still a prime candidate, 1 = composite),
;; growing memory to ceil(n / 65536) pages when needed, then
;;   1. clears bytes [0, n) with a byte loop (so repeated calls work),
;;   2. for i = 2, 3, ... while i*i < n: if byte[i] == 0, marks
;;      i*i, i*i + i, ... below n as composite,
;;   3. counts the zero bytes in [2, n).
;; It exercises i32.load8_u / i32.store8, tight loops and memory.grow.
;;
;; Export:   run(n: i32) -> i32      number of primes p with p < n
;; Default:  n = 10000000            (153 pages = ~9.6 MiB of memory)
;; Expected: run(10000000) = 664579
;; Others:   run(100) = 25, run(1000) = 168, run(1000000) = 78498,
;;           run(20000000) = 1270607, run(50000000) = 3001134
;;           run(0) = run(1) = run(2) = 0; traps if memory cannot grow
(module
  (memory 1)

  (func (export "run") (param $n i32) (result i32)
    (local $pages i32) (local $i i32) (local $j i32) (local $count i32)

    (if (i32.lt_u (local.get $n) (i32.const 3))
      (then (return (i32.const 0))))

    ;; Grow memory so that bytes [0, n) exist.
    (local.set $pages
      (i32.shr_u (i32.add (local.get $n) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size)))
                    (i32.const -1))
          (then (unreachable)))))

    ;; 1. Clear the flags.
    (local.set $i (i32.const 0))
    (block $done
      (loop $clear
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (local.get $i) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $clear)))

    ;; 2. Cross off multiples of each prime i with i*i < n.
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done
          (i32.ge_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $inner_done
              (loop $inner
                (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))

    ;; 3. Count the survivors in [2, n).
    (local.set $count (i32.const 0))
    (local.set $i (i32.const 2))
    (block $done
      (loop $count_loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $count
          (i32.add (local.get $count)
                   (i32.eqz (i32.load8_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count_loop)))
    (local.get $count)))
