//! Executes the directives of one script.

use std::collections::HashMap;

use anyhow::{anyhow, bail, Context as _, Result};
use spindle::{
    Config, Engine, Instance, Linker, Module, Store, Trap, TrapCode, Val, WasmException,
};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::token::Id;
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, Wat};

use crate::{guarded, values, Options, WastReport};

pub(crate) fn run(text: &str, opts: &Options, report: &mut WastReport) {
    // Folded legacy `try`s in plain form: same lines, which the reports use.
    let unfolded = crate::legacy_try::unfold(text);
    let text: &str = &unfolded;
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let parse_error = |report: &mut WastReport, e: wast::Error| {
        let (line, col) = e.span().linecol_in(text);
        report.fail(
            line + 1,
            col + 1,
            format!("cannot parse script: {}", e.message()),
        );
    };
    let buf = match ParseBuffer::new_with_lexer(lexer) {
        Ok(buf) => buf,
        Err(e) => return parse_error(report, e),
    };
    let wast = match parser::parse::<Wast<'_>>(&buf) {
        Ok(w) => w,
        Err(e) => return parse_error(report, e),
    };

    let mut runner = match guarded(|| Runner::new(opts)) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            report.fail(1, 1, format!("cannot set up the spectest module: {e:#}"));
            return;
        }
        Err(panic) => {
            report.fail(1, 1, format!("panic while setting up: {panic}"));
            return;
        }
    };

    for directive in wast.directives {
        let (line, col) = directive.span().linecol_in(text);
        let (line, col) = (line + 1, col + 1);
        match guarded(|| runner.directive(directive, line)) {
            Ok(Ok(())) => report.pass(),
            Ok(Err(reason)) => report.fail(line, col, reason),
            Err(panic) => report.fail(line, col, format!("panic: {panic}")),
        }
    }
}

struct Runner {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// Instances by `$id`.
    instances: HashMap<String, Instance>,
    /// `module definition`s by `$id`.
    definitions: HashMap<String, Module>,
    last_definition: Option<Module>,
    /// The instance that unnamed commands refer to, or why there is none.
    current: Result<Instance, String>,
}

/// Does a trap/link message match the script's expected one? The scripts
/// sometimes carry extra words, so a prefix of the expectation also counts.
fn msg_matches(actual: &str, expected: &str) -> bool {
    actual.contains(expected) || (!actual.is_empty() && expected.starts_with(actual))
}

fn find_trap(e: &anyhow::Error) -> Option<&Trap> {
    e.downcast_ref::<Trap>()
        .or_else(|| e.chain().find_map(|c| c.downcast_ref::<Trap>()))
}

fn find_exception(e: &anyhow::Error) -> Option<&WasmException> {
    e.downcast_ref::<WasmException>()
        .or_else(|| e.chain().find_map(|c| c.downcast_ref::<WasmException>()))
}

/// An error as one short line: a trap by its message, an exception as such,
/// anything else with its whole context chain.
fn describe(e: &anyhow::Error) -> String {
    if let Some(t) = find_trap(e) {
        format!("trap \"{}\"", t.message())
    } else if find_exception(e).is_some() {
        "uncaught exception".to_string()
    } else {
        format!("error: {e:#}")
    }
}

fn is_component(q: &QuoteWat<'_>) -> bool {
    matches!(
        q,
        QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..)
    )
}

fn show_results(vals: &[Val]) -> String {
    let parts: Vec<String> = vals.iter().map(values::show).collect();
    format!("[{}]", parts.join(", "))
}

impl Runner {
    fn new(opts: &Options) -> Result<Self> {
        let mut config = Config::new();
        config.lazy_translation(!opts.eager_translation);
        if let Some(n) = opts.max_stack_bytes {
            config.max_stack_bytes(n);
        }
        if let Some(n) = opts.max_call_depth {
            config.max_call_depth(n);
        }
        config.tier(opts.tier);
        if let Some(n) = opts.tier_threshold {
            config.tier_threshold(n).tier_background(false);
        }
        let engine = Engine::new(&config);
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        crate::spectest::define(&mut linker, &mut store, opts.print)?;
        Ok(Runner {
            engine,
            store,
            linker,
            instances: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
            current: Err("no module has been instantiated yet".into()),
        })
    }

    fn compile(&self, bytes: &[u8]) -> Result<Module> {
        Module::from_binary(&self.engine, bytes)
    }

