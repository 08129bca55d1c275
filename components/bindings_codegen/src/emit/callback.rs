//! Callback functions and callback interfaces: a Rust struct holding the (traced) object, with
//! a typed method that converts the arguments, calls it, and converts the result.

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
                to_js(&a.ty, "item", "v.handle_mut()")
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

pub fn emit_function(defs: &Definitions, name: &str) -> String {
    let cb = &defs.callbacks[name];
    let lenient = if cb.treat_non_object_as_null {
        format!(
            r#"
impl {name} {{
    /// `[LegacyTreatNonObjectAsNull]`: any object is accepted; anything else is null.
    pub fn from_js_treating_non_objects_as_null(_cx: &mut Cx, value: HandleValue) -> rt::Fallible<Option<{name}>> {{
        Ok(value.is_object().then(|| {name}::new(value.to_object())))
    }}
}}
"#
        )
    } else {
        String::new()
    };
    format!(
        r#"
/// The `{name}` callback function.
#[derive(Clone)]
pub struct {name} {{
    callback: Rc<rt::CallbackObject>,
}}

impl {name} {{
    pub fn new(object: *mut rt::JSObject) -> {name} {{
        {name} {{ callback: Rc::new(rt::CallbackObject::new(object)) }}
    }}

    pub fn callback(&self) -> &rt::CallbackObject {{
        &self.callback
    }}

    /// Invokes the callback function with `this`.
    pub fn call(&self, cx: &mut Cx, this: HandleValue{params}) -> rt::Fallible<{ret}> {{
        {convert_args}
        let result = self.callback.call(cx, this, &args)?;
        {convert_result}
    }}
}}
{lenient}
impl rt::Trace for {name} {{
    fn trace(&self, trc: &rt::Tracer) {{
        self.callback.trace(trc)
    }}
}}

impl rt::FromJs for {name} {{
    fn from_js(_cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
        if rt::conversions::is_callable(value) {{
            Ok({name}::new(value.to_object()))
        }} else {{
            Err(rt::Error::type_error(format!("The provided value is not a function (expected {{}})", {name_literal})))
        }}
    }}
}}

impl rt::ToJs for {name} {{
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> rt::Fallible<()> {{
        rt::ToJs::to_js(&self.callback.value(), cx, rval)
    }}
}}
"#,
        params = params(&cb.args),
        ret = rust_type(&cb.ret),
        convert_args = convert_args(&cb.args),
        convert_result = convert_result(defs, &cb.ret),
        name_literal = string_literal(name),
    )
}

pub fn emit_interface(defs: &Definitions, name: &str) -> String {
    let cb = &defs.callback_interfaces[name];
    let op = &cb.operation;
    format!(
        r#"
/// The `{name}` callback interface.
#[derive(Clone)]
pub struct {name} {{
    callback: Rc<rt::CallbackObject>,
}}

impl {name} {{
    pub fn new(object: *mut rt::JSObject) -> {name} {{
        {name} {{ callback: Rc::new(rt::CallbackObject::new(object)) }}
    }}

    pub fn callback(&self) -> &rt::CallbackObject {{
        &self.callback
    }}

    /// Calls the user object's `{op_name}` operation (or the object itself if callable), with
    /// `this` when the object is callable.
    pub fn {method}(&self, cx: &mut Cx, this: HandleValue{params}) -> rt::Fallible<{ret}> {{
        {convert_args}
        let result = self.callback.call_operation(cx, {c_op}, this, &args)?;
        {convert_result}
    }}
}}

impl rt::Trace for {name} {{
    fn trace(&self, trc: &rt::Tracer) {{
        self.callback.trace(trc)
    }}
}}

impl rt::FromJs for {name} {{
    fn from_js(_cx: &mut Cx, value: HandleValue) -> rt::Fallible<{name}> {{
        if value.is_object() {{
            Ok({name}::new(value.to_object()))
        }} else {{
            Err(rt::Error::type_error(format!("The provided value is not an object (expected {{}})", {name_literal})))
        }}
    }}
}}

impl rt::ToJs for {name} {{
    fn to_js(&self, cx: &mut Cx, rval: MutableHandleValue) -> rt::Fallible<()> {{
        rt::ToJs::to_js(&self.callback.value(), cx, rval)
    }}
}}
"#,
        op_name = op.name,
        method = snake(&op.name),
        params = params(&op.args),
        ret = rust_type(&op.ret),
        convert_args = convert_args(&op.args),
        convert_result = convert_result(defs, &op.ret),
        c_op = c_literal(&op.name),
        name_literal = string_literal(name),
    )
}
