//! Pair iterators (`iterable<K, V>` declarations): `entries()`, `keys()`, `values()`,
//! `forEach()` and `@@iterator`, over a snapshot of the object's value pairs.
//!
//! <https://webidl.spec.whatwg.org/#idl-iterable>
//!
//! The iterator objects are the engine's Array Iterators over the snapshot rather than
//! "`Name` Iterator" objects reading the live pairs: they iterate the same values in the same
//! order, but an iterator does not see pairs added while it runs.

use crate::conversions::{call_function, get_member, is_callable, new_array};
use crate::error::{Error, Fallible};
use crate::root::RootedValue;
use crate::Cx;

/// What an iterator yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IterationKind {
    /// `[key, value]` arrays (`entries()`, `@@iterator`).
    Entries,
    Keys,
    Values,
}

/// An iterator over `pairs` yielding what `kind` says.
/// <https://webidl.spec.whatwg.org/#es-iterable-entries>
pub fn iterator(cx: &mut Cx, pairs: &[(RootedValue, RootedValue)], kind: IterationKind) -> Fallible<RootedValue> {
    let items = pairs
        .iter()
        .map(|(key, value)| match kind {
            IterationKind::Entries => new_array(cx, &[key.clone(), value.clone()]).map(|a| a.to_value()),
            IterationKind::Keys => Ok(key.clone()),
            IterationKind::Values => Ok(value.clone()),
        })
        .collect::<Fallible<Vec<_>>>()?;
    let array = new_array(cx, &items)?;
    // The array's %Array.prototype.values%, which is its @@iterator.
    let values = get_member(cx, &array, c"values")?;
    call_function(cx, array.to_value().handle(), values.handle(), &[])
}

/// `forEach(callback, thisArg)`: calls `callback(value, key, object)` with `thisArg` for each
/// pair, in order; an exception it throws ends the loop and propagates.
/// <https://webidl.spec.whatwg.org/#es-forEach>
pub fn for_each(
    cx: &mut Cx,
    object: &RootedValue,
    pairs: &[(RootedValue, RootedValue)],
    callback: &RootedValue,
    this_arg: &RootedValue,
) -> Fallible<()> {
    // 4. If IsCallable(callbackFn) is false, throw a TypeError.
    if !is_callable(callback.handle()) {
        return Err(Error::type_error("forEach: the callback is not a function"));
    }
    for (key, value) in pairs {
        call_function(cx, this_arg.handle(), callback.handle(), &[value.clone(), key.clone(), object.clone()])?;
    }
    Ok(())
}