    fn encode(q: &mut QuoteWat<'_>) -> Result<Vec<u8>> {
        if is_component(q) {
            bail!("unsupported: component model");
        }
        let encoded = match q.to_test() {
            // A quoted module's text may hold folded legacy `try`s too.
            Ok(wast::QuoteWatTest::Text(text)) => match String::from_utf8(text) {
                Ok(text) => {
                    let text = crate::legacy_try::unfold(&text);
                    ParseBuffer::new(&text).and_then(|buf| parser::parse::<Wat<'_>>(&buf)?.encode())
                }
                Err(_) => bail!("cannot encode module: malformed UTF-8 encoding"),
            },
            Ok(wast::QuoteWatTest::Binary(bytes)) => Ok(bytes),
            Err(e) => Err(e),
        };
        encoded.map_err(|e| anyhow!("cannot encode module: {}", e.message()))
    }

    fn instantiate(&mut self, module: &Module) -> Result<Instance> {
        self.linker.instantiate(&mut self.store, module)
    }

    fn instance(&self, id: Option<Id<'_>>) -> Result<Instance> {
        match id {
            Some(id) => self
                .instances
                .get(id.name())
                .copied()
                .ok_or_else(|| anyhow!("unknown module ${}", id.name())),
            None => self.current.clone().map_err(|e| anyhow!("{e}")),
        }
    }

    fn invoke(&mut self, inv: &WastInvoke<'_>) -> Result<Vec<Val>> {
        let inst = self.instance(inv.module)?;
        let func = inst
            .get_func(&mut self.store, inv.name)
            .ok_or_else(|| anyhow!("no exported function {:?}", inv.name))?;
        let ty = func.ty(&self.store);
        if ty.params().len() != inv.args.len() {
            bail!(
                "{:?} takes {} arguments, the script passes {}",
                inv.name,
                ty.params().len(),
                inv.args.len()
            );
        }
        let args = inv
            .args
            .iter()
            .zip(ty.params())
            .map(|(a, t)| values::arg(a, Some(t)))
            .collect::<Result<Vec<Val>, String>>()
            .map_err(|e| anyhow!(e))?;
        let mut results: Vec<Val> = ty.results().iter().map(Val::default_for).collect();
        func.call(&mut self.store, &args, &mut results)?;
        Ok(results)
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>> {
        match exec {
            WastExecute::Invoke(inv) => self.invoke(&inv),
            WastExecute::Wat(wat) => {
                let mut q = QuoteWat::Wat(wat);
                let bytes = Self::encode(&mut q)?;
                let module = self.compile(&bytes).context("module does not compile")?;
                self.instantiate(&module)?;
                Ok(Vec::new())
            }
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(module)?;
                let g = inst
                    .get_global(&mut self.store, global)
                    .ok_or_else(|| anyhow!("no exported global {global:?}"))?;
                Ok(vec![g.get(&mut self.store)])
            }
        }
    }

    /// Runs one directive; `Err` is the failure's reason.
    fn directive(&mut self, d: WastDirective<'_>, line: usize) -> Result<(), String> {
        match d {
            WastDirective::Module(mut q) => {
                let name = q.name().map(|id| id.name().to_string());
                // Forget the old instance first, so that nothing refers to it
                // even if instantiation panics.
                self.current = Err(format!("the module at line {line} failed"));
                if let Some(name) = &name {
                    self.instances.remove(name);
                }
                let result = Self::encode(&mut q).and_then(|bytes| {
                    let module = self.compile(&bytes).context("module does not compile")?;
                    self.instantiate(&module)
                });
                match result {
                    Ok(inst) => {
                        if let Some(name) = name {
                            self.instances.insert(name, inst);
                        }
                        self.current = Ok(inst);
                        Ok(())
                    }
                    Err(e) => Err(format!("module: {}", describe(&e))),
                }
            }
            WastDirective::ModuleDefinition(mut q) => {
                let name = q.name().map(|id| id.name().to_string());
                let module = Self::encode(&mut q)
                    .and_then(|bytes| self.compile(&bytes).context("module does not compile"))
                    .map_err(|e| format!("module definition: {}", describe(&e)))?;
                if let Some(name) = name {
                    self.definitions.insert(name, module.clone());
                }
                self.last_definition = Some(module);
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                self.current = Err(format!("the module instance at line {line} failed"));
                if let Some(id) = instance {
                    self.instances.remove(id.name());
                }
                let def = match module {
                    Some(id) => self.definitions.get(id.name()).cloned(),
                    None => self.last_definition.clone(),
                };
                let result = match def {
                    Some(def) => self.instantiate(&def),
                    None => Err(anyhow!("no such module definition")),
                };
                match result {
                    Ok(inst) => {
                        if let Some(id) = instance {
                            self.instances.insert(id.name().to_string(), inst);
                        }
                        self.current = Ok(inst);
                        Ok(())
                    }
                    Err(e) => Err(format!("module instance: {}", describe(&e))),
                }
            }
            WastDirective::Register { name, module, .. } => {
                let inst = self
                    .instance(module)
                    .map_err(|e| format!("register: {e}"))?;
                self.linker
                    .instance(&mut self.store, name, inst)
                    .map(|_| ())
                    .map_err(|e| format!("register: {e:#}"))
            }
            WastDirective::Invoke(inv) => self
                .invoke(&inv)
                .map(|_| ())
                .map_err(|e| format!("invoke {:?}: {}", inv.name, describe(&e))),
            WastDirective::AssertReturn { exec, results, .. } => {
                let what = exec_name(&exec);
                let actual = self
                    .execute(exec)
                    .map_err(|e| format!("assert_return {what}: {}", describe(&e)))?;
                if actual.len() != results.len() {
                    return Err(format!(
                        "assert_return {what}: expected {} results, got {}",
                        results.len(),
                        show_results(&actual)
                    ));
                }
                for (i, (a, e)) in actual.iter().zip(&results).enumerate() {
                    values::check(a, e)
                        .map_err(|why| format!("assert_return {what}: result {i}: {why}"))?;
                }
                Ok(())
            }
            WastDirective::AssertTrap { exec, message, .. } => {
                let what = exec_name(&exec);
                match self.execute(exec) {
                    Ok(vals) => Err(format!(
                        "assert_trap {what}: expected trap \"{message}\", returned {}",
                        show_results(&vals)
                    )),
                    Err(e) => match find_trap(&e) {
                        Some(t) if msg_matches(t.message(), message) => Ok(()),
                        _ => Err(format!(
                            "assert_trap {what}: expected trap \"{message}\", got {}",
                            describe(&e)
                        )),
                    },
                }
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                let what = format!("{:?}", call.name);
                match self.invoke(&call) {
                    Ok(vals) => Err(format!(
                        "assert_exhaustion {what}: expected \"{message}\", returned {}",
                        show_results(&vals)
                    )),
                    Err(e) => match find_trap(&e) {
                        Some(t)
                            if t.code() == TrapCode::StackExhausted
                                || msg_matches(t.message(), message) =>
                        {
                            Ok(())
                        }
                        _ => Err(format!(
                            "assert_exhaustion {what}: expected \"{message}\", got {}",
                            describe(&e)
                        )),
                    },
                }
            }
            WastDirective::AssertException { exec, .. } => {
                let what = exec_name(&exec);
                match self.execute(exec) {
                    Ok(vals) => Err(format!(
                        "assert_exception {what}: expected an exception, returned {}",
                        show_results(&vals)
                    )),
                    Err(e) => {
                        let uncaught_trap =
                            find_trap(&e).is_some_and(|t| t.code() == TrapCode::UncaughtException);
                        if find_exception(&e).is_some() || uncaught_trap {
                            Ok(())
                        } else {
                            Err(format!(
                                "assert_exception {what}: expected an exception, got {}",
                                describe(&e)
                            ))
                        }
                    }
                }
            }
            WastDirective::AssertSuspension { exec, message, .. } => {
                let what = exec_name(&exec);
                match self.execute(exec) {
                    Ok(vals) => Err(format!(
                        "assert_suspension {what}: expected \"{message}\", returned {}",
                        show_results(&vals)
                    )),
                    Err(e) => match find_trap(&e) {
                        Some(t) if t.code() == TrapCode::UnhandledTag => Ok(()),
                        _ => Err(format!(
                            "assert_suspension {what}: expected \"{message}\" (unhandled tag), got {}",
                            describe(&e)
                        )),
                    },
                }
            }
            WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => {
                if is_component(&module) {
                    return Err("assert_invalid: unsupported: component model".into());
                }
                let Ok(bytes) = module.encode() else {
                    // Rejected by the text format already.
                    return Ok(());
                };
                match self.compile(&bytes) {
                    Err(_) => Ok(()),
                    Ok(_) => Err(format!(
                        "assert_invalid: module is valid, expected \"{message}\""
                    )),
                }
            }
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            } => {
                if is_component(&module) {
                    return Err("assert_malformed: unsupported: component model".into());
                }
                let Ok(bytes) = module.encode() else {
                    return Ok(());
                };
                match self.compile(&bytes) {
                    Err(_) => Ok(()),
                    Ok(_) => Err(format!(
                        "assert_malformed: module compiles, expected \"{message}\""
                    )),
                }
            }
            WastDirective::AssertUnlinkable {
                module, message, ..
            } => {
                let mut q = QuoteWat::Wat(module);
                let module = Self::encode(&mut q)
                    .and_then(|bytes| self.compile(&bytes).context("module does not compile"))
                    .map_err(|e| format!("assert_unlinkable: {}", describe(&e)))?;
                match self.instantiate(&module) {
                    Ok(_) => Err(format!(
                        "assert_unlinkable: module linked, expected \"{message}\""
                    )),
                    Err(e) if find_trap(&e).is_some() => Err(format!(
                        "assert_unlinkable: expected link error \"{message}\", got {}",
                        describe(&e)
                    )),
                    Err(e) => {
                        let text = format!("{e:#}");
                        if msg_matches(&text, message) {
                            Ok(())
                        } else {
                            Err(format!(
                                "assert_unlinkable: expected \"{message}\", got error: {}",
                                text
                            ))
                        }
                    }
                }
            }
            WastDirective::AssertInvalidCustom { .. }
            | WastDirective::AssertMalformedCustom { .. } => {
                Err("unsupported: custom-section assertions".into())
            }
            WastDirective::Thread(_) | WastDirective::Wait { .. } => {
                Err("unsupported: threads".into())
            }
        }
    }
}

fn exec_name(exec: &WastExecute<'_>) -> String {
    match exec {
        WastExecute::Invoke(inv) => format!("{:?}", inv.name),
        WastExecute::Wat(_) => "(module)".into(),
        WastExecute::Get { global, .. } => format!("(get {global:?})"),
    }
}
