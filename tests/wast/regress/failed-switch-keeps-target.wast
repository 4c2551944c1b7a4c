;; A `switch` that finds no handler must leave its target continuation
;; usable (the spec consumes it only on a successful switch). The undo
;; used to subtract one from the generation, which does not invert the
;; bump at u32::MAX (the bump skips 0); it now restores the generation
;; the reference names. Found by reading the code (issue 14).
(module
  (rec
    (type $sf (func (param (ref null $sc))))
    (type $sc (cont $sf)))
  (tag $sw)
  (global $target (mut (ref null $sc)) (ref.null $sc))
  (global $ran (mut i32) (i32.const 0))
  (func $mark (type $sf) (global.set $ran (i32.const 1)))
  (func $switcher (type $sf)
    (drop (switch $sc $sw (global.get $target))))
  (elem declare func $mark $switcher)
  (func (export "make")
    (global.set $target (cont.new $sc (ref.func $mark))))
  (func (export "no_handler")
    (resume $sc (ref.null $sc) (cont.new $sc (ref.func $switcher))))
  (func (export "resume_target") (result i32)
    (resume $sc (ref.null $sc) (global.get $target))
    (global.get $ran)))
(invoke "make")
(assert_suspension (invoke "no_handler") "unhandled")
(assert_suspension (invoke "no_handler") "unhandled")
(assert_return (invoke "resume_target") (i32.const 1))
(assert_trap (invoke "resume_target") "continuation already consumed")
