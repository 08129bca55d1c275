//! Callback functions and callback interfaces: a Rust struct holding the (traced) object, with
//! a typed method that converts the arguments, calls it, and converts the result.
//!
//! <https://webidl.spec.whatwg.org/#js-callback-function>
//! <https://webidl.spec.whatwg.org/#js-callback-interface>

use super::types::{c_literal, from_js, rust_type, snake, string_literal, to_js};
use crate::ir::{Argument, Definitions, Type};

fn params(args: &[Argument]) -> String {
    args.iter()
        .map(|a| {
            if a.variadic {
                format!(", {}: Vec<{}>", snake(&a.name), rust_type(&a.ty))
            } else {
                format!(", {}: {}", snake(&a.name), rust_type(&a.ty))
            }
        })
        .collect()
}

fn convert_args(args: &[Argument]) -> String {
    let mut out = format!(
        "#[allow(unused_mut)]\n        let mut args: Vec<rt::RootedValue> = Vec::with_capacity({});\n",
        args.len()
    );
    for a in args {
        if a.variadic {
            out.push_str(&format!(
                "        for item in &{} {{ let mut v = rt::RootedValue::undefined(); {}?; args.push(v); }}\n",
                snake(&a.name),
                to_js(&a.ty, "*item", "v.handle_mut()")
            ));
        } else {
            out.push_str(&format!(
                "        {{ let mut v = rt::RootedValue::undefined(); {}?; args.push(v); }}\n",
                to_js(&a.ty, &snake(&a.name), "v.handle_mut()")
            ));
        }
    }
    out
}

fn convert_result(defs: &Definitions, ret: &Type) -> String {
    match ret {
        Type::Undefined => "let _ = result; Ok(())".into(),
        Type::Any => "Ok(result)".into(),
        ty => from_js(defs, ty, "result.handle()"),
    }
}

/// What differs between a callback function's Rust type and a callback interface's.
struct CallbackShape<'a> {
    name: &'a str,
    /// "callback function" or "callback interface".
    kind: &'a str,
    /// The typed method that calls it.
    call_method: String,
    /// How a value becomes the callback: `from_callable_value` or `from_object_value`.
    accept: &'a str,
    /// What the value must be, for the TypeError.
    expected: &'a str,
}

/// The struct holding the callback object, its typed call method, and its conversions.
fn emit_callback(shape: CallbackShape) -> String {
    let CallbackShape { name, kind, call_method, accept, expected } = shape;
    format!(
        r#"
/// The `{name}` {kind}.
#[derive(Clone)]
pub struct {name} {{
    callback: Rc<rt::CallbackObject>,
}}

impl {name} {{
    pub fn new(callback: rt::CallbackObject) -> {name} {{
        {name} {{ callback: Rc::new(callback) }}
    }}

    pub fn callback(&self) -> &rt::CallbackObject {{
        &self.callback
    }}
{call_method}
}}

impl rt::Trace for {name} {{
    fn trace(&self, trc: &rt::Tracer) {{
        self.callback.trace(trc)
    }}
}}

impl rt::FromJs for {name} {{
    fn from_js(_cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
        match rt::CallbackObject::{accept}(value) {{
            Some(callback) => Ok({name}::new(callback)),
            None => Err(rt::Error::type_error(format!("The provided value is not {expected} (expected {{}})", {name_literal}))),
        }}
    }}
}}

impl rt::ToJs for {name} {{
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> rt::Fallible<()> {{
        rt::ToJs::to_js(&*self.callback, cx, rval)
    }}
}}
"#,
        name_literal = string_literal(name),
    )
}

pub fn emit_function(defs: &Definitions, name: &str) -> String {
    let cb = &defs.callbacks[name];
    let call_method = format!(
        r#"
    /// Invokes the callback function with `this`.
    pub fn call(&self, cx: &mut Cx, this: HandleValue{params}) -> rt::Fallible<{ret}> {{
        {convert_args}
        let result = self.callback.call(cx, this, &args)?;
        {convert_result}
    }}"#,
        params = params(&cb.args),
        ret = rust_type(&cb.ret),
        convert_args = convert_args(&cb.args),
        convert_result = convert_result(defs, &cb.ret),
    );
    let lenient = if cb.treat_non_object_as_null {
        format!(
            r#"
impl {name} {{
    /// `[LegacyTreatNonObjectAsNull]`: any object is accepted; anything else is null.
    pub fn from_js_treating_non_objects_as_null(_cx: &mut Cx, value: HandleValue) -> rt::Fallible<Option<{name}>> {{
        Ok(rt::CallbackObject::from_object_value(value).map({name}::new))
    }}
}}
"#
        )
    } else {
        String::new()
    };
    let shape = CallbackShape {
        name,
        kind: "callback function",
        call_method,
        accept: "from_callable_value",
        expected: "a function",
    };
    emit_callback(shape) + &lenient
}

pub fn emit_interface(defs: &Definitions, name: &str) -> String {
    let op = &defs.callback_interfaces[name].operation;
    let call_method = format!(
        r#"
    /// Calls the user object's `{op_name}` operation (or the object itself if callable), with
    /// `this` when the object is callable.
    pub fn {method}(&self, cx: &mut Cx, this: HandleValue{params}) -> rt::Fallible<{ret}> {{
        {convert_args}
        let result = self.callback.call_operation(cx, {c_op}, this, &args)?;
        {convert_result}
    }}"#,
        op_name = op.name,
        method = snake(&op.name),
        params = params(&op.args),
        ret = rust_type(&op.ret),
        convert_args = convert_args(&op.args),
        convert_result = convert_result(defs, &op.ret),
        c_op = c_literal(&op.name),
    );
    let shape = CallbackShape {
        name,
        kind: "callback interface",
        call_method,
        accept: "from_object_value",
        expected: "an object",
    };
    emit_callback(shape)
}
