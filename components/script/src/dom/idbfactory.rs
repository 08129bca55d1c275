//! The `IDBFactory` interface: `indexedDB`.
//! <https://w3c.github.io/IndexedDB/#factory-interface>

use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, Promise, Reflector, RootedValue, ToJs, Trace, Tracer};

use crate::dom::bindings::generated::IDBFactoryMethods;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::idbopendbrequest::IDBOpenDBRequest;
use crate::indexeddb::keys::required_key;
use crate::indexeddb::{dom_error, origin_of};

#[repr(C)]
pub struct IDBFactory {
    pub(crate) reflector: Reflector,
}

impl Trace for IDBFactory {
    fn trace(&self, _trc: &Tracer) {}
}

impl IDBFactory {
    /// The global's factory (`[SameObject]`).
    pub fn for_global(cx: &mut Cx, global: &GlobalRoot) -> Fallible<DomRoot<IDBFactory>> {
        let slot = &global.indexed_db.factory;
        if let Some(factory) = slot.borrow().as_ref() {
            return Ok(factory.root());
        }
        let proto = bindings::interface::prototype_for(cx, <IDBFactory as bindings::DomInterface>::ID)?;
        let factory = bindings::reflector::reflect_dom_object(
            cx,
            Box::new(IDBFactory { reflector: Reflector::new() }),
            proto.handle(),
        )?;
        *slot.borrow_mut() = Some(bindings::Dom::from_ref(&*factory));
        Ok(factory)
    }
}

/// `[EnforceRange] unsigned long long`: an integer in 0..=2^53-1, else a TypeError.
/// <https://webidl.spec.whatwg.org/#abstract-opdef-converttoint>
pub fn enforce_range_u64(cx: &mut Cx, value: &RootedValue, what: &str) -> Fallible<u64> {
    let number = <f64 as bindings::FromJs>::from_js(cx, value.handle())?;
    if !number.is_finite() {
        return Err(Error::type_error(format!("{what} must be a finite number")));
    }
    let number = number.trunc();
    if !(0.0..=9_007_199_254_740_991.0).contains(&number) {
        return Err(Error::type_error(format!("{what} is out of range")));
    }
    Ok(number as u64)
}

impl IDBFactoryMethods for IDBFactory {
    /// <https://w3c.github.io/IndexedDB/#dom-idbfactory-open>
    fn open(&self, cx: &mut Cx, name: String, version: Option<RootedValue>) -> Fallible<DomRoot<IDBOpenDBRequest>> {
        // ([EnforceRange] unsigned long long version.)
        let version = match version {
            Some(v) if !v.is_undefined() => Some(enforce_range_u64(cx, &v, "the version")?),
            _ => None,
        };
        // 1. If version is 0 (zero), throw a TypeError.
        if version == Some(0) {
            return Err(Error::type_error("the version must be at least 1"));
        }
        // 2-3. Let environment be this's relevant settings object; let storageKey be the result
        //      of obtaining a storage key (failure: "SecurityError").
        let global = GlobalRoot::of(self)?;
        let origin = origin_of(&global)?;
        // 4-6. Let request be a new open request; in parallel open a database connection;
        //      return a new IDBOpenDBRequest object for request.
        crate::indexeddb::open::open(cx, origin, &name, version)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbfactory-deletedatabase>
    fn delete_database(&self, cx: &mut Cx, name: String) -> Fallible<DomRoot<IDBOpenDBRequest>> {
        let global = GlobalRoot::of(self)?;
        let origin = origin_of(&global)?;
        crate::indexeddb::open::delete(cx, origin, &name)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbfactory-databases>
    fn databases(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let global = GlobalRoot::of(self)?;
        // 3. If storageKey is failure, return a promise rejected with a "SecurityError".
        let databases = origin_of(&global).and_then(|origin| origin.databases().map_err(dom_error));
        match databases {
            // 5.3. Queue a database task to resolve p with the list of each database's name and
            //      version.
            Ok(list) => {
                let mut infos = Vec::with_capacity(list.len());
                for (name, version) in list {
                    // An IDBDatabaseInfo dictionary: { name, version }.
                    let info = bindings::conversions::new_object(cx)?;
                    let (mut name_value, mut version_value) = (RootedValue::undefined(), RootedValue::undefined());
                    name.to_js(cx, name_value.handle_mut())?;
                    (version as f64).to_js(cx, version_value.handle_mut())?;
                    bindings::conversions::set_member(cx, &info, c"name", &name_value)?;
                    bindings::conversions::set_member(cx, &info, c"version", &version_value)?;
                    infos.push(info.to_value());
                }
                let array = bindings::conversions::new_array(cx, &infos)?.to_value();
                promise.resolve(cx, &array)?;
            }
            Err(error) => promise.reject(cx, error)?,
        }
        Ok(promise)
    }

    /// <https://w3c.github.io/IndexedDB/#dom-idbfactory-cmp>
    fn cmp(&self, cx: &mut Cx, first: RootedValue, second: RootedValue) -> Fallible<i16> {
        // 1-4. Convert both to keys; DataError if either is invalid.
        let a = required_key(cx, &first, "the first value")?;
        let b = required_key(cx, &second, "the second value")?;
        // 5. Return the results of comparing two keys with a and b.
        Ok(match a.cmp(&b) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        })
    }
}
