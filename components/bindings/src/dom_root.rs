//! References to DOM objects from Rust: rooted ([`DomRoot`]) and traced ([`Dom`]), and the
//! checked casts between an interface and its ancestors ([`Castable`], [`DerivedFrom`]).

use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

use mozjs::rust::{HandleObject, HandleValue};

use crate::reflector::{dom_class_of, private_ptr, unwrap_dom_object, DomInterface};
use crate::root::{RootedObject, RootedValue, Trace, TracedObject, Tracer};

/// `Self` is interface `T` or derives from it: its struct starts with `T`'s. Generated for every
/// interface and each of its ancestors as a field access (`&self.node.event_target`), so the
/// upcast is checked by the compiler and involves no pointer cast. Every interface is derived
/// from itself.
pub trait DerivedFrom<T> {
    fn as_ancestor(&self) -> &T;
}

impl<T: DomInterface> DerivedFrom<T> for T {
    fn as_ancestor(&self) -> &T {
        self
    }
}

/// Casts between DOM interfaces (Servo's `Castable`): `upcast` is free and checked at compile
/// time; `is` and `downcast` check the object's class at run time.
pub trait Castable: DomInterface {
    /// This object as its ancestor interface `U`.
    fn upcast<U>(&self) -> &U
    where
        Self: DerivedFrom<U>,
    {
        self.as_ancestor()
    }

    /// Whether this object implements interface `D` (a descendant of this interface).
    fn is<D: DomInterface + DerivedFrom<Self>>(&self) -> bool {
        self.downcast::<D>().is_some()
    }

    /// This object as the descendant interface `D`, if it implements it.
    fn downcast<D: DomInterface + DerivedFrom<Self>>(&self) -> Option<&D> {
        let object = self.reflector().get();
        if object.is_null() {
            return None;
        }
        // SAFETY: the reflector of a DOM object is alive while the DOM object is, and `self`
        // is borrowed for the whole call.
        let (class, object) = unsafe { dom_class_of(object) }?;
        if !class.implements(D::ID, D::DEPTH) {
            return None;
        }
        // SAFETY: `object` has a DOM class, so it has the DOM object slot.
        let dom = unsafe { private_ptr(object) } as *const Self;
        if !std::ptr::eq(dom, self) {
            // `self` is not the object its reflector owns (only the bindings set reflectors,
            // so this does not happen; refusing keeps the cast below sound regardless).
            return None;
        }
        // SAFETY: the reflector's class says the box it owns holds a D (or a descendant of D),
        // and `self` is the start of that box, so it is the start of a D: D's struct starts
        // with Self's (the layout the generated code asserts for every interface). The borrow
        // keeps the box alive as long as `self`.
        Some(unsafe { &*(dom as *const D) })
    }
}

impl<T: DomInterface> Castable for T {}

/// A rooted reference to a DOM object: keeps it (and its JS object) alive while held.
pub struct DomRoot<T: DomInterface> {
    object: RootedObject,
    /// The DOM object: a box owned by `object`, alive while `object` is rooted.
    dom: NonNull<T>,
    _t: PhantomData<T>,
}

impl<T: DomInterface> DomRoot<T> {
    /// Roots the object `this` reflects.
    ///
    /// # Panics
    /// If `this` has no reflector yet (it is still being constructed).
    pub fn from_ref(this: &T) -> DomRoot<T> {
        let object = this.reflector().get();
        assert!(!object.is_null(), "DomRoot::from_ref on a {} that is not reflected yet", T::NAME);
        // The object owns `this` (only the bindings set reflectors, when they give it the box),
        // so rooting it keeps `this` alive.
        DomRoot { object: RootedObject::new(object), dom: NonNull::from(this), _t: PhantomData }
    }

    /// The DOM object `object` reflects, if it implements `T`.
    pub fn from_object(object: &RootedObject) -> Option<DomRoot<T>> {
        // SAFETY: a RootedObject holds null or a live object, rooted while we use it.
        let this = unsafe { unwrap_dom_object::<T>(object.get()) }?;
        Some(DomRoot { object: object.clone(), dom: NonNull::from(this), _t: PhantomData })
    }

    /// The DOM object a value is, if it is an object implementing `T`.
    pub fn from_value(value: HandleValue) -> Option<DomRoot<T>> {
        RootedObject::from_value(value).as_ref().and_then(DomRoot::from_object)
    }

    /// The JS object (rooted again).
    pub fn reflector_object(&self) -> RootedObject {
        self.object.clone()
    }

    /// The JS object as a value.
    pub fn to_value(&self) -> RootedValue {
        self.object.to_value()
    }

    pub fn handle(&self) -> HandleObject<'_> {
        self.object.handle()
    }

    /// The root as its ancestor interface `U` (an associated function, as in Servo, so that
    /// `root.upcast()` stays [`Castable::upcast`], which borrows).
    pub fn upcast<U: DomInterface>(root: DomRoot<T>) -> DomRoot<U>
    where
        T: DerivedFrom<U>,
    {
        let dom = NonNull::from((*root).as_ancestor());
        DomRoot { object: root.object, dom, _t: PhantomData }
    }

    /// The root as the descendant interface `D`, if its object implements it.
    pub fn downcast<D: DomInterface + DerivedFrom<T>>(root: DomRoot<T>) -> Option<DomRoot<D>> {
        DomRoot::from_object(&root.object)
    }
}

impl<T: DomInterface> Clone for DomRoot<T> {
    fn clone(&self) -> Self {
        DomRoot { object: self.object.clone(), dom: self.dom, _t: PhantomData }
    }
}

impl<T: DomInterface> Deref for DomRoot<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: `dom` is the box `object` owns; `object` is rooted while `self` lives, so the
        // finalizer has not run and the box is alive (boxes do not move when the GC moves the
        // JS object).
        unsafe { self.dom.as_ref() }
    }
}

impl<T: DomInterface> Trace for DomRoot<T> {
    /// A root keeps its object alive by itself.
    fn trace(&self, _: &Tracer) {}
}

/// A traced reference to a DOM object, for fields of other DOM objects: the owner's trace hook
/// reports it, which keeps the object alive while the owner is.
///
/// The rule the type system does not check (Servo has the same one): a `Dom` must be reachable
/// from something traced whenever a GC can run. Keep it in a traced field; to hold an object on
/// the stack across calls into JS, use [`DomRoot`] ([`Dom::root`]).
pub struct Dom<T: DomInterface> {
    object: TracedObject,
    dom: NonNull<T>,
    _t: PhantomData<T>,
}

impl<T: DomInterface> Dom<T> {
    /// # Panics
    /// If `this` has no reflector yet.
    pub fn from_ref(this: &T) -> Dom<T> {
        let root = DomRoot::from_ref(this);
        Dom { object: TracedObject::new(&root.object), dom: root.dom, _t: PhantomData }
    }

    pub fn root(&self) -> DomRoot<T> {
        DomRoot { object: self.object.root(), dom: self.dom, _t: PhantomData }
    }
}

impl<T: DomInterface> Deref for Dom<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: `dom` is the box the traced object owns; the object is alive while the `Dom`
        // is traced (the rule in the type's documentation).
        unsafe { self.dom.as_ref() }
    }
}

impl<T: DomInterface> Trace for Dom<T> {
    fn trace(&self, trc: &Tracer) {
        self.object.trace(trc)
    }
}
