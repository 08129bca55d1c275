//! The `console` namespace (logging only).
//! <https://console.spec.whatwg.org/#console-namespace>

use bindings::{Cx, Fallible, FromJs, RootedValue};

use crate::dom::bindings::generated::ConsoleNamespace;
use crate::dom::globalscope::{ConsoleLevel, GlobalRoot};

pub struct Console;

/// Formats the arguments the way a person reads them: strings as they are, other values
/// through ToString, separated by spaces.
fn format(cx: &mut Cx, data: &[RootedValue]) -> Fallible<String> {
    let mut parts = Vec::with_capacity(data.len());
    for value in data {
        parts.push(String::from_js(cx, value.handle())?);
    }
    Ok(parts.join(" "))
}

fn log(cx: &mut Cx, level: ConsoleLevel, data: Vec<RootedValue>) -> Fallible<()> {
    let message = format(cx, &data)?;
    GlobalRoot::current(cx)?.console(level, &message);
    Ok(())
}

impl ConsoleNamespace for Console {
    /// <https://console.spec.whatwg.org/#log>
    fn log(cx: &mut Cx, data: Vec<RootedValue>) -> Fallible<()> {
        log(cx, ConsoleLevel::Log, data)
    }
    /// <https://console.spec.whatwg.org/#info>
    fn info(cx: &mut Cx, data: Vec<RootedValue>) -> Fallible<()> {
        log(cx, ConsoleLevel::Info, data)
    }
    /// <https://console.spec.whatwg.org/#warn>
    fn warn(cx: &mut Cx, data: Vec<RootedValue>) -> Fallible<()> {
        log(cx, ConsoleLevel::Warn, data)
    }
    /// <https://console.spec.whatwg.org/#error>
    fn error(cx: &mut Cx, data: Vec<RootedValue>) -> Fallible<()> {
        log(cx, ConsoleLevel::Error, data)
    }
    /// <https://console.spec.whatwg.org/#debug>
    fn debug(cx: &mut Cx, data: Vec<RootedValue>) -> Fallible<()> {
        log(cx, ConsoleLevel::Debug, data)
    }
}
